import type { Actor } from '../adapters/token-service.js';
import { DomainError } from '../domain/errors.js';
import type { Executor } from '../persistence/database.js';
import { findTenantById, type TenantRow } from '../persistence/repositories/tenants.js';
import { findUser, type UserRow } from '../persistence/repositories/users.js';

/** The actor's current user and tenant rows; a disabled or deleted account is no longer signed in. */
export async function loadActor(ex: Executor, actor: Actor): Promise<{ user: UserRow; tenant: TenantRow }> {
  const [user, tenant] = await Promise.all([findUser(ex, actor.tenantId, actor.userId), findTenantById(ex, actor.tenantId)]);
  if (!user || !tenant || user.status !== 'active') {
    throw new DomainError('unauthenticated', 'This account is no longer active; sign in again');
  }
  return { user, tenant };
}
