import { DomainError } from '../../domain/errors.js';
import type { CalibrationReport } from '../../domain/psychometrics/calibration/index.js';
import { findCalibrationRun, markCalibrationApplied } from '../../persistence/repositories/item-responses.js';
import { updateItemVersion } from '../../persistence/repositories/items.js';
import type { AppDeps, ChangeAuthor } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';
import type { CalibratedVersion, CalibrationRunView } from './calibrate-item-bank.js';

/** Reads a stored run back as its view. */
export function calibrationRunView(row: {
  id: string;
  model: 'rasch' | '2pl';
  createdAt: Date;
  appliedAt: Date | null;
  result: Record<string, unknown>;
}): CalibrationRunView {
  const result = row.result as unknown as { versions: CalibratedVersion[]; report: CalibrationReport };
  return {
    id: row.id,
    model: row.model,
    createdAt: row.createdAt.toISOString(),
    appliedAt: row.appliedAt?.toISOString() ?? null,
    versions: result.versions,
    report: result.report,
  };
}

/** One calibration run of the tenant. */
export async function getCalibrationRun(
  deps: Pick<AppDeps, 'db'>,
  tenantId: string,
  id: string,
): Promise<CalibrationRunView> {
  const row = await findCalibrationRun(deps.db, tenantId, id);
  if (!row) throw new DomainError('not_found', 'No such calibration run');
  return calibrationRunView(row);
}

/**
 * Writes a run's estimates into the item versions they were estimated for (IRT parameters only:
 * what candidates see does not change, so no new version). Items flagged for too little data or
 * left unestimable keep their parameters. A run is applied once.
 */
export async function applyCalibration(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  by: ChangeAuthor,
  runId: string,
): Promise<{ applied: string[]; skipped: string[] }> {
  return runUnitOfWork(deps, by, async ({ tx, now, audit, authorize }) => {
    authorize(['admin']);
    const row = await findCalibrationRun(tx, by.tenantId, runId, true);
    if (!row) throw new DomainError('not_found', 'No such calibration run');
    if (row.appliedAt)
      throw new DomainError('conflict', `This calibration run was applied at ${row.appliedAt.toISOString()}`);
    const run = calibrationRunView(row);
    const insufficient = new Set(
      run.report.flags.filter((f) => f.kind === 'insufficient_data').map((f) => f.itemId),
    );
    const versions = new Map(run.versions.map((v) => [v.key, v]));
    const applied: string[] = [];
    const skipped: string[] = [];
    for (const item of run.report.items) {
      const version = versions.get(item.itemId)!;
      const label = `${version.externalId}@${version.version}`;
      if (!item.estimate || insufficient.has(item.itemId)) {
        skipped.push(label);
        continue;
      }
      await updateItemVersion(tx, by.tenantId, version.itemId, version.version, {
        irtModel: run.model === 'rasch' ? '1pl' : '2pl',
        irtA: item.estimate.a,
        irtB: item.estimate.b,
        irtC: 0,
        irtSource: `calibration:${run.id}`,
        updatedAt: now,
      });
      applied.push(label);
    }
    await markCalibrationApplied(tx, by.tenantId, runId, by.userId, now);
    await audit({
      action: 'calibration.applied',
      subjectType: 'calibration',
      subjectId: runId,
      details: { applied, skipped },
    });
    return { applied, skipped };
  });
}
