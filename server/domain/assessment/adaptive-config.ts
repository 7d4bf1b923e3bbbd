import type { CatConfig } from '../psychometrics/cat-config.js';
import type { Blueprint } from './blueprint.js';
import { domainBounds } from './blueprint.js';

/**
 * The CAT configuration an adaptive blueprint describes: its estimator, stopping rule (the
 * classification rule takes the blueprint's cut score), the domain bounds as content constraints,
 * and exposure control. Sympson–Hetter needs its parameters, which come from a simulation of this
 * very configuration (computeSympsonHetterParameters); pass them in. Undefined for other modes.
 */
export function catConfigFromBlueprint(
  blueprint: Blueprint,
  sympsonHetterParameters: Readonly<Record<string, number>> = {},
): CatConfig | undefined {
  const delivery = blueprint.delivery;
  if (delivery.mode !== 'adaptive') return undefined;
  const cutTheta = blueprint.scoring.method === 'theta' ? blueprint.scoring.cutTheta : 0;
  const stopping =
    delivery.stopping.rule === 'classification' ? { ...delivery.stopping, cutTheta } : delivery.stopping;
  const exposure =
    delivery.exposure.method === 'sympson_hetter'
      ? { method: 'sympson_hetter' as const, parameters: sympsonHetterParameters }
      : delivery.exposure;
  return {
    start: { theta: delivery.startTheta },
    estimator: delivery.estimator,
    exposure,
    stopping,
    content: domainBounds(blueprint).map((b) => ({
      domain: b.domain,
      min: b.min,
      max: b.max,
      weight: b.weight,
    })),
  };
}
