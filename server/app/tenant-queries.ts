import type { Actor } from '../adapters/token-service.js';
import { notFound } from '../domain/errors.js';
import { findTenantById, listTenants } from '../persistence/repositories/tenants.js';
import type { AppDeps } from './deps.js';
import { requireTenantBySlug } from './find-tenant.js';
import { tenantPublicView, tenantView } from './views.js';

/** What a sign-in page needs to know about a tenant: name, branding, whether it takes self-registration. */
export async function getPublicTenant(deps: AppDeps, slug: string) {
  return tenantPublicView(await requireTenantBySlug(deps.db, slug));
}

/** The actor's own tenant with its settings. */
export async function getOwnTenant(deps: AppDeps, actor: Actor) {
  const tenant = await findTenantById(deps.db, actor.tenantId);
  if (!tenant) throw notFound('Tenant');
  return { tenant: tenantView(tenant) };
}

/** Every tenant (platform admins). */
export async function listAllTenants(deps: AppDeps) {
  return { tenants: (await listTenants(deps.db)).map(tenantView) };
}

/** Any tenant by id (platform admins). */
export async function getTenantById(deps: AppDeps, tenantId: string) {
  const tenant = await findTenantById(deps.db, tenantId);
  if (!tenant) throw notFound('Tenant');
  return { tenant: tenantView(tenant) };
}
