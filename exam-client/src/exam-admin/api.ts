/** API calls of the admin side of exam delivery (server/http/routes/exam-admin.ts and the void route). */
import { downloadFile, request } from '../api';
import type {
  Accommodation,
  AdminAttempt,
  AppliedToAttempt,
  AttemptFilters,
  CandidatePolicy,
  CandidatePolicyView,
  EligibilityException,
  LoggedResponse,
  VoucherPool,
  VoucherPoolInput,
  WaivableRule,
} from './types';

const enc = encodeURIComponent;
const certificationPath = (id: string) => `/api/v1/certifications/${enc(id)}`;

/** A certification's candidate policy (the defaults until one is saved). */
export const getCandidatePolicy = (certificationId: string) =>
  request<CandidatePolicyView>('GET', `${certificationPath(certificationId)}/candidate-policy`);

/** Save a certification's candidate policy; a 400 names the fields (`/prerequisites/0`, `/retakeWaitHours/1`…). */
export const saveCandidatePolicy = (certificationId: string, policy: CandidatePolicy) =>
  request<CandidatePolicyView>('PUT', `${certificationPath(certificationId)}/candidate-policy`, {
    body: policy,
  });

/** A certification's voucher pools, newest first. */
export const listVoucherPools = (certificationId: string) =>
  request<{ pools: VoucherPool[] }>('GET', `${certificationPath(certificationId)}/voucher-pools`);

/** Create a voucher pool; its codes come only as the pool's CSV. */
export const createVoucherPool = (certificationId: string, input: VoucherPoolInput) =>
  request<{ pool: VoucherPool }>('POST', `${certificationPath(certificationId)}/voucher-pools`, {
    body: input,
  });

/** A pool's codes as a CSV file. */
export const downloadVoucherCodes = (pool: VoucherPool) =>
  downloadFile(`/api/v1/voucher-pools/${enc(pool.id)}/codes.csv`, 'voucher-codes.csv');

/** The filters as a query string ('' without any). */
function filterQuery(filters: AttemptFilters, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams(extra);
  for (const [name, value] of Object.entries(filters)) if (value) query.set(name, value);
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** A certification's attempts and results, newest first (at most `limit`). */
export const listAttempts = (certificationId: string, filters: AttemptFilters, limit = 200) =>
  request<{ attempts: AdminAttempt[] }>(
    'GET',
    `${certificationPath(certificationId)}/attempts${filterQuery(filters, { limit: String(limit) })}`,
  );

/** The same attempts as a CSV file. */
export const downloadAttempts = (certificationId: string, filters: AttemptFilters) =>
  downloadFile(`${certificationPath(certificationId)}/attempts.csv${filterQuery(filters)}`, 'attempts.csv');

/** One attempt's response log. */
export const getResponseLog = (attemptId: string) =>
  request<{ attempt: AdminAttempt; responses: LoggedResponse[] }>(
    'GET',
    `/api/v1/attempts/${enc(attemptId)}/response-log`,
  );

/** One attempt's response log as a CSV file. */
export const downloadResponseLog = (attemptId: string) =>
  downloadFile(`/api/v1/attempts/${enc(attemptId)}/response-log.csv`, 'responses.csv');

/** Void a live attempt with a reason; a technical fault gives its voucher back. */
export const voidAttempt = (attemptId: string, input: { reason: string; technicalFault: boolean }) =>
  request<{ attempt: { id: string; status: string; voidReason: string | null } }>(
    'POST',
    `/api/v1/attempts/${enc(attemptId)}/void`,
    { body: input },
  );

/** A candidate's accommodations at each certification. */
export const listAccommodations = (userId: string) =>
  request<{ accommodations: Accommodation[] }>('GET', `/api/v1/users/${enc(userId)}/accommodations`);

/** Set a candidate's accommodation at a certification; a live attempt gets it at once. */
export const setAccommodation = (
  userId: string,
  certificationId: string,
  input: { extraTimePercent: number; extraTimeMinutes: number; breaksAllowed: number; note: string | null },
) =>
  request<{ accommodation: Accommodation; appliedTo: AppliedToAttempt | null }>(
    'PUT',
    `/api/v1/users/${enc(userId)}/accommodations/${enc(certificationId)}`,
    { body: input },
  );

/** Open eligibility exceptions of one candidate. */
export const listExceptions = (userId: string) =>
  request<{ exceptions: EligibilityException[] }>(
    'GET',
    `/api/v1/eligibility-exceptions?userId=${enc(userId)}`,
  );

/** Take back an exception no check-in has used yet. */
export const revokeException = (id: string) =>
  request<void>('DELETE', `/api/v1/eligibility-exceptions/${enc(id)}`);

/** Waive one rule for a candidate's next check-in at a certification. */
export const grantException = (input: {
  userId: string;
  certificationId: string;
  rule: WaivableRule;
  reason: string;
}) => request<{ exception: EligibilityException }>('POST', '/api/v1/eligibility-exceptions', { body: input });
