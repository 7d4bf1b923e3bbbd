import { hashToken } from '../adapters/token-service.js';
import { appendAudit } from '../persistence/audit-chain.js';
import { inTransaction } from '../persistence/database.js';
import { takeLiveSession } from '../persistence/repositories/sessions.js';
import type { AppDeps } from './deps.js';

/** Ends the browser session behind the refresh token; signing out twice is harmless. */
export async function signOut(deps: AppDeps, refreshToken: string | undefined): Promise<void> {
  if (!refreshToken) return;
  await inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const session = await takeLiveSession(tx, hashToken(refreshToken), now);
    if (!session) return;
    await appendAudit(tx, {
      tenantId: session.tenantId,
      actorId: session.userId,
      action: 'user.signed_out',
      subjectType: 'user',
      subjectId: session.userId,
      occurredAt: now,
    });
  });
}
