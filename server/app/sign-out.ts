import { hashToken } from '../adapters/token-service.js';
import { takeLiveSession } from '../persistence/repositories/sessions.js';
import type { AppDeps } from './deps.js';
import { runUnitOfWork } from './unit-of-work.js';

/** Ends the browser session behind the refresh token; signing out twice is harmless. */
export async function signOut(deps: AppDeps, refreshToken: string | undefined): Promise<void> {
  if (!refreshToken) return;
  await runUnitOfWork(deps, null, async ({ tx, now, audit }) => {
    const session = await takeLiveSession(tx, hashToken(refreshToken), now);
    if (!session) return;
    await audit({
      tenantId: session.tenantId,
      actorId: session.userId,
      action: 'user.signed_out',
      subjectType: 'user',
      subjectId: session.userId,
    });
  });
}
