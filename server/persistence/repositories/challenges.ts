import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { insertRows } from '../raw-rows.js';
import { webauthnChallenges } from '../schema.js';

/** A stored WebAuthn challenge. */
export type ChallengeRow = typeof webauthnChallenges.$inferSelect;

/** Stores a newly issued challenge. */
export async function insertChallenge(ex: Executor, challenge: ChallengeRow): Promise<void> {
  await insertRows(ex, webauthnChallenges, [challenge]);
}

/**
 * Marks the challenge used and returns it, in one statement: of two concurrent uses exactly one gets the
 * row. Returns undefined when it does not exist, is of another purpose, or was already used.
 */
export async function consumeChallenge(
  ex: Executor,
  tenantId: string,
  id: string,
  purpose: ChallengeRow['purpose'],
  now: Date,
): Promise<ChallengeRow | undefined> {
  const [row] = await ex
    .update(webauthnChallenges)
    .set({ consumedAt: now })
    .where(
      and(
        eq(webauthnChallenges.tenantId, tenantId),
        eq(webauthnChallenges.id, id),
        eq(webauthnChallenges.purpose, purpose),
        isNull(webauthnChallenges.consumedAt),
      ),
    )
    .returning();
  return row;
}
