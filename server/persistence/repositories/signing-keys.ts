import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { findRows } from '../raw-rows.js';
import { signingKeys } from '../schema.js';

/** A stored signing key. */
export type SigningKeyRow = typeof signingKeys.$inferSelect;

/** Stores a new key. */
export async function insertSigningKey(ex: Executor, row: SigningKeyRow): Promise<void> {
  await ex.insert(signingKeys).values(row);
}

/** The tenant's newest active key, which signs new credentials. */
export async function findActiveSigningKey(
  ex: Executor,
  tenantId: string,
): Promise<SigningKeyRow | undefined> {
  const condition = "tenant_id = $1 and status = 'active' order by created_at desc limit 1";
  const [row] = await findRows(ex, signingKeys, condition, [tenantId]);
  return row;
}

/** A key by its `kid`, whichever tenant it belongs to (the verifier then checks the tenant). */
export async function findSigningKeyByKid(ex: Executor, kid: string): Promise<SigningKeyRow | undefined> {
  const [row] = await ex.select().from(signingKeys).where(eq(signingKeys.kid, kid));
  return row;
}

/** Every key of a tenant, or of all tenants, newest first: what the JWKS publishes. */
export function listSigningKeys(ex: Executor, tenantId?: string): Promise<SigningKeyRow[]> {
  const query = ex.select().from(signingKeys);
  return (tenantId ? query.where(eq(signingKeys.tenantId, tenantId)) : query).orderBy(
    desc(signingKeys.createdAt),
  );
}

/** Retires the tenant's active keys (they stay published for verification). */
export async function retireSigningKeys(ex: Executor, tenantId: string, at: Date): Promise<void> {
  await ex
    .update(signingKeys)
    .set({ status: 'retired', retiredAt: at })
    .where(and(eq(signingKeys.tenantId, tenantId), eq(signingKeys.status, 'active')));
}
