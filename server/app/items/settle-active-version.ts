import type { ItemStatus } from '../../domain/items/lifecycle.js';
import type { Executor } from '../../persistence/database.js';
import { type ItemRow, updateItemVersion } from '../../persistence/repositories/items.js';

/**
 * Which version of an item is active once `version` has taken `status`: a version that becomes active
 * replaces (and retires) the one that was; the active version leaving that status leaves none active;
 * otherwise the active version stays. One version per item is active at a time.
 */
export async function settleActiveVersion(
  tx: Executor,
  item: ItemRow,
  version: number,
  status: ItemStatus,
  at: Date,
): Promise<number | null> {
  if (status === 'active') {
    if (item.activeVersion !== null && item.activeVersion !== version) {
      await updateItemVersion(tx, item.tenantId, item.id, item.activeVersion, {
        status: 'retired',
        retiredAt: at,
        updatedAt: at,
      });
    }
    return version;
  }
  return item.activeVersion === version ? null : item.activeVersion;
}
