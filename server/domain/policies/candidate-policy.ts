/**
 * Checking a candidate policy an admin sets for a certification (the policy itself and how check-in reads it
 * are in eligibility.ts). A problem is a value with the JSON pointer of the field at fault, so the form can
 * show it at that field; the use case refuses the whole policy when there is any.
 */
import type { CandidatePolicy } from './eligibility.js';

/** Longest waiting period after a failure: one year, in hours. */
export const MAX_RETAKE_WAIT_HOURS = 365 * 24;

/** Most waiting periods a policy lists (one per failure number; the last repeats). */
export const MAX_RETAKE_WAITS = 10;

/** Highest yearly attempt limit (beyond it, "no limit" says what is meant). */
export const MAX_ATTEMPTS_PER_YEAR = 100;

/** Most prerequisites of one certification. */
export const MAX_PREREQUISITES = 20;

/** What is wrong with one field of a policy. */
export interface PolicyProblem {
  /** JSON pointer into the policy, e.g. `/prerequisites/1`. */
  readonly path: string;
  readonly rule: string;
  /** Follows the field's name in a sentence: "Prerequisites: a certification cannot require itself". */
  readonly message: string;
}

/** A certification of the programme as the check needs it: its title and its current prerequisites. */
export interface ProgrammeCertification {
  readonly title: string;
  readonly prerequisites: readonly string[];
}

/**
 * Whether `from` reaches `target` by following prerequisites (depth first over a finite graph; `seen` keeps
 * a cycle among other certifications from looping).
 */
function requires(
  from: string,
  target: string,
  programme: ReadonlyMap<string, ProgrammeCertification>,
  seen = new Set<string>(),
): boolean {
  if (from === target) return true;
  if (seen.has(from)) return false;
  seen.add(from);
  return (programme.get(from)?.prerequisites ?? []).some((next) => requires(next, target, programme, seen));
}

const isWhole = (value: number, min: number, max: number) =>
  Number.isInteger(value) && value >= min && value <= max;

/**
 * The problems of a policy for certification `certificationId`, in field order; none when it may be saved.
 * `programme` holds every certification of the same programme (tenant) with its current prerequisites:
 * a prerequisite must be one of them, not the certification itself, listed once, and must not already
 * require this certification (directly or through others), or neither could ever be earned.
 */
export function checkCandidatePolicy(
  certificationId: string,
  policy: CandidatePolicy,
  programme: ReadonlyMap<string, ProgrammeCertification>,
): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  if (policy.prerequisites.length > MAX_PREREQUISITES)
    problems.push({
      path: '/prerequisites',
      rule: 'maxItems',
      message: `list at most ${MAX_PREREQUISITES} certifications`,
    });
  policy.prerequisites.forEach((required, index) => {
    const path = `/prerequisites/${index}`;
    const other = programme.get(required);
    if (required === certificationId)
      problems.push({ path, rule: 'self_prerequisite', message: 'a certification cannot require itself' });
    else if (!other)
      problems.push({
        path,
        rule: 'unknown_certification',
        message: 'names no certification of this programme',
      });
    else if (policy.prerequisites.indexOf(required) !== index)
      problems.push({ path, rule: 'uniqueItems', message: `lists ${other.title} twice` });
    else if (requires(required, certificationId, programme))
      problems.push({
        path,
        rule: 'prerequisite_cycle',
        message: `${other.title} already requires this certification, so neither could ever be earned`,
      });
  });
  if (policy.retakeWaitHours.length > MAX_RETAKE_WAITS)
    problems.push({
      path: '/retakeWaitHours',
      rule: 'maxItems',
      message: `list at most ${MAX_RETAKE_WAITS} waiting periods`,
    });
  policy.retakeWaitHours.forEach((hours, index) => {
    if (!isWhole(hours, 0, MAX_RETAKE_WAIT_HOURS))
      problems.push({
        path: `/retakeWaitHours/${index}`,
        rule: 'range',
        message: `enter a whole number of hours from 0 to ${MAX_RETAKE_WAIT_HOURS} (one year)`,
      });
  });
  const limit = policy.maxAttemptsPerYear;
  if (limit !== null && !isWhole(limit, 1, MAX_ATTEMPTS_PER_YEAR))
    problems.push({
      path: '/maxAttemptsPerYear',
      rule: 'range',
      message: `enter a whole number from 1 to ${MAX_ATTEMPTS_PER_YEAR}, or choose no limit`,
    });
  return problems;
}
