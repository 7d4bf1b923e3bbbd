import type { Actor } from '../../adapters/token-service.js';
import { DomainError } from '../../domain/errors.js';
import type { ItemStatus } from '../../domain/items/lifecycle.js';
import { findItem, listItemVersions, listLatestItems } from '../../persistence/repositories/items.js';
import type { AppDeps } from '../deps.js';
import { type ItemView, itemView } from './item-record.js';

/** Filters of the item list. */
export interface ItemListQuery {
  readonly status?: ItemStatus;
  readonly domain?: string;
  readonly q?: string;
  readonly limit?: number;
  readonly offset?: number;
}

/** The tenant's items (latest version of each), filtered. */
export async function listItems(deps: AppDeps, actor: Actor, query: ItemListQuery): Promise<ItemView[]> {
  const rows = await listLatestItems(deps.db, actor.tenantId, {
    ...(query.status ? { status: query.status } : {}),
    ...(query.domain ? { domain: query.domain } : {}),
    ...(query.q ? { search: query.q } : {}),
    limit: query.limit ?? 100,
    offset: query.offset ?? 0,
  });
  return rows.map((row) => itemView(row.item, row.version));
}

/** One item with every version, latest last. */
export async function getItem(
  deps: AppDeps,
  actor: Actor,
  itemId: string,
): Promise<{ item: ItemView; versions: ItemView[] }> {
  const item = await findItem(deps.db, actor.tenantId, itemId);
  if (!item) throw new DomainError('not_found', 'No such item');
  const versions = (await listItemVersions(deps.db, actor.tenantId, itemId)).map((v) => itemView(item, v));
  return { item: versions[versions.length - 1]!, versions };
}
