/**
 * The candidate-policy form's state and its reading into a policy: pure, so what the form accepts and the
 * sentences it says before sending are unit-tested (test/unit/client/exam-admin.test.ts).
 */
import { sentence } from '../field-errors';
import type { CandidatePolicy } from './types';

/** What the policy form holds: hours as text ("24, 336"), no limit as ''. */
export interface PolicyFormState {
  prerequisites: string[];
  waits: string;
  limit: string;
  voucherRequired: boolean;
}

/** The form's labels, by the JSON pointer of the value each sends. */
export const POLICY_LABELS = new Map([
  ['/prerequisites', 'Prerequisites'],
  ['/retakeWaitHours', 'Waiting hours after each failure'],
  ['/maxAttemptsPerYear', 'Attempts allowed in 12 months'],
  ['/voucherRequired', 'Voucher required'],
]);

/** The form's state for a stored policy. */
export function policyFormState(policy: CandidatePolicy): PolicyFormState {
  return {
    prerequisites: [...policy.prerequisites],
    waits: policy.retakeWaitHours.join(', '),
    limit: policy.maxAttemptsPerYear === null ? '' : String(policy.maxAttemptsPerYear),
    voucherRequired: policy.voucherRequired,
  };
}

/** A problem found before sending: the field's pointer and the sentence to show there. */
export interface FormProblem {
  pointer: string;
  sentence: string;
}

/**
 * The policy the form says, or what to fix first. Hours are whole numbers separated by commas, spaces or
 * semicolons; an empty limit means no limit. Bounds are the server's to check (it names the entry at fault).
 */
export function readPolicyForm(
  form: PolicyFormState,
): { policy: CandidatePolicy } | { problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const tokens = form.waits.split(/[\s,;]+/).filter((token) => token !== '');
  if (!tokens.every((token) => /^\d+$/.test(token)))
    problems.push({
      pointer: '/retakeWaitHours',
      sentence: sentence(
        POLICY_LABELS.get('/retakeWaitHours') as string,
        'enter whole numbers of hours separated by commas, such as 24, 336',
      ),
    });
  const limit = form.limit.trim();
  if (limit !== '' && !/^\d+$/.test(limit))
    problems.push({
      pointer: '/maxAttemptsPerYear',
      sentence: sentence(
        POLICY_LABELS.get('/maxAttemptsPerYear') as string,
        'enter a whole number, or leave it empty for no limit',
      ),
    });
  if (problems.length > 0) return { problems };
  return {
    policy: {
      prerequisites: [...form.prerequisites],
      retakeWaitHours: tokens.map(Number),
      maxAttemptsPerYear: limit === '' ? null : Number(limit),
      voucherRequired: form.voucherRequired,
    },
  };
}
