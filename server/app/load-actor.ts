import type { Actor } from '../adapters/token-service.js';
import { DomainError } from '../domain/errors.js';
import type { Executor } from '../persistence/database.js';
import type { TenantRow } from '../persistence/repositories/tenants.js';
import { findUserWithTenant, type UserRow } from '../persistence/repositories/users.js';

/** The actor's current user and tenant rows; a disabled or deleted account is no longer signed in. */
export async function loadActor(ex: Executor, actor: Actor): Promise<{ user: UserRow; tenant: TenantRow }> {
  const found = await findUserWithTenant(ex, actor.tenantId, actor.userId);
  if (found?.user.status !== 'active') {
    throw new DomainError('unauthenticated', 'This account is no longer active; sign in again');
  }
  return found;
}
