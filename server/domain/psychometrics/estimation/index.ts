/**
 * Ability estimation: one interface, three strategies. An estimator takes the scored responses so far and
 * returns θ̂ with its standard error; it knows nothing of selection, exposure or stopping.
 *
 * - EAP (Bock & Mislevy 1982): posterior mean and SD under a normal prior, by fixed quadrature (eap.ts).
 * - MAP (Bayes modal; Samejima 1969, Mislevy 1986): posterior mode by Fisher scoring (map.ts).
 * - MLE (Lord 1980): likelihood maximum by Fisher scoring, with a step-size fallback while the MLE does
 *   not exist (mle.ts).
 */
import type { ItemParameters } from '../irt.js';
import { eapOnGrid, eapQuadrature } from './eap.js';
import { mapEstimate } from './map.js';
import { mleEstimate } from './mle.js';

/** One administered item with its score s in [0, 1] (0 wrong, 1 right, fractions for partial credit). */
export interface ScoredResponse {
  readonly item: ItemParameters;
  readonly score: number;
}

/** An ability estimate θ̂ (logits) with its standard error. */
export interface AbilityEstimate {
  readonly theta: number;
  readonly se: number;
}

/** A strategy turning scored responses into an ability estimate. */
export type Estimator = (responses: readonly ScoredResponse[]) => AbilityEstimate;

/** How to estimate; the prior is N(priorMean, priorSd²) on the θ scale. */
export type EstimatorConfig =
  | { readonly method: 'eap'; readonly priorMean: number; readonly priorSd: number; readonly points?: number }
  | { readonly method: 'map'; readonly priorMean: number; readonly priorSd: number }
  | { readonly method: 'mle'; readonly startTheta?: number; readonly stepSize?: number };

/** The estimator a configuration names (the EAP grid and prior weights are computed here, once). */
export function makeEstimator(config: EstimatorConfig): Estimator {
  switch (config.method) {
    case 'eap': {
      const grid = eapQuadrature(config);
      return (responses) => eapOnGrid(responses, grid);
    }
    case 'map':
      return (responses) => mapEstimate(responses, config);
    case 'mle':
      return (responses) => mleEstimate(responses, config);
  }
}
