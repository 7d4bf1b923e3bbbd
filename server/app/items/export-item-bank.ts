import type { BankFile, BankItem } from '../../../item-bank/schema.js';
import { listLatestItems } from '../../persistence/repositories/items.js';
import type { AppDeps } from '../deps.js';
import { storedContent } from './item-record.js';

/** The tenant's bank as one file in the import format: the latest version of every item with its status. */
export async function exportItemBank(deps: AppDeps, tenantId: string, source: string): Promise<BankFile> {
  const rows = await listLatestItems(deps.db, tenantId, {});
  return {
    format: 'certamen.item-bank',
    version: 1,
    exportedAt: deps.clock.now().toISOString(),
    source,
    items: rows.map(
      ({ item, version }) =>
        ({ externalId: item.externalId, status: version.status, ...storedContent(version) }) as BankItem,
    ),
  };
}
