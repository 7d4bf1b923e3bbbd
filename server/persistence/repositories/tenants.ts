import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { findRows } from '../raw-rows.js';
import { tenants } from '../schema.js';

/** A stored tenant. */
export type TenantRow = typeof tenants.$inferSelect;

/** Inserts a tenant; a duplicate slug raises a unique violation the caller maps. */
export async function insertTenant(ex: Executor, tenant: TenantRow): Promise<void> {
  await ex.insert(tenants).values(tenant);
}

/** The tenant with that id, or undefined. */
export async function findTenantById(ex: Executor, id: string): Promise<TenantRow | undefined> {
  const [row] = await findRows(ex, tenants, 'id = $1', [id]);
  return row;
}

/** The tenant with that slug, or undefined. */
export async function findTenantBySlug(ex: Executor, slug: string): Promise<TenantRow | undefined> {
  const [row] = await ex.select().from(tenants).where(eq(tenants.slug, slug));
  return row;
}

/** All tenants by slug (platform administration). */
export function listTenants(ex: Executor): Promise<TenantRow[]> {
  return ex.select().from(tenants).orderBy(asc(tenants.slug));
}

/** Writes the changed fields of a tenant. */
export async function updateTenant(
  ex: Executor,
  id: string,
  patch: Partial<Pick<TenantRow, 'name' | 'branding' | 'settings' | 'updatedAt'>>,
): Promise<void> {
  await ex.update(tenants).set(patch).where(eq(tenants.id, id));
}
