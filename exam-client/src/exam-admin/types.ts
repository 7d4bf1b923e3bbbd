import type { AttemptStatus } from '../types';
/** Shapes of the admin side of exam delivery, as the API sends them (server/http/exam-admin-schemas.ts). */
import type { WaivableRule } from '../../../server/domain/policies/eligibility.js';

export type { WaivableRule };

/** A certification's rules for candidates. */
export interface CandidatePolicy {
  prerequisites: string[];
  retakeWaitHours: number[];
  maxAttemptsPerYear: number | null;
  voucherRequired: boolean;
}

/** The policy of one certification, and whether the defaults still apply. */
export interface CandidatePolicyView {
  certificationId: string;
  policy: CandidatePolicy;
  custom: boolean;
}

/** A voucher pool with its counts. */
export interface VoucherPool {
  id: string;
  certificationId: string;
  certificationCode: string;
  name: string;
  partnerRef: string | null;
  expiresOn: string;
  expiresAt: string;
  expired: boolean;
  usesPerCode: number;
  codes: number;
  used: number;
  remaining: number;
  createdAt: string;
}

/** What the pool form sends. */
export interface VoucherPoolInput {
  name: string;
  partnerRef?: string;
  expiresOn: string;
  codes: number;
  usesPerCode: number;
}

/** Where an attempt stands. */
export type { AttemptStatus } from '../types';

/** An attempt as admins see it. */
export interface AdminAttempt {
  id: string;
  certificationId: string;
  certificationCode: string;
  candidate: { id: string; name: string; email: string };
  status: AttemptStatus;
  mode: 'fixed' | 'linear' | 'adaptive';
  checkedInAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  deadline: string | null;
  allowedMs: number;
  breaksAllowed: number;
  breaksTaken: number;
  answered: number;
  submittedBy: 'candidate' | 'deadline' | 'engine' | null;
  voidReason: string | null;
  technicalFault: boolean | null;
  result: {
    passed: boolean;
    scaledScore: number | null;
    percentCorrect: number;
    theta: number | null;
    se: number | null;
    scoredAt: string;
  } | null;
}

/** An outcome the attempt list filters by. */
export type AttemptOutcome = 'passed' | 'failed' | 'voided' | 'live';

/** Filters of the attempt list (check-in days, YYYY-MM-DD, both inclusive). */
export interface AttemptFilters {
  from?: string;
  to?: string;
  outcome?: AttemptOutcome;
}

/** One save of an attempt's response log. */
export interface LoggedResponse {
  seq: number;
  position: number;
  itemId: string;
  itemVersion: number;
  domain: string;
  scored: boolean;
  answer: Record<string, unknown> | null;
  marked: boolean;
  score: number | null;
  timeOnItemMs: number | null;
  theta: number | null;
  se: number | null;
  receivedAt: string;
}

/** A candidate's accommodation at one certification. */
export interface Accommodation {
  userId: string;
  certificationId: string;
  certificationCode: string;
  certificationTitle: string;
  extraTimePercent: number;
  extraTimeMinutes: number;
  breaksAllowed: number;
  note: string | null;
  updatedAt: string;
}

/** What an accommodation changed in the candidate's live attempt. */
export interface AppliedToAttempt {
  attemptId: string;
  status: AttemptStatus;
  allowedMs: number;
  breaksAllowed: number;
  deadline: string | null;
}

/** An open eligibility exception. */
export interface EligibilityException {
  id: string;
  candidate: { id: string; name: string; email: string };
  certification: { id: string; code: string; title: string };
  rule: WaivableRule;
  reason: string;
  grantedBy: string | null;
  grantedAt: string;
}
