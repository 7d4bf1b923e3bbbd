import { notFound } from '../domain/errors.js';
import { hasAnyRole } from '../domain/identity/roles.js';
import type { Executor } from '../persistence/database.js';
import { findTenantById, type TenantRow } from '../persistence/repositories/tenants.js';
import { type ActingUser, requireRole } from './unit-of-work.js';

/** Who manages a tenant's invitations, and that tenant. */
export interface InvitationScope {
  readonly me: ActingUser;
  readonly tenant: TenantRow;
  /** True when a platform admin acts in a tenant that is not their own. */
  readonly fromPlatform: boolean;
}

/**
 * Decides from the actor's current roles whether they may manage the invitations of a tenant (their own when
 * `tenantId` is absent): admins their own tenant, platform admins any tenant. Another tenant is "not found"
 * to a tenant admin, so its existence does not leak.
 */
export async function invitationScope(
  ex: Executor,
  actor: ActingUser | null,
  tenantId?: string,
): Promise<InvitationScope> {
  const me = requireRole(actor, ['admin', 'platform_admin']);
  const platform = hasAnyRole(me.roles, ['platform_admin']);
  if (tenantId === undefined || tenantId === me.tenantId)
    return { me, tenant: me.tenant, fromPlatform: false };
  if (!platform) throw notFound('Tenant');
  const tenant = await findTenantById(ex, tenantId);
  if (!tenant) throw notFound('Tenant');
  return { me, tenant, fromPlatform: true };
}
