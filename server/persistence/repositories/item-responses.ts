import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { insertRows, type TableRows } from '../raw-rows.js';
import { calibrationRuns, itemResponses, items, itemVersions } from '../schema.js';

/** A stored scored response. */
export type ItemResponseRow = typeof itemResponses.$inferSelect;
/** A stored calibration run. */
export type CalibrationRunRow = typeof calibrationRuns.$inferSelect;

/** Scored responses as rows to insert (with a unit of work's other writes). */
export function itemResponseRows(rows: readonly ItemResponseRow[]): TableRows<typeof itemResponses> {
  return [itemResponses, rows];
}

/** Stores scored responses, in batches. */
export async function insertItemResponses(ex: Executor, rows: readonly ItemResponseRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) await insertRows(ex, itemResponses, rows.slice(i, i + 1000));
}

/** Every scored response of the tenant with the item version it answered (for calibration). */
export async function listResponsesForCalibration(ex: Executor, tenantId: string) {
  return ex
    .select({
      itemId: itemResponses.itemId,
      itemVersion: itemResponses.itemVersion,
      externalId: items.externalId,
      examineeRef: itemResponses.examineeRef,
      score: itemResponses.score,
      responseTimeSec: itemResponses.responseTimeSec,
      irtA: itemVersions.irtA,
      irtB: itemVersions.irtB,
      irtC: itemVersions.irtC,
    })
    .from(itemResponses)
    .innerJoin(items, and(eq(items.tenantId, itemResponses.tenantId), eq(items.id, itemResponses.itemId)))
    .innerJoin(
      itemVersions,
      and(
        eq(itemVersions.tenantId, itemResponses.tenantId),
        eq(itemVersions.itemId, itemResponses.itemId),
        eq(itemVersions.version, itemResponses.itemVersion),
      ),
    )
    .where(eq(itemResponses.tenantId, tenantId));
}

/** The item ids and versions, among those given, that exist in the tenant's bank, keyed `externalId@version`. */
export async function findVersionsByExternalId(
  ex: Executor,
  tenantId: string,
  externalIds: readonly string[],
): Promise<{ itemId: string; externalId: string; version: number; activeVersion: number | null }[]> {
  if (externalIds.length === 0) return [];
  return ex
    .select({
      itemId: items.id,
      externalId: items.externalId,
      version: itemVersions.version,
      activeVersion: items.activeVersion,
    })
    .from(items)
    .innerJoin(
      itemVersions,
      and(eq(itemVersions.tenantId, items.tenantId), eq(itemVersions.itemId, items.id)),
    )
    .where(and(eq(items.tenantId, tenantId), inArray(items.externalId, [...externalIds])));
}

/** Stores a calibration run. */
export async function insertCalibrationRun(ex: Executor, row: CalibrationRunRow): Promise<void> {
  await ex.insert(calibrationRuns).values(row);
}

/** The tenant's calibration run with that id (locked for update when asked). */
export async function findCalibrationRun(
  ex: Executor,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<CalibrationRunRow | undefined> {
  const query = ex
    .select()
    .from(calibrationRuns)
    .where(and(eq(calibrationRuns.tenantId, tenantId), eq(calibrationRuns.id, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** Marks a run applied. */
export async function markCalibrationApplied(
  ex: Executor,
  tenantId: string,
  id: string,
  appliedBy: string | null,
  at: Date,
): Promise<void> {
  await ex
    .update(calibrationRuns)
    .set({ appliedAt: at, appliedBy })
    .where(and(eq(calibrationRuns.tenantId, tenantId), eq(calibrationRuns.id, id)));
}
