import { randomUUID } from 'node:crypto';
import { hashToken, randomToken } from '../adapters/token-service.js';
import type { Tx } from '../persistence/database.js';
import { insertSession } from '../persistence/repositories/sessions.js';
import type { TenantRow } from '../persistence/repositories/tenants.js';
import type { UserRow } from '../persistence/repositories/users.js';
import type { AppDeps } from './deps.js';
import { type UserView, userView } from './views.js';

/** What a successful sign-in hands back: an access token for the API and a refresh token for the cookie. */
export interface SignedIn {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly refreshExpiresAt: Date;
  readonly user: UserView;
}

/** Opens a browser session for the user inside the caller's transaction. */
export async function startSession(
  deps: AppDeps,
  tx: Tx,
  tenant: TenantRow,
  user: UserRow,
): Promise<SignedIn> {
  const now = deps.clock.now();
  const refreshToken = randomToken();
  const refreshExpiresAt = new Date(now.getTime() + deps.sessionTtlDays * 86_400_000);
  await insertSession(tx, {
    tenantId: tenant.id,
    id: randomUUID(),
    userId: user.id,
    tokenHash: hashToken(refreshToken),
    createdAt: now,
    expiresAt: refreshExpiresAt,
    revokedAt: null,
  });
  const accessToken = deps.tokens.issueAccessToken(
    { userId: user.id, tenantId: tenant.id, tenantSlug: tenant.slug, roles: user.roles },
    now,
  );
  return { accessToken, refreshToken, refreshExpiresAt, user: userView(user) };
}
