import type { Blueprint } from '../../domain/assessment/blueprint.js';
import { checkBlueprint, type FeasibilityReport } from '../../domain/assessment/feasibility.js';
import { DomainError } from '../../domain/errors.js';
import {
  findCertification,
  insertBlueprint,
  updateCertification,
} from '../../persistence/repositories/certifications.js';
import type { AppDeps, ChangeAuthor } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';
import { listActiveVersions } from '../../persistence/repositories/items.js';
import { loadBankSummary } from './bank-summary.js';
import { exposureParametersFor } from './exposure-parameters.js';
import { type BlueprintView, blueprintView } from './certification-view.js';

/**
 * Saves a new version of a certification's blueprint, after checking that the tenant's active bank
 * can satisfy it; a blueprint the bank cannot meet is refused with what is short.
 */
export async function saveBlueprint(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: ChangeAuthor,
  certificationId: string,
  blueprint: Blueprint,
): Promise<{ blueprint: BlueprintView; report: FeasibilityReport }> {
  return runUnitOfWork(deps, actor, async ({ tx, now, audit, authorize }) => {
    authorize(['admin']);
    const certification = await findCertification(tx, actor.tenantId, certificationId, true);
    if (!certification) throw new DomainError('not_found', 'No such certification');
    const report = checkBlueprint(blueprint, await loadBankSummary(tx, actor.tenantId));
    if (!report.feasible) {
      throw new DomainError(
        'blueprint_infeasible',
        `The blueprint cannot be met: ${report.problems.map((p) => p.message).join('; ')}`,
        report.problems.map((p) => ({ path: p.path, rule: 'feasible', message: p.message })),
      );
    }
    const pool = await listActiveVersions(tx, actor.tenantId);
    const row = {
      tenantId: actor.tenantId,
      certificationId,
      version: (certification.blueprintVersion ?? 0) + 1,
      definition: blueprint as unknown as Record<string, unknown>,
      itemPool: pool.map(({ version }) => ({ itemId: version.itemId, version: version.version })),
      exposureParameters: exposureParametersFor(
        blueprint,
        pool.map(({ version }) => version),
        now,
      ),
      createdBy: actor.userId,
      createdAt: now,
    };
    await insertBlueprint(tx, row);
    await updateCertification(tx, actor.tenantId, certificationId, {
      blueprintVersion: row.version,
      updatedAt: now,
    });
    await audit({
      action: 'blueprint.saved',
      subjectType: 'certification',
      subjectId: certificationId,
      details: {
        version: row.version,
        mode: blueprint.delivery.mode,
        warnings: report.warnings.map((w) => w.message),
      },
    });
    return { blueprint: blueprintView(row), report };
  });
}

/** Checks a blueprint against the active bank without saving it. */
export async function checkBlueprintAgainstBank(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: ChangeAuthor,
  blueprint: Blueprint,
): Promise<FeasibilityReport> {
  return checkBlueprint(blueprint, await loadBankSummary(deps.db, actor.tenantId));
}
