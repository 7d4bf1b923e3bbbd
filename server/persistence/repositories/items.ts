import { and, asc, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { items, itemVersions } from '../schema.js';

/** A stored item (identity and version pointers). */
export type ItemRow = typeof items.$inferSelect;
/** A stored item version. */
export type ItemVersionRow = typeof itemVersions.$inferSelect;

/** Joins an item to its latest version. */
const latestVersionOfItem = and(
  eq(itemVersions.tenantId, items.tenantId),
  eq(itemVersions.itemId, items.id),
  eq(itemVersions.version, items.latestVersion),
);

/** Stores new items in one statement. */
export async function insertItems(ex: Executor, rows: readonly ItemRow[]): Promise<void> {
  if (rows.length > 0) await ex.insert(items).values([...rows]);
}

/** Stores new item versions in one statement. */
export async function insertItemVersions(ex: Executor, rows: readonly ItemVersionRow[]): Promise<void> {
  if (rows.length > 0) await ex.insert(itemVersions).values([...rows]);
}

/** The tenant's item with that id (another tenant's id finds nothing). */
export async function findItem(ex: Executor, tenantId: string, id: string): Promise<ItemRow | undefined> {
  const [row] = await ex
    .select()
    .from(items)
    .where(and(eq(items.tenantId, tenantId), eq(items.id, id)));
  return row;
}

/**
 * The tenant's item with its latest version, both locked for update until the transaction ends. The item row
 * is locked first and its latest version read in a second statement: under READ COMMITTED a locking join
 * that waited re-checks the join against the old version rows, so an item whose latest version moved while
 * this transaction waited (a concurrent edit made version 2) would drop out and look missing.
 */
export async function findItemForUpdate(
  ex: Executor,
  tenantId: string,
  id: string,
): Promise<{ item: ItemRow; version: ItemVersionRow } | undefined> {
  const itemMatches = and(eq(items.tenantId, tenantId), eq(items.id, id));
  const [locked] = await ex.select({ id: items.id }).from(items).where(itemMatches).for('update');
  if (!locked) return undefined;
  const [row] = await ex
    .select({ item: items, version: itemVersions })
    .from(items)
    .innerJoin(itemVersions, latestVersionOfItem)
    .where(itemMatches)
    .for('update');
  return row;
}

/** The tenant's items with those external ids. */
export async function findItemsByExternalIds(
  ex: Executor,
  tenantId: string,
  externalIds: readonly string[],
): Promise<ItemRow[]> {
  if (externalIds.length === 0) return [];
  return ex
    .select()
    .from(items)
    .where(and(eq(items.tenantId, tenantId), inArray(items.externalId, [...externalIds])));
}

/** The tenant's items with those external ids and their latest versions, locked for update. */
export async function findLatestByExternalIds(
  ex: Executor,
  tenantId: string,
  externalIds: readonly string[],
): Promise<{ item: ItemRow; version: ItemVersionRow }[]> {
  if (externalIds.length === 0) return [];
  const itemsMatch = and(eq(items.tenantId, tenantId), inArray(items.externalId, [...externalIds]));
  // Items first (in id order, so two imports do not deadlock), then their latest versions: see findItemForUpdate.
  await ex.select({ id: items.id }).from(items).where(itemsMatch).orderBy(asc(items.id)).for('update');
  return ex
    .select({ item: items, version: itemVersions })
    .from(items)
    .innerJoin(itemVersions, latestVersionOfItem)
    .where(itemsMatch)
    .for('update');
}

/** Moves an item's version pointers. */
export async function updateItemPointers(
  ex: Executor,
  tenantId: string,
  id: string,
  patch: Partial<Pick<ItemRow, 'latestVersion' | 'activeVersion' | 'updatedAt'>>,
): Promise<void> {
  await ex
    .update(items)
    .set(patch)
    .where(and(eq(items.tenantId, tenantId), eq(items.id, id)));
}

/** Every version of the tenant's item, oldest first. */
export async function listItemVersions(
  ex: Executor,
  tenantId: string,
  itemId: string,
): Promise<ItemVersionRow[]> {
  return ex
    .select()
    .from(itemVersions)
    .where(and(eq(itemVersions.tenantId, tenantId), eq(itemVersions.itemId, itemId)))
    .orderBy(asc(itemVersions.version));
}

/** Changes a stored version (status, review fields, content of a draft, IRT parameters). */
export async function updateItemVersion(
  ex: Executor,
  tenantId: string,
  itemId: string,
  version: number,
  patch: Partial<Omit<ItemVersionRow, 'tenantId' | 'itemId' | 'version'>>,
): Promise<void> {
  await ex
    .update(itemVersions)
    .set(patch)
    .where(
      and(
        eq(itemVersions.tenantId, tenantId),
        eq(itemVersions.itemId, itemId),
        eq(itemVersions.version, version),
      ),
    );
}

/** Filters for the item list. */
export interface ItemFilter {
  readonly status?: ItemVersionRow['status'];
  readonly domain?: string;
  readonly search?: string;
  /** All matching items when absent. */
  readonly limit?: number;
  readonly offset?: number;
}

/** The conditions on an item and its latest version that a filter asks for (limit and offset aside). */
function latestItemConditions(tenantId: string, filter: ItemFilter) {
  const conditions = [eq(items.tenantId, tenantId)];
  if (filter.status) conditions.push(eq(itemVersions.status, filter.status));
  if (filter.domain) conditions.push(eq(itemVersions.domain, filter.domain));
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      or(ilike(items.externalId, pattern), ilike(sql`${itemVersions.content}->>'stem'`, pattern))!,
    );
  }
  return and(...conditions);
}

/** The tenant's items with their latest version, by external id (every item, for export, with an empty filter). */
export async function listLatestItems(
  ex: Executor,
  tenantId: string,
  filter: ItemFilter,
): Promise<{ item: ItemRow; version: ItemVersionRow }[]> {
  const query = ex
    .select({ item: items, version: itemVersions })
    .from(items)
    .innerJoin(itemVersions, latestVersionOfItem)
    .where(latestItemConditions(tenantId, filter))
    .orderBy(asc(items.externalId))
    .offset(filter.offset ?? 0);
  return filter.limit === undefined ? query : query.limit(filter.limit);
}

/** How many of the tenant's items match a filter, whatever its limit and offset. */
export async function countLatestItems(ex: Executor, tenantId: string, filter: ItemFilter): Promise<number> {
  const [row] = await ex
    .select({ total: sql<number>`count(*)::int` })
    .from(items)
    .innerJoin(itemVersions, latestVersionOfItem)
    .where(latestItemConditions(tenantId, filter));
  return Number(row?.total ?? 0);
}

/** The domains the tenant's items (their latest versions) are in, sorted. */
export async function listLatestItemDomains(ex: Executor, tenantId: string): Promise<string[]> {
  const rows = await ex
    .selectDistinct({ domain: itemVersions.domain })
    .from(items)
    .innerJoin(itemVersions, latestVersionOfItem)
    .where(eq(items.tenantId, tenantId))
    .orderBy(asc(itemVersions.domain));
  return rows.map((row) => row.domain);
}

/** The active version of every item that has one: the bank forms and adaptive exams draw from. */
export async function listActiveVersions(
  ex: Executor,
  tenantId: string,
): Promise<{ externalId: string; version: ItemVersionRow }[]> {
  return ex
    .select({ externalId: items.externalId, version: itemVersions })
    .from(items)
    .innerJoin(
      itemVersions,
      and(
        eq(itemVersions.tenantId, items.tenantId),
        eq(itemVersions.itemId, items.id),
        eq(itemVersions.version, items.activeVersion),
      ),
    )
    .where(eq(items.tenantId, tenantId))
    .orderBy(asc(items.externalId));
}

/** The item versions named by (item, version), in no particular order; unknown pairs are left out. */
export async function listItemVersionsByKeys(
  ex: Executor,
  tenantId: string,
  keys: readonly { itemId: string; version: number }[],
): Promise<ItemVersionRow[]> {
  if (keys.length === 0) return [];
  const wanted = new Set(keys.map((k) => `${k.itemId}:${k.version}`));
  const rows = await ex
    .select()
    .from(itemVersions)
    .where(
      and(
        eq(itemVersions.tenantId, tenantId),
        inArray(itemVersions.itemId, [...new Set(keys.map((k) => k.itemId))]),
      ),
    );
  return rows.filter((row) => wanted.has(`${row.itemId}:${row.version}`));
}
