import type { Actor } from '../adapters/token-service.js';
import { DomainError, notFound } from '../domain/errors.js';
import { hasAnyRole } from '../domain/identity/roles.js';
import {
  mergeBranding,
  mergeSettings,
  type TenantBranding,
  type TenantSettings,
} from '../domain/tenants/tenant.js';
import { findTenantById, updateTenant as writeTenant } from '../persistence/repositories/tenants.js';
import type { AppDeps } from './deps.js';
import { runUnitOfWork } from './unit-of-work.js';
import { type TenantView, tenantView } from './views.js';

/** The fields of a tenant that can change after creation (the slug is permanent: it is in URLs). */
export interface TenantPatch {
  readonly name?: string;
  readonly branding?: Partial<TenantBranding>;
  readonly settings?: Partial<TenantSettings>;
}

/**
 * Changes a tenant's name, branding or settings. A tenant admin may change only their own tenant; another
 * tenant's id is "not found" to them. Platform admins may change any tenant.
 */
export async function updateTenant(
  deps: AppDeps,
  actor: Actor,
  tenantId: string,
  patch: TenantPatch,
): Promise<TenantView> {
  return runUnitOfWork(deps, actor, async ({ tx, now, audit, authorize }) => {
    const me = authorize(['admin', 'platform_admin']);
    const platform = me === null || hasAnyRole(me.roles, ['platform_admin']);
    if (!platform && tenantId !== actor.tenantId) throw notFound('Tenant');
    if (!platform && !hasAnyRole(me?.roles ?? [], ['admin']))
      throw new DomainError('forbidden', 'Only admins change tenant settings');
    const current = await findTenantById(tx, tenantId);
    if (!current) throw notFound('Tenant');
    // Nothing asked to change: nothing written, nothing audited.
    const asksForChange =
      patch.name !== undefined ||
      Object.keys(patch.branding ?? {}).length > 0 ||
      Object.keys(patch.settings ?? {}).length > 0;
    if (!asksForChange) return tenantView(current);
    const next = {
      ...current,
      name: patch.name ?? current.name,
      branding: mergeBranding(current.branding, patch.branding ?? {}),
      settings: mergeSettings(current.settings, patch.settings ?? {}),
      updatedAt: now,
    };
    await writeTenant(tx, tenantId, {
      name: next.name,
      branding: next.branding,
      settings: next.settings,
      updatedAt: now,
    });
    await audit({
      tenantId,
      actorId: actor.tenantId === tenantId ? actor.userId : null,
      action: 'tenant.updated',
      subjectType: 'tenant',
      subjectId: tenantId,
      details: { changes: patch, byUserId: actor.userId, byTenantId: actor.tenantId },
    });
    return tenantView(next);
  });
}
