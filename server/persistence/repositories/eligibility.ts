import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { attemptResults, attempts, credentials, eligibilityExceptions } from '../schema.js';

/** A stored exception to an eligibility rule. */
export type EligibilityExceptionRow = typeof eligibilityExceptions.$inferSelect;

/** A candidate's attempts (every certification) with their outcome, for the eligibility rules. */
export async function candidateAttemptOutcomes(ex: Executor, tenantId: string, candidateId: string) {
  return ex
    .select({
      id: attempts.id,
      certificationId: attempts.certificationId,
      status: attempts.status,
      checkedInAt: attempts.checkedInAt,
      finishedAt: attempts.finishedAt,
      passed: attemptResults.passed,
    })
    .from(attempts)
    .leftJoin(
      attemptResults,
      and(eq(attemptResults.tenantId, attempts.tenantId), eq(attemptResults.attemptId, attempts.id)),
    )
    .where(and(eq(attempts.tenantId, tenantId), eq(attempts.candidateId, candidateId)));
}

/** The credentials an account holds, with the dates their status is computed from. */
export async function heldCredentials(ex: Executor, tenantId: string, userId: string) {
  return ex
    .select({
      certificationId: credentials.certificationId,
      issuedAt: credentials.issuedAt,
      expiresAt: credentials.expiresAt,
      suspendedAt: credentials.suspendedAt,
      revokedAt: credentials.revokedAt,
    })
    .from(credentials)
    .where(and(eq(credentials.tenantId, tenantId), eq(credentials.userId, userId)));
}

/** Exceptions granted to a candidate that no attempt has used yet. */
export async function openExceptions(
  ex: Executor,
  tenantId: string,
  userId: string,
): Promise<EligibilityExceptionRow[]> {
  return ex
    .select()
    .from(eligibilityExceptions)
    .where(
      and(
        eq(eligibilityExceptions.tenantId, tenantId),
        eq(eligibilityExceptions.userId, userId),
        isNull(eligibilityExceptions.usedByAttemptId),
      ),
    );
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
