/** Words and formats of the admin side of exam delivery. */
import { LIVE_STATUSES } from '../../../server/domain/assessment/attempt.js';
import { WAIVABLE_RULES } from '../../../server/domain/policies/eligibility.js';
import type { AttemptOutcome, AttemptStatus, WaivableRule } from './types';

/** Attempt statuses as admins read them. */
export const ATTEMPT_STATUS_LABELS = {
  checked_in: 'Checked in',
  in_progress: 'In progress',
  paused: 'Paused',
  submitted: 'Submitted',
  scored: 'Scored',
  voided: 'Voided',
} as const satisfies Record<AttemptStatus, string>;

/** Statuses an admin may still void: the live ones. */
export const VOIDABLE = LIVE_STATUSES;

/** The outcome filter's choices ('' for any). */
export const OUTCOME_OPTIONS: readonly { value: AttemptOutcome | ''; label: string }[] = [
  { value: '', label: 'Any outcome' },
  { value: 'passed', label: 'Passed' },
  { value: 'failed', label: 'Failed' },
  { value: 'voided', label: 'Voided' },
  { value: 'live', label: 'Not finished yet' },
];

/** The eligibility rules an admin may waive, in words. */
export const RULE_LABELS = {
  already_certified: 'Already holds this certification (sit it again)',
  prerequisite: 'Prerequisites not held',
  retake_wait: 'Waiting period after a failed attempt',
  attempt_limit: 'Attempts allowed in 12 months used up',
  voucher: 'Exam voucher (sit without one)',
} as const satisfies Record<WaivableRule, string>;

/** The waivable rules as options of a select. */
export const RULE_OPTIONS = WAIVABLE_RULES.map((value) => ({ value, label: RULE_LABELS[value] }));

/** A duration in minutes as people say it: "45 min", "1 h 7 min 30 s". */
export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts = [hours ? `${hours} h` : '', minutes ? `${minutes} min` : '', seconds ? `${seconds} s` : ''];
  return parts.filter(Boolean).join(' ') || '0 min';
}

/** "1 code", "25 codes". */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
