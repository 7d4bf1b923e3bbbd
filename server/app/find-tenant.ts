import { notFound } from '../domain/errors.js';
import type { Executor } from '../persistence/database.js';
import { findTenantBySlug, type TenantRow } from '../persistence/repositories/tenants.js';

/** The tenant with that slug; a DomainError not_found otherwise. */
export async function requireTenantBySlug(ex: Executor, slug: string): Promise<TenantRow> {
  const tenant = await findTenantBySlug(ex, slug);
  if (!tenant) throw notFound('Tenant');
  return tenant;
}
