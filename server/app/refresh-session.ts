import { hashToken } from '../adapters/token-service.js';
import { DomainError } from '../domain/errors.js';
import { inTransaction } from '../persistence/database.js';
import { findLiveSessionByTokenHash, revokeSession } from '../persistence/repositories/sessions.js';
import { findTenantById } from '../persistence/repositories/tenants.js';
import { findUser } from '../persistence/repositories/users.js';
import type { AppDeps } from './deps.js';
import { type SignedIn, startSession } from './start-session.js';

/**
 * Trades a refresh token (from the session cookie) for a new access token. The refresh token rotates: the old
 * one stops working, so a stolen cookie is good for one use at most.
 */
export async function refreshSession(deps: AppDeps, refreshToken: string | undefined): Promise<SignedIn> {
  const expired = new DomainError('unauthenticated', 'Your session has ended; sign in again');
  if (!refreshToken) throw expired;
  return inTransaction(deps.db, async (tx) => {
    const now = deps.clock.now();
    const session = await findLiveSessionByTokenHash(tx, hashToken(refreshToken));
    if (!session || session.expiresAt <= now) throw expired;
    const [user, tenant] = [await findUser(tx, session.tenantId, session.userId), await findTenantById(tx, session.tenantId)];
    if (!user || !tenant || user.status !== 'active') throw expired;
    await revokeSession(tx, session.tenantId, session.id, now);
    return startSession(deps, tx, tenant, user);
  });
}
