import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { sessions } from '../schema.js';

/** A stored browser session. */
export type SessionRow = typeof sessions.$inferSelect;

/** Stores a new session. */
export async function insertSession(ex: Executor, session: SessionRow): Promise<void> {
  await ex.insert(sessions).values(session);
}

/** The live (not revoked) session with that token hash, or undefined; expiry is the caller's check. */
export async function findLiveSessionByTokenHash(ex: Executor, tokenHash: string): Promise<SessionRow | undefined> {
  const [row] = await ex
    .select()
    .from(sessions)
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)));
  return row;
}

/** Revokes one session. */
export async function revokeSession(ex: Executor, tenantId: string, id: string, at: Date): Promise<void> {
  await ex
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.tenantId, tenantId), eq(sessions.id, id)));
}

/** Revokes every live session of a user (on disable, password change). */
export async function revokeSessionsOfUser(ex: Executor, tenantId: string, userId: string, at: Date): Promise<void> {
  await ex
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.tenantId, tenantId), eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}
