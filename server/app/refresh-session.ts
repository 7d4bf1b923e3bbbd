import { hashToken } from '../adapters/token-service.js';
import { DomainError } from '../domain/errors.js';
import { findLiveSessionByTokenHash, takeLiveSession } from '../persistence/repositories/sessions.js';
import { findTenantById } from '../persistence/repositories/tenants.js';
import { findUserForShare } from '../persistence/repositories/users.js';
import type { AppDeps } from './deps.js';
import { type SignedIn, startSession } from './start-session.js';
import { runUnitOfWork } from './unit-of-work.js';

/**
 * Trades a refresh token (from the session cookie) for a new access token. The refresh token rotates: the old
 * one stops working, so a stolen cookie is good for one use at most.
 */
export async function refreshSession(deps: AppDeps, refreshToken: string | undefined): Promise<SignedIn> {
  const expired = new DomainError('unauthenticated', 'Your session has ended; sign in again');
  if (!refreshToken) throw expired;
  return runUnitOfWork(deps, null, async ({ tx, now }) => {
    const tokenHash = hashToken(refreshToken);
    const found = await findLiveSessionByTokenHash(tx, tokenHash);
    if (!found) throw expired;
    // Lock order user → session, the same as an admin disabling the user (which then revokes sessions), so a
    // refresh racing a disable either finishes first (and its new session is revoked) or sees the user disabled.
    const user = await findUserForShare(tx, found.tenantId, found.userId);
    // Taking the session is one statement, so of several concurrent refreshes with one cookie only one wins.
    const session = await takeLiveSession(tx, tokenHash, now);
    if (!session || session.expiresAt <= now) throw expired;
    const tenant = await findTenantById(tx, session.tenantId);
    if (!user || !tenant || user.status !== 'active') throw expired;
    return startSession(deps, tx, tenant, user);
  });
}
