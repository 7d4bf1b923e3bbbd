/**
 * Maximum-likelihood ability estimation (Lord 1980, "Applications of Item Response Theory to Practical Testing
 * Problems", ch. 4) by Fisher scoring on the log-likelihood ln L(θ) = Σ s ln P + (1 − s) ln(1 − P):
 *
 *   θ ← θ + Σ a (s − P)(P − c)(d − P)/((d − c) P (1 − P)) / I(θ),   SE = 1/√I(θ̂)
 *
 * with I(θ) the test information. θ̂ is kept within [−4, 4] (beyond that the logit scale carries no
 * measurement in practice, and 3PL likelihoods can run off to ±∞ on odd patterns).
 *
 * The MLE does not exist while every score is 1 (L increases without bound) or every score is 0, or before
 * any item is scored. Then the fixed step-size rule of Dodd (1990, Applied Psychological Measurement 14(4),
 * "The effect of item selection procedure and stepsize on computerized adaptive attitude measurement using the
 * rating scale model") stands in: each response moves θ by ±stepSize from the start, so after n all-right
 * answers θ = start + n·stepSize (clamped to [−4, 4]); the SE reported is 1/√I at that θ.
 */
import { logLikelihood, standardErrorFromInformation, testInformation } from '../irt.js';
import type { AbilityEstimate, ScoredResponse } from './index.js';
import { fisherScoringMaximum, itemScore } from './newton.js';

/** MLE options: the start θ (and fallback origin) and the fallback step in logits (default 0.7). */
export interface MleOptions {
  readonly startTheta?: number;
  readonly stepSize?: number;
}

/** Bounds of the MLE and of its fallback, in logits. */
export const MLE_BOUNDS = { lower: -4, upper: 4 } as const;

/** True when no finite MLE exists: no responses, or every score is 1, or every score is 0. */
export function mleIsUndefined(responses: readonly ScoredResponse[]): boolean {
  if (responses.length === 0) return true;
  return responses.every((r) => r.score >= 1) || responses.every((r) => r.score <= 0);
}

/** The MLE of θ with its SE, or Dodd's step-size fallback while the MLE does not exist. */
export function mleEstimate(responses: readonly ScoredResponse[], options: MleOptions = {}): AbilityEstimate {
  const start = options.startTheta ?? 0;
  const items = responses.map((r) => r.item);
  const clamp = (t: number): number => Math.min(Math.max(t, MLE_BOUNDS.lower), MLE_BOUNDS.upper);
  let theta: number;
  if (mleIsUndefined(responses)) {
    const direction = responses.length === 0 ? 0 : (responses[0] as ScoredResponse).score >= 1 ? 1 : -1;
    theta = clamp(start + direction * (options.stepSize ?? 0.7) * responses.length);
  } else {
    theta = fisherScoringMaximum(
      {
        value: (t) => logLikelihood(t, responses),
        gradient: (t) => {
          let total = 0;
          for (const { item, score } of responses)
            total += itemScore(t, item.a, item.b, item.c, item.d, score);
          return total;
        },
        information: (t) => testInformation(t, items),
      },
      start,
      MLE_BOUNDS.lower,
      MLE_BOUNDS.upper,
    );
  }
  return { theta, se: standardErrorFromInformation(testInformation(theta, items)) };
}
