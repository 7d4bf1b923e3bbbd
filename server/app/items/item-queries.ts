import type { Actor } from '../../adapters/token-service.js';
import { DomainError } from '../../domain/errors.js';
import type { ItemStatus } from '../../domain/items/lifecycle.js';
import {
  countLatestItems,
  findItem,
  type ItemFilter,
  listItemVersions,
  listLatestItemDomains,
  listLatestItems,
} from '../../persistence/repositories/items.js';
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

/** One page of the item list, with how many items match in all and the domains a filter can name. */
export interface ItemListPage {
  readonly items: ItemView[];
  /** Items matching the filter, on every page. */
  readonly total: number;
  /** Every domain of the tenant's items (latest versions), sorted: what the domain filter offers. */
  readonly domains: string[];
}

/** The tenant's items (latest version of each), filtered, one page of them. */
export async function listItems(deps: AppDeps, actor: Actor, query: ItemListQuery): Promise<ItemListPage> {
  const filter: ItemFilter = {
    ...(query.status ? { status: query.status } : {}),
    ...(query.domain ? { domain: query.domain } : {}),
    ...(query.q ? { search: query.q } : {}),
  };
  const rows = await listLatestItems(deps.db, actor.tenantId, {
    ...filter,
    limit: query.limit ?? 100,
    offset: query.offset ?? 0,
  });
  return {
    items: rows.map((row) => itemView(row.item, row.version)),
    total: await countLatestItems(deps.db, actor.tenantId, filter),
    domains: await listLatestItemDomains(deps.db, actor.tenantId),
  };
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
