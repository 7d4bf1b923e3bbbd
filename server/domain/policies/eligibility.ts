/**
 * Whether a candidate may sit a certification's exam now, and if not, exactly why and from when. A verdict is
 * a value (STYLE.md): every rule that stands in the way is listed, each with its own message, so the catalogue
 * can say "you may retake from 14 March 2027, 09:00" rather than "not eligible".
 */
import { isCheckInFresh } from '../assessment/attempt.js';
import { instantInWords } from '../calendar.js';
import { addMonthsUtc } from '../credentials/credential-status.js';

/** Per-certification rules for candidates, set by admins. */
export interface CandidatePolicy {
  /** Certifications the candidate must hold (active) first. */
  readonly prerequisites: readonly string[];
  /**
   * Hours to wait after a failed attempt, by the number of failures since the last pass: the first entry
   * after the first failure, the second after the second, the last one for every failure after that.
   */
  readonly retakeWaitHours: readonly number[];
  /** At most this many attempts in any rolling 12 months; null for no limit. */
  readonly maxAttemptsPerYear: number | null;
  /** An exam voucher must be redeemed to start. */
  readonly voucherRequired: boolean;
}

/** The policy a certification has until an admin sets one: 24 hours after a failure, then 14 days. */
export const DEFAULT_CANDIDATE_POLICY: CandidatePolicy = {
  prerequisites: [],
  retakeWaitHours: [24, 14 * 24],
  maxAttemptsPerYear: 3,
  voucherRequired: false,
};

/**
 * A rule that can keep a candidate from starting; an admin can waive each for one candidate but `live_attempt`
 * and `result_pending`.
 */
export type EligibilityRule =
  | 'live_attempt'
  | 'result_pending'
  | 'already_certified'
  | 'prerequisite'
  | 'retake_wait'
  | 'attempt_limit'
  | 'voucher';

/** The rules an admin may grant an exception to. */
export const WAIVABLE_RULES = [
  'already_certified',
  'prerequisite',
  'retake_wait',
  'attempt_limit',
  'voucher',
] as const satisfies readonly EligibilityRule[];

/** One of WAIVABLE_RULES. */
export type WaivableRule = (typeof WAIVABLE_RULES)[number];

/** An earlier attempt of this candidate at this certification, as far as the rules care. */
export interface PastAttempt {
  readonly id: string;
  readonly status: 'checked_in' | 'in_progress' | 'paused' | 'submitted' | 'scored' | 'voided';
  /** When it began (check-in); attempts count towards the yearly limit from here. */
  readonly checkedInAt: Date;
  /** When it ended (the finish time, which is the deadline for an attempt the sweep submitted). */
  readonly finishedAt: Date | null;
  /** The outcome once scored; null before. */
  readonly passed: boolean | null;
}

/** A credential the candidate holds, with its status now. */
export interface HeldCredential {
  readonly certificationId: string;
  /** Whether it counts now (active or expiring; not expired, suspended or revoked). */
  readonly valid: boolean;
  readonly expiresAt: Date | null;
}

/** Everything the verdict depends on. */
export interface EligibilityFacts {
  readonly certificationId: string;
  readonly policy: CandidatePolicy;
  readonly attempts: readonly PastAttempt[];
  readonly credentials: readonly HeldCredential[];
  /** Rules an admin waived for this candidate and certification. */
  readonly exceptions: ReadonlySet<WaivableRule>;
  /** Titles of certifications, to name prerequisites in words. */
  readonly titles: ReadonlyMap<string, string>;
  readonly now: Date;
}

/** One reason a candidate cannot start now; `from` when it stops applying by itself. */
export interface Obstacle {
  readonly rule: EligibilityRule;
  readonly message: string;
  readonly from?: Date;
}

/** The verdict: may start now, or the obstacles (and the earliest start when time alone removes them). */
export interface EligibilityVerdict {
  readonly eligible: boolean;
  readonly obstacles: readonly Obstacle[];
  /** When every obstacle is one that time removes: the earliest instant the candidate may start. */
  readonly earliestStart: Date | null;
  /** A voucher will be asked for (and is not waived). */
  readonly voucherRequired: boolean;
  /** The attempt already running, which the candidate should resume instead. */
  readonly liveAttemptId: string | null;
}

const HOUR_MS = 3_600_000;

/** When an attempt begun at `at` stops counting towards the limit: 12 calendar months later. */
const yearAfter = (at: Date) => addMonthsUtc(at, 12);

/** Failures since the last pass, newest last: the ones a waiting period counts. */
function failuresSinceLastPass(attempts: readonly PastAttempt[]): PastAttempt[] {
  const scored = attempts
    .filter((a) => a.status === 'scored' && a.finishedAt !== null)
    .sort((a, b) => (a.finishedAt as Date).getTime() - (b.finishedAt as Date).getTime());
  const lastPass = scored.map((a) => a.passed).lastIndexOf(true);
  return scored.slice(lastPass + 1).filter((a) => a.passed === false);
}

/** The waiting-period obstacle after the latest failure, if it still runs at `now`. */
function retakeWait(facts: EligibilityFacts): Obstacle | undefined {
  const failures = failuresSinceLastPass(facts.attempts);
  const waits = facts.policy.retakeWaitHours;
  const latest = failures.at(-1);
  if (!latest || waits.length === 0) return undefined;
  const hours = waits[Math.min(failures.length, waits.length) - 1] as number;
  const from = new Date((latest.finishedAt as Date).getTime() + hours * HOUR_MS);
  if (from <= facts.now) return undefined;
  return { rule: 'retake_wait', message: `You may retake from ${instantInWords(from)}`, from };
}

/**
 * The yearly-limit obstacle: attempts (not voided) that began in the last 12 months, counted in calendar months
 * (an attempt of 10 March counts until 10 March a year on, across a leap day or not).
 */
function attemptLimit(facts: EligibilityFacts): Obstacle | undefined {
  const limit = facts.policy.maxAttemptsPerYear;
  if (limit === null) return undefined;
  const now = facts.now.getTime();
  const counted = facts.attempts
    .filter((a) => a.status !== 'voided' && yearAfter(a.checkedInAt).getTime() > now)
    .map((a) => a.checkedInAt)
    .sort((a, b) => a.getTime() - b.getTime());
  if (counted.length < limit) return undefined;
  // The limit frees a place once the oldest attempts that keep it full are 12 months old.
  const from = yearAfter(counted[counted.length - limit] as Date);
  return {
    rule: 'attempt_limit',
    message: `You have used all ${limit} attempts allowed in 12 months; your next attempt is possible from ${instantInWords(from)}`,
    from,
  };
}

/** Decides whether the candidate may start an attempt now. */
export function decideEligibility(facts: EligibilityFacts): EligibilityVerdict {
  const waived = facts.exceptions;
  const obstacles: Obstacle[] = [];
  // A check-in never begun within its freshness is no longer live: the next check-in voids it.
  const live = facts.attempts.find(
    (a) =>
      a.status === 'in_progress' ||
      a.status === 'paused' ||
      (a.status === 'checked_in' && isCheckInFresh(a.checkedInAt, facts.now)),
  );
  if (live)
    obstacles.push({
      rule: 'live_attempt',
      message: 'You have an attempt at this exam in progress: resume it',
    });
  // Submitted, not scored yet (a matter of moments): its outcome decides the waiting period and the limit.
  if (facts.attempts.some((a) => a.status === 'submitted'))
    obstacles.push({
      rule: 'result_pending',
      message: 'Your last attempt is being scored: its result decides when you may sit the exam again',
    });
  const held = facts.credentials.find((c) => c.certificationId === facts.certificationId && c.valid);
  if (held && !waived.has('already_certified')) {
    obstacles.push({
      rule: 'already_certified',
      message: held.expiresAt
        ? `You already hold this certification, valid until ${instantInWords(held.expiresAt)}`
        : 'You already hold this certification',
    });
  }
  if (!waived.has('prerequisite')) {
    for (const required of facts.policy.prerequisites) {
      if (facts.credentials.some((c) => c.certificationId === required && c.valid)) continue;
      const title = facts.titles.get(required) ?? 'another certification';
      obstacles.push({ rule: 'prerequisite', message: `You first need to hold ${title}` });
    }
  }
  const timed = [
    waived.has('retake_wait') ? undefined : retakeWait(facts),
    waived.has('attempt_limit') ? undefined : attemptLimit(facts),
  ].filter((o): o is Obstacle => o !== undefined);
  obstacles.push(...timed);
  const onlyTime = obstacles.length > 0 && obstacles.every((o) => o.from !== undefined);
  const earliest = onlyTime ? new Date(Math.max(...obstacles.map((o) => (o.from as Date).getTime()))) : null;
  return {
    eligible: obstacles.length === 0,
    obstacles,
    earliestStart: earliest,
    voucherRequired: facts.policy.voucherRequired && !waived.has('voucher'),
    liveAttemptId: live?.id ?? null,
  };
}
