import { catConfigFromBlueprint } from '../../domain/assessment/adaptive-config.js';
import type { Blueprint } from '../../domain/assessment/blueprint.js';
import { prepareCatBank } from '../../domain/psychometrics/cat-bank.js';
import { validateCatConfig } from '../../domain/psychometrics/cat-config.js';
import {
  computeSympsonHetterParameters,
  operationalExposurePlan,
} from '../../domain/psychometrics/exposure/sympson-hetter-calibration.js';
import { normal, seededRng } from '../../domain/psychometrics/rng.js';
import type { ItemVersionRow } from '../../persistence/repositories/items.js';

/** Simulated candidates per Sympson–Hetter calibration round at publication (θ ~ N(0, 1)). */
const PUBLISH_RUN_SIZE = 500;

/**
 * The Sympson–Hetter exposure parameters of an adaptive blueprint that asks for them, computed by simulation on
 * the pool it is published with (null otherwise); live attempts read them from the stored version instead of
 * recomputing. Seeded from the publication instant, so a version's parameters can be reproduced.
 */
export function exposureParametersFor(
  blueprint: Blueprint,
  pool: readonly ItemVersionRow[],
  publishedAt: Date,
): Record<string, number> | null {
  const delivery = blueprint.delivery;
  if (delivery.mode !== 'adaptive' || delivery.exposure.method !== 'sympson_hetter') return null;
  const base = catConfigFromBlueprint(blueprint);
  if (!base) return null;
  const bank = prepareCatBank(
    pool.flatMap((v) =>
      !v.pretest && v.irtA !== null && v.irtB !== null
        ? [{ id: v.itemId, domain: v.domain, params: { a: v.irtA, b: v.irtB, c: v.irtC ?? 0, d: 1 } }]
        : [],
    ),
  );
  if (validateCatConfig(base, bank).length > 0) return null;
  const rng = seededRng(publishedAt.getTime() % 2 ** 31);
  const plan = operationalExposurePlan(delivery.exposure.targetRate, PUBLISH_RUN_SIZE);
  return computeSympsonHetterParameters({
    bank,
    config: base,
    thetas: Array.from({ length: plan.calibrationSimulees }, () => normal(rng)),
    targetRate: delivery.exposure.targetRate,
    iterations: 8,
    safetyMargin: plan.safetyMargin,
    rng,
  });
}
