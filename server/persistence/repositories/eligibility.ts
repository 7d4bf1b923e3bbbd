import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { rowFromColumns, runPrepared, selectListText } from '../raw-rows.js';
import type { CertificationRow } from './certifications.js';
import type { PasskeyRow } from './passkeys.js';
import { accommodations, type attempts, certifications, eligibilityExceptions, passkeys } from '../schema.js';
import type { AccommodationRow } from './accommodations.js';

/** A stored exception to an eligibility rule. */
export type EligibilityExceptionRow = typeof eligibilityExceptions.$inferSelect;

/** One of a candidate's attempts (any certification) with its outcome, as the eligibility rules read it. */
export interface AttemptOutcome {
  readonly id: string;
  readonly certificationId: string;
  readonly status: (typeof attempts.$inferSelect)['status'];
  readonly checkedInAt: Date;
  readonly finishedAt: Date | null;
  /** null until scored. */
  readonly passed: boolean | null;
}

/** A credential an account holds, with the dates its status is computed from. */
export interface HeldCredential {
  readonly certificationId: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date | null;
  readonly suspendedAt: Date | null;
  readonly revokedAt: Date | null;
}

/** What the eligibility rules read of one candidate: attempts, credentials and exceptions no attempt used yet. */
export interface CandidateRecord {
  readonly attempts: AttemptOutcome[];
  readonly credentials: HeldCredential[];
  readonly exceptions: EligibilityExceptionRow[];
}

/** The three lists of a candidate's record as columns of a select: of the account `candidate` of tenant `tenant`. */
export const recordListsOf = (tenant: string, candidate: string) => `
  (select coalesce(json_agg(json_build_object('id', a.id, 'certificationId', a.certification_id,
      'status', a.status, 'checkedInAt', a.checked_in_at, 'finishedAt', a.finished_at, 'passed', r.passed)), '[]')
    from attempts a left join attempt_results r on r.tenant_id = a.tenant_id and r.attempt_id = a.id
    where a.tenant_id = ${tenant} and a.candidate_id = ${candidate}) as attempts,
  (select coalesce(json_agg(json_build_object('certificationId', c.certification_id, 'issuedAt', c.issued_at,
      'expiresAt', c.expires_at, 'suspendedAt', c.suspended_at, 'revokedAt', c.revoked_at)), '[]')
    from credentials c where c.tenant_id = ${tenant} and c.user_id = ${candidate}) as credentials,
  (select coalesce(json_agg(e), '[]') from eligibility_exceptions e
    where e.tenant_id = ${tenant} and e.user_id = ${candidate} and e.used_by_attempt_id is null) as exceptions`;
/** The record's lists of the tenant $1's account $2. */
const recordLists = recordListsOf('$1', '$2');
const recordText = `select ${recordLists}`;

const date = (value: unknown) => (value === null ? null : new Date(value as string));

/** A candidate's attempts, credentials and open exceptions, in one statement. */
export async function findCandidateRecord(
  ex: Executor,
  tenantId: string,
  candidateId: string,
): Promise<CandidateRecord> {
  const [row] = await runPrepared(ex, recordText, [tenantId, candidateId]);
  return recordOf(row as Record<string, unknown>);
}

/** What a check-in reads: the certification, the candidate's record, accommodation and passkeys. */
export interface CheckInFacts {
  readonly certification: CertificationRow;
  readonly record: CandidateRecord;
  /** The candidate's accommodation at this certification, if an admin set one. */
  readonly accommodation: AccommodationRow | undefined;
  /** The candidate's passkeys, oldest first. */
  readonly passkeys: PasskeyRow[];
}

let checkInText: string | undefined;

/**
 * The tenant's certification with that id, and the candidate's record (see `findCandidateRecord`),
 * accommodation there and passkeys, in one statement. Undefined when there is no such certification.
 */
export async function findCheckInFacts(
  ex: Executor,
  tenantId: string,
  certificationId: string,
  candidateId: string,
): Promise<CheckInFacts | undefined> {
  checkInText ??= `select ${selectListText(certifications, 'cert', 'cert_')}, ${recordLists},
    (select row_to_json(acc) from accommodations acc
      where acc.tenant_id = $1 and acc.user_id = $2 and acc.certification_id = $3) as accommodation,
    (select coalesce(json_agg(p order by p.created_at), '[]') from passkeys p
      where p.tenant_id = $1 and p.user_id = $2) as passkeys
    from certifications cert where cert.tenant_id = $1 and cert.id = $3`;
  const [row] = await runPrepared(ex, checkInText, [tenantId, candidateId, certificationId]);
  if (!row) return undefined;
  const accommodation = row.accommodation as Record<string, unknown> | null;
  return {
    certification: rowFromColumns(certifications, row, 'cert_'),
    record: recordOf(row),
    accommodation: accommodation ? rowFromColumns(accommodations, accommodation, '') : undefined,
    passkeys: (row.passkeys as Record<string, unknown>[]).map((p) => rowFromColumns(passkeys, p, '')),
  };
}

/** The record from the three JSON lists of its statement (see `recordLists`). */
export function recordOf(row: Record<string, unknown>): CandidateRecord {
  const json = row as {
    attempts: Record<string, unknown>[];
    credentials: Record<string, unknown>[];
    exceptions: Record<string, unknown>[];
  };
  return {
    attempts: json.attempts.map((a) => ({
      ...(a as unknown as AttemptOutcome),
      checkedInAt: date(a.checkedInAt) as Date,
      finishedAt: date(a.finishedAt),
    })),
    credentials: json.credentials.map((c) => ({
      certificationId: c.certificationId as string,
      issuedAt: date(c.issuedAt) as Date,
      expiresAt: date(c.expiresAt),
      suspendedAt: date(c.suspendedAt),
      revokedAt: date(c.revokedAt),
    })),
    exceptions: json.exceptions.map((e) => rowFromColumns(eligibilityExceptions, e, '')),
  };
}

/** Stores an exception. */
export async function insertException(ex: Executor, row: EligibilityExceptionRow): Promise<void> {
  await ex.insert(eligibilityExceptions).values(row);
}

/**
 * Deletes the tenant's exception with that id if no check-in has used it yet, and returns it; undefined when
 * there is no such unused exception.
 */
export async function deleteOpenException(
  ex: Executor,
  tenantId: string,
  id: string,
): Promise<EligibilityExceptionRow | undefined> {
  const [row] = await ex
    .delete(eligibilityExceptions)
    .where(
      and(
        eq(eligibilityExceptions.tenantId, tenantId),
        eq(eligibilityExceptions.id, id),
        isNull(eligibilityExceptions.usedByAttemptId),
      ),
    )
    .returning();
  return row;
}

/** Whether the tenant has an exception with that id, used or not. */
export async function exceptionExists(ex: Executor, tenantId: string, id: string): Promise<boolean> {
  const rows = await ex
    .select({ id: eligibilityExceptions.id })
    .from(eligibilityExceptions)
    .where(and(eq(eligibilityExceptions.tenantId, tenantId), eq(eligibilityExceptions.id, id)));
  return rows.length > 0;
}

/** Marks a candidate's open exceptions at a certification as used by an attempt. */
export async function useExceptions(
  ex: Executor,
  tenantId: string,
  userId: string,
  certificationId: string,
  attemptId: string,
): Promise<void> {
  await ex
    .update(eligibilityExceptions)
    .set({ usedByAttemptId: attemptId })
    .where(
      and(
        eq(eligibilityExceptions.tenantId, tenantId),
        eq(eligibilityExceptions.userId, userId),
        eq(eligibilityExceptions.certificationId, certificationId),
        isNull(eligibilityExceptions.usedByAttemptId),
      ),
    );
}

/** The tenant's exceptions no attempt has used yet, newest first, for one candidate or certification when given. */
export async function listOpenExceptions(
  ex: Executor,
  tenantId: string,
  filter: { readonly userId?: string; readonly certificationId?: string } = {},
): Promise<EligibilityExceptionRow[]> {
  return ex
    .select()
    .from(eligibilityExceptions)
    .where(
      and(
        eq(eligibilityExceptions.tenantId, tenantId),
        isNull(eligibilityExceptions.usedByAttemptId),
        filter.userId ? eq(eligibilityExceptions.userId, filter.userId) : undefined,
        filter.certificationId
          ? eq(eligibilityExceptions.certificationId, filter.certificationId)
          : undefined,
      ),
    )
    .orderBy(desc(eligibilityExceptions.grantedAt));
}
