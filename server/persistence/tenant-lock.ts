import { sql } from 'drizzle-orm';
import type { Executor } from './database.js';

/**
 * Takes the tenant's lock for the rest of the transaction: changes that must not run side by side within one
 * tenant (making its first signing key or rotating it, inviting one address twice) take it first. The audit
 * chain does not need it: it links entries at commit on its own head row.
 */
export async function lockTenant(tx: Executor, tenantId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${tenantId}::text, 7))`);
}
