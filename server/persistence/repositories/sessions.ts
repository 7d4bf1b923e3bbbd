import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { sessions } from '../schema.js';

/** A stored browser session. */
export type SessionRow = typeof sessions.$inferSelect;

/** Stores a new session. */
export async function insertSession(ex: Executor, session: SessionRow): Promise<void> {
  await ex.insert(sessions).values(session);
}

/** The live (not revoked) session with that token hash, or undefined; a plain read that takes no lock. */
export async function findLiveSessionByTokenHash(
  ex: Executor,
  tokenHash: string,
): Promise<SessionRow | undefined> {
  const [row] = await ex
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)));
  return row;
}

/**
 * Revokes the live session with that token hash and returns it, in one statement: of several concurrent uses
 * of one refresh token exactly one gets the row. Undefined when unknown or already revoked; expiry is the
 * caller's check.
 */
export async function takeLiveSession(
  ex: Executor,
  tokenHash: string,
  at: Date,
): Promise<SessionRow | undefined> {
  const [row] = await ex
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)))
    .returning();
  return row;
}

/** Revokes every live session of a user (on disable, password change). */
export async function revokeSessionsOfUser(
  ex: Executor,
  tenantId: string,
  userId: string,
  at: Date,
): Promise<void> {
  await ex
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.tenantId, tenantId), eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}
