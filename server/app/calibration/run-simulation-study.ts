import { randomInt } from 'node:crypto';
import { runOffThread } from '../../adapters/off-thread.js';
import type { Blueprint } from '../../domain/assessment/blueprint.js';
import { DomainError } from '../../domain/errors.js';
import type { CatItem } from '../../domain/psychometrics/cat-bank.js';
import type { SimulationResult } from '../../domain/psychometrics/simulation.js';
import { findBlueprint, findCertification } from '../../persistence/repositories/certifications.js';
import { listActiveVersions } from '../../persistence/repositories/items.js';
import type { AppDeps, ChangeAuthor } from '../deps.js';

/** What to simulate: a certification's saved blueprint or a draft one, on the active bank. */
export interface SimulationRequest {
  readonly certificationId?: string;
  readonly blueprint?: Blueprint;
  readonly examinees: number;
  readonly seed?: number;
  /** Mean and SD of the simulated candidates' θ (the population the programme expects). */
  readonly population?: { readonly mean: number; readonly sd: number };
}

/** A study's figures and what it ran on. */
export interface SimulationReport extends SimulationResult {
  readonly seed: number;
  readonly bankSize: number;
  readonly blueprintVersion: number | null;
}

/**
 * A psychometrician's pre-launch study: simulated candidates (θ ~ N(mean, sd)) take the adaptive exam
 * the blueprint describes, on the tenant's active calibrated, scored items; precision, bias, length,
 * exposure and classification accuracy come back. Sympson–Hetter parameters are computed by a first
 * simulation on separate simulees. The study runs in a worker thread, so other requests go on meanwhile;
 * the API caps its size, and bigger studies belong to `npm run cat:simulate`.
 */
export async function runSimulationStudyForTenant(
  deps: Pick<AppDeps, 'db'>,
  by: ChangeAuthor,
  request: SimulationRequest,
): Promise<SimulationReport> {
  let blueprint = request.blueprint;
  let blueprintVersion: number | null = null;
  if (request.certificationId) {
    const certification = await findCertification(deps.db, by.tenantId, request.certificationId);
    if (!certification) throw new DomainError('not_found', 'No such certification');
    if (certification.blueprintVersion === null)
      throw new DomainError('blueprint_infeasible', 'The certification has no blueprint yet');
    const row = await findBlueprint(deps.db, by.tenantId, certification.id, certification.blueprintVersion);
    blueprint = row?.definition as unknown as Blueprint;
    blueprintVersion = certification.blueprintVersion;
  }
  if (!blueprint)
    throw new DomainError('validation_failed', 'Give a certificationId or a blueprint', [
      { path: '/certificationId', rule: 'required', message: 'or /blueprint is required' },
    ]);
  const items: CatItem[] = (await listActiveVersions(deps.db, by.tenantId)).flatMap(
    ({ externalId, version }) =>
      !version.pretest && version.irtA !== null && version.irtB !== null
        ? [
            {
              id: externalId,
              domain: version.domain,
              params: { a: version.irtA, b: version.irtB, c: version.irtC ?? 0, d: 1 },
            },
          ]
        : [],
  );
  const seed = request.seed ?? randomInt(2 ** 31);
  const outcome = await runOffThread({
    kind: 'simulation',
    input: {
      blueprint,
      items,
      examinees: request.examinees,
      population: request.population ?? { mean: 0, sd: 1 },
      seed,
    },
  });
  if (!outcome.ran && outcome.reason === 'not_adaptive') {
    throw new DomainError(
      'blueprint_infeasible',
      'Simulation studies run adaptive blueprints; this one delivers fixed or linear forms',
    );
  }
  if (!outcome.ran) {
    throw new DomainError(
      'blueprint_infeasible',
      `The active bank cannot run this exam: ${outcome.problems.join('; ')}`,
      outcome.problems.map((message) => ({ path: '/blueprint', rule: 'feasible', message })),
    );
  }
  const result = outcome.result;
  return { ...result, seed, bankSize: items.length, blueprintVersion };
}
