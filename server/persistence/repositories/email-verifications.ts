import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { emailVerifications } from '../schema.js';

/** A stored e-mail verification: which account and address a link proves, by the hash of its token. */
export type EmailVerificationRow = typeof emailVerifications.$inferSelect;

/** Stores a verification link (only the token's hash). */
export async function insertEmailVerification(ex: Executor, row: EmailVerificationRow): Promise<void> {
  await ex.insert(emailVerifications).values(row);
}

/**
 * Forgets the account's unused links: the newest link sent is the one that works, so an older e-mail lying in
 * an inbox proves nothing once a new one was asked for.
 */
export async function deletePendingEmailVerifications(
  ex: Executor,
  tenantId: string,
  userId: string,
): Promise<void> {
  await ex
    .delete(emailVerifications)
    .where(
      and(
        eq(emailVerifications.tenantId, tenantId),
        eq(emailVerifications.userId, userId),
        isNull(emailVerifications.consumedAt),
      ),
    );
}

/**
 * Marks the unused link with that token hash as used, and returns it; undefined when no unused link has that
 * hash. The update takes the row's lock, so of two concurrent uses of one link only one gets it.
 */
export async function consumeEmailVerification(
  ex: Executor,
  tokenHash: string,
  now: Date,
): Promise<EmailVerificationRow | undefined> {
  const [row] = await ex
    .update(emailVerifications)
    .set({ consumedAt: now })
    .where(and(eq(emailVerifications.tokenHash, tokenHash), isNull(emailVerifications.consumedAt)))
    .returning();
  return row;
}
