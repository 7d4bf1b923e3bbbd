import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Executor } from '../database.js';
import { rawRows, rowFromColumns, selectList } from '../raw-rows.js';
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
  const [row] = await ex
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
  return row;
}

function userWithTenantQuery(ex: Executor) {
  return ex
    .select({ user: users, tenant: tenants })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(and(eq(users.tenantId, sql.placeholder('tenantId')), eq(users.id, sql.placeholder('userId'))))
    .prepare('user_with_tenant');
}

// Prepared once per database handle: the HTTP layer's account check reuses it for every request.
const userWithTenantByHandle = new WeakMap<Executor, ReturnType<typeof userWithTenantQuery>>();

/**
 * The user together with their tenant, in one round trip: the account check of every request and every exam
 * answer. On the database handle a prepared query serves every request; a transaction (a new handle each time,
 * so preparing would mean building the query each time) runs it as SQL written once (see raw-rows.ts).
 */
export async function findUserWithTenant(
  ex: Executor,
  tenantId: string,
  id: string,
): Promise<{ user: UserRow; tenant: TenantRow } | undefined> {
  if (ex instanceof PgTransaction) {
    const [raw] = await rawRows(
      ex,
      sql`select ${selectList(users, 'u', 'u_')}, ${selectList(tenants, 't', 't_')}
          from users u join tenants t on t.id = u.tenant_id where u.tenant_id = ${tenantId} and u.id = ${id}`,
    );
    return raw
      ? { user: rowFromColumns(users, raw, 'u_'), tenant: rowFromColumns(tenants, raw, 't_') }
      : undefined;
  }
  let query = userWithTenantByHandle.get(ex);
  if (!query) {
    query = userWithTenantQuery(ex);
    userWithTenantByHandle.set(ex, query);
  }
  const [row] = await query.execute({ tenantId, userId: id });
  return row;
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
