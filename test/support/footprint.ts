import { count, eq } from 'drizzle-orm';
import type { AppDeps } from '../../server/app/deps.js';
import { auditEntries, invitations, passkeys, sessions, users } from '../../server/persistence/schema.js';

/** How many rows of each kind a tenant has: what a refused request must leave exactly as it was. */
export interface Footprint {
  readonly users: number;
  readonly passkeys: number;
  readonly sessions: number;
  readonly invitations: number;
  readonly audit: number;
}

/** The tenant's row counts, read now. */
export async function footprint(deps: Pick<AppDeps, 'db'>, tenantId: string): Promise<Footprint> {
  const countOf = async (
    table: typeof users | typeof passkeys | typeof sessions | typeof invitations | typeof auditEntries,
  ) => {
    const [row] = await deps.db.select({ n: count() }).from(table).where(eq(table.tenantId, tenantId));
    return Number(row?.n ?? 0);
  };
  return {
    users: await countOf(users),
    passkeys: await countOf(passkeys),
    sessions: await countOf(sessions),
    invitations: await countOf(invitations),
    audit: await countOf(auditEntries),
  };
}
