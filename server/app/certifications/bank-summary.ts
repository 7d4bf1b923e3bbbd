import type { BankItemSummary } from '../../domain/assessment/feasibility.js';
import type { Executor } from '../../persistence/database.js';
import { listActiveVersions } from '../../persistence/repositories/items.js';

/** What the tenant's active bank offers a blueprint: one entry per active item version. */
export async function loadBankSummary(ex: Executor, tenantId: string): Promise<BankItemSummary[]> {
  const rows = await listActiveVersions(ex, tenantId);
  return rows.map(({ version }) => ({
    itemId: version.itemId,
    domain: version.domain,
    pretest: version.pretest,
    calibrated: version.irtA !== null && version.irtB !== null,
  }));
}
