import type { Actor } from '../adapters/token-service.js';
import { notFound } from '../domain/errors.js';
import { listPasskeysOfUser } from '../persistence/repositories/passkeys.js';
import { findUser, listUsers } from '../persistence/repositories/users.js';
import type { AppDeps } from './deps.js';
import type { ActingUser } from './unit-of-work.js';
import { passkeyView, tenantView, userView } from './views.js';

/** The signed-in user's profile and tenant ("my profile"), as read for this request. */
export function getMyProfile(actor: ActingUser) {
  return { user: userView(actor.user), tenant: tenantView(actor.tenant) };
}

/** The signed-in user's passkeys. */
export async function listMyPasskeys(deps: AppDeps, actor: Actor) {
  const passkeys = await listPasskeysOfUser(deps.db, actor.tenantId, actor.userId);
  return { passkeys: passkeys.map(passkeyView) };
}

/** Members of the actor's tenant (admins). */
export async function listTenantUsers(deps: AppDeps, actor: Actor) {
  const users = await listUsers(deps.db, actor.tenantId);
  return { users: users.map(userView) };
}

/** One member of the actor's tenant; a user of another tenant is "not found". */
export async function getTenantUser(deps: AppDeps, actor: Actor, userId: string) {
  const user = await findUser(deps.db, actor.tenantId, userId);
  if (!user) throw notFound('User');
  return { user: userView(user) };
}
