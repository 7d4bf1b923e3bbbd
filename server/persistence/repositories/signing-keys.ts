import { and, desc, eq } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { findRows, rowFromColumns, runPrepared, selectListText } from '../raw-rows.js';
import { signingKeys, tenants } from '../schema.js';
import type { TenantRow } from './tenants.js';

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

/** What issuing starts from: the tenant, its active key (if it has one) and its highest status-list index. */
export interface IssuingContext {
  readonly tenant: TenantRow;
  readonly activeKey: SigningKeyRow | undefined;
  /** -1 while the tenant has issued nothing. */
  readonly highestStatusListIndex: number;
}

let contextText: string | undefined;

/** The tenant's issuing context (see `IssuingContext`) in one statement; undefined when there is no such tenant. */
export async function findIssuingContext(
  ex: Executor,
  tenantId: string,
): Promise<IssuingContext | undefined> {
  contextText ??= `select ${selectListText(tenants, 't', 't_')}, ${selectListText(signingKeys, 'k', 'k_')},
      (select coalesce(max(c.status_list_index), -1)::int from credentials c where c.tenant_id = t.id) as highest
    from tenants t
    left join lateral (select * from signing_keys s where s.tenant_id = t.id and s.status = 'active'
      order by s.created_at desc limit 1) k on true
    where t.id = $1`;
  const [row] = await runPrepared(ex, contextText, [tenantId]);
  if (!row) return undefined;
  return {
    tenant: rowFromColumns(tenants, row, 't_'),
    activeKey: row.k_kid === null ? undefined : rowFromColumns(signingKeys, row, 'k_'),
    highestStatusListIndex: Number(row.highest),
  };
}
