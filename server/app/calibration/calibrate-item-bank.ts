import { randomUUID } from 'node:crypto';
import { runOffThread } from '../../adapters/off-thread.js';
import type {
  CalibrationModel,
  CalibrationReport,
  ScoredResponse,
  StoredItemStats,
} from '../../domain/psychometrics/calibration/index.js';
import {
  insertCalibrationRun,
  listResponsesForCalibration,
} from '../../persistence/repositories/item-responses.js';
import type { AppDeps, ChangeAuthor } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';

/** The item version a calibration column stands for. */
export interface CalibratedVersion {
  readonly key: string;
  readonly itemId: string;
  readonly version: number;
  readonly externalId: string;
}

/** A calibration run as stored and shown: the report plus which item version each column is. */
export interface CalibrationRunView {
  readonly id: string;
  readonly model: CalibrationModel;
  readonly createdAt: string;
  readonly appliedAt: string | null;
  readonly versions: readonly CalibratedVersion[];
  readonly report: CalibrationReport;
}

/**
 * Partial credit enters calibration as right (score ≥ 0.5) or wrong: the dichotomous models
 * calibrated here (Rasch, 2PL) take 0/1 data.
 */
const dichotomise = (score: number): 0 | 1 => (score >= 0.5 ? 1 : 0);

/**
 * Calibrates the tenant's bank from every scored response collected: classical statistics, IRT
 * estimates and drift flags against the stored parameters, per item version. The run is stored;
 * nothing in the bank changes until it is applied.
 */
export async function calibrateItemBank(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  by: ChangeAuthor,
  model: CalibrationModel,
): Promise<CalibrationRunView> {
  const rows = await listResponsesForCalibration(deps.db, by.tenantId);
  const columns = new Map<string, CalibratedVersion>();
  const examinees = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.itemId}@${row.itemVersion}`;
    if (!columns.has(key))
      columns.set(key, { key, itemId: row.itemId, version: row.itemVersion, externalId: row.externalId });
    if (!examinees.has(row.examineeRef)) examinees.set(row.examineeRef, examinees.size);
  }
  const versions = [...columns.values()].sort(
    (x, y) => x.externalId.localeCompare(y.externalId) || x.version - y.version,
  );
  const column = new Map(versions.map((v, i) => [v.key, i]));
  const responses: ScoredResponse[][] = Array.from({ length: examinees.size }, () =>
    Array(versions.length).fill(null),
  );
  const times: (number | null)[][] = Array.from({ length: examinees.size }, () =>
    Array(versions.length).fill(null),
  );
  const stored: Record<string, StoredItemStats> = {};
  for (const row of rows) {
    const key = `${row.itemId}@${row.itemVersion}`;
    const e = examinees.get(row.examineeRef)!;
    const i = column.get(key)!;
    responses[e]![i] = dichotomise(row.score);
    times[e]![i] = row.responseTimeSec;
    if (row.irtA !== null && row.irtB !== null)
      stored[key] = { a: row.irtA, b: row.irtB, c: row.irtC ?? 0, d: 1 };
  }
  // Calibration is CPU-bound (EM over every response), so it runs in a worker thread.
  const report = await runOffThread({
    kind: 'calibration',
    input: {
      matrix: { itemIds: versions.map((v) => v.key), responses },
      model,
      stored,
      timesSec: times,
    },
  });
  return runUnitOfWork(deps, by, async ({ tx, now, audit, authorize }) => {
    authorize(['author', 'admin']);
    const id = randomUUID();
    await insertCalibrationRun(tx, {
      tenantId: by.tenantId,
      id,
      model,
      examinees: examinees.size,
      result: { versions, report } as unknown as Record<string, unknown>,
      createdBy: by.userId,
      createdAt: now,
      appliedAt: null,
      appliedBy: null,
    });
    await audit({
      action: 'calibration.run',
      subjectType: 'calibration',
      subjectId: id,
      details: { model, examinees: examinees.size, items: versions.length, flags: report.flags.length },
    });
    return { id, model, createdAt: now.toISOString(), appliedAt: null, versions, report };
  });
}
