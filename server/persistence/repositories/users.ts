import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { findRows, rowFromColumns, runPrepared, selectListText } from '../raw-rows.js';
import { tenants, users } from '../schema.js';
import type { TenantRow } from './tenants.js';

/** A stored user. */
export type UserRow = typeof users.$inferSelect;

/** Inserts a user; a duplicate (tenant, e-mail) raises a unique violation the caller maps. */
export async function insertUser(ex: Executor, user: UserRow): Promise<void> {
  await ex.insert(users).values(user);
}

/** The tenant's user with that id, or undefined (another tenant's id finds nothing). */
export async function findUser(ex: Executor, tenantId: string, id: string): Promise<UserRow | undefined> {
  const [row] = await findRows(ex, users, 'tenant_id = $1 and id = $2', [tenantId, id]);
  return row;
}

let userWithTenantText: string | undefined;

/**
 * The user together with their tenant, in one round trip: the account check of every request, every socket
 * and every unit of work, a prepared statement written once (see raw-rows.ts).
 */
export async function findUserWithTenant(
  ex: Executor,
  tenantId: string,
  id: string,
): Promise<{ user: UserRow; tenant: TenantRow } | undefined> {
  userWithTenantText ??= `select ${selectListText(users, 'u', 'u_')}, ${selectListText(tenants, 't', 't_')}
    from users u join tenants t on t.id = u.tenant_id where u.tenant_id = $1 and u.id = $2`;
  const [raw] = await runPrepared(ex, userWithTenantText, [tenantId, id]);
  return raw
    ? { user: rowFromColumns(users, raw, 'u_'), tenant: rowFromColumns(tenants, raw, 't_') }
    : undefined;
}

/**
 * The tenant's user with that id, read under a share lock: waits for a concurrent change of the user (say, an
 * admin disabling them) to commit, and keeps it from changing until this transaction ends.
 */
export async function findUserForShare(
  ex: Executor,
  tenantId: string,
  id: string,
): Promise<UserRow | undefined> {
  const [row] = await ex
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)))
    .for('share');
  return row;
}

/** The tenant's user with that (normalised) e-mail, or undefined. */
export async function findUserByEmail(
  ex: Executor,
  tenantId: string,
  email: string,
  lock?: 'share',
): Promise<UserRow | undefined> {
  const query = ex
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.email, email)));
  const [row] = lock === 'share' ? await query.for('share') : await query;
  return row;
}

/** The tenant's users by e-mail. */
export function listUsers(ex: Executor, tenantId: string, limit = 500): Promise<UserRow[]> {
  return ex.select().from(users).where(eq(users.tenantId, tenantId)).orderBy(asc(users.email)).limit(limit);
}

/** Writes the changed fields of one of the tenant's users. */
export async function updateUser(
  ex: Executor,
  tenantId: string,
  id: string,
  patch: Partial<Pick<UserRow, 'displayName' | 'roles' | 'status' | 'passwordHash' | 'updatedAt'>>,
): Promise<void> {
  await ex
    .update(users)
    .set(patch)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
}

/** Records that the account has proven it reads its address (an e-mailed link was opened) at `at`. */
export async function markEmailVerified(ex: Executor, tenantId: string, id: string, at: Date): Promise<void> {
  await ex
    .update(users)
    .set({ emailVerifiedAt: at, updatedAt: at })
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
}

/** The tenant's users with these ids (ids of another tenant find nothing). */
export async function findUsersByIds(
  ex: Executor,
  tenantId: string,
  ids: readonly string[],
): Promise<UserRow[]> {
  if (ids.length === 0) return [];
  return ex
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), inArray(users.id, [...new Set(ids)])));
}
