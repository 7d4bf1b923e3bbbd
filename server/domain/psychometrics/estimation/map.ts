/**
 * Maximum a posteriori (Bayes modal) ability estimation (Samejima 1969; Mislevy 1986, Psychometrika 51(2),
 * "Bayes modal estimation in item response models"): the mode of
 *
 *   ln p(θ | u) = ln L(θ) − (θ − μ)² / (2σ²) + const
 *
 * found by Fisher scoring, θ ← θ + (∂ln L/∂θ − (θ − μ)/σ²) / (I(θ) + 1/σ²), with
 *   SE = 1/√(I(θ̂) + 1/σ²)
 * - μ = priorMean, σ = priorSd > 0: the normal prior N(μ, σ²);
 * - I(θ): the test information of the administered items.
 * The posterior mode always exists, so MAP needs no fallback; it is kept within μ ± 6σ.
 */
import { logLikelihood, testInformation } from '../irt.js';
import type { AbilityEstimate, ScoredResponse } from './index.js';
import { fisherScoringMaximum, itemScore } from './newton.js';

/** MAP options: the normal prior N(priorMean, priorSd²). */
export interface MapOptions {
  readonly priorMean: number;
  readonly priorSd: number;
}

/** The posterior mode of θ and its SE from test information plus prior precision. */
export function mapEstimate(responses: readonly ScoredResponse[], options: MapOptions): AbilityEstimate {
  const { priorMean, priorSd } = options;
  const precision = 1 / (priorSd * priorSd);
  const items = responses.map((r) => r.item);
  const theta = fisherScoringMaximum(
    {
      value: (t) => logLikelihood(t, responses) - 0.5 * precision * (t - priorMean) ** 2,
      gradient: (t) => {
        let total = -precision * (t - priorMean);
        for (const { item, score } of responses) total += itemScore(t, item.a, item.b, item.c, item.d, score);
        return total;
      },
      information: (t) => testInformation(t, items) + precision,
    },
    priorMean,
    priorMean - 6 * priorSd,
    priorMean + 6 * priorSd,
  );
  return { theta, se: 1 / Math.sqrt(testInformation(theta, items) + precision) };
}
