import type { Actor } from '../adapters/token-service.js';
import { DomainError, notFound } from '../domain/errors.js';
import { canGrantRoles, normaliseRoles, type Role } from '../domain/identity/roles.js';
import { revokeSessionsOfUser } from '../persistence/repositories/sessions.js';
import { findUser, updateUser as writeUser } from '../persistence/repositories/users.js';
import type { AppDeps } from './deps.js';
import { requireRole, runUnitOfWork } from './unit-of-work.js';
import { type UserView, userView } from './views.js';

/** What an admin may change about a member of their tenant. */
export interface UserPatch {
  readonly displayName?: string;
  readonly roles?: readonly Role[];
  readonly status?: 'active' | 'disabled';
}

/**
 * An admin changes a member's name, roles or status. Disabling ends the member's sessions. Admins cannot lock
 * themselves out (drop their own admin role or disable themselves), so a tenant never loses its last way in
 * by accident. Who may do this is read from the actor's current account, whatever their token claims.
 */
export async function updateUser(
  deps: AppDeps,
  requester: Actor,
  userId: string,
  patch: UserPatch,
): Promise<UserView> {
  const roles = patch.roles ? normaliseRoles(patch.roles) : undefined;
  return runUnitOfWork(deps, requester, async (uow) => {
    // The actor's current roles decide, not their token's: a demoted admin cannot give itself admin back.
    const me = requireRole(uow.actor, ['admin']);
    if (roles && !canGrantRoles(me.roles, roles))
      throw new DomainError('forbidden', 'You may not grant these roles');
    if (userId === me.userId && ((roles && !roles.includes('admin')) || patch.status === 'disabled')) {
      throw new DomainError('conflict', 'You cannot remove your own admin role or disable your own account');
    }
    const current = await findUser(uow.tx, me.tenantId, userId);
    if (!current) throw notFound('User');
    // Nothing asked to change: nothing written, nothing audited.
    if (patch.displayName === undefined && roles === undefined && patch.status === undefined)
      return userView(current);
    // A tenant admin may not strip a platform admin's role (canGrantRoles only covers what is granted).
    if (roles && current.roles.includes('platform_admin') && !roles.includes('platform_admin')) {
      if (!canGrantRoles(me.roles, ['platform_admin']))
        throw new DomainError('forbidden', 'You may not change these roles');
    }
    const next = {
      ...current,
      displayName: patch.displayName?.trim() ?? current.displayName,
      roles: roles ?? current.roles,
      status: patch.status ?? current.status,
      updatedAt: uow.now,
    };
    await writeUser(uow.tx, me.tenantId, userId, {
      displayName: next.displayName,
      roles: next.roles,
      status: next.status,
      updatedAt: uow.now,
    });
    if (next.status === 'disabled' && current.status !== 'disabled') {
      await revokeSessionsOfUser(uow.tx, me.tenantId, userId, uow.now);
    }
    await uow.audit({
      action: roles ? 'user.roles_changed' : 'user.updated',
      subjectType: 'user',
      subjectId: userId,
      details: {
        before: { displayName: current.displayName, roles: current.roles, status: current.status },
        after: { displayName: next.displayName, roles: next.roles, status: next.status },
      },
    });
    return userView(next);
  });
}
