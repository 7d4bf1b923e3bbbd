import { type ItemParameters, probability } from '../../../server/domain/psychometrics/irt.js';
import { normal, type Rng, seededRng } from '../../../server/domain/psychometrics/rng.js';
import type {
  ResponseMatrix,
  ScoredResponse,
} from '../../../server/domain/psychometrics/calibration/response-matrix.js';

/** A simulated calibration sample: the true item parameters and the responses they produced. */
export interface SimulatedSample {
  readonly truth: readonly ItemParameters[];
  readonly matrix: ResponseMatrix;
}

/** Draws a 2PL bank as in the brief: a ~ lognormal(0, 0.3) clipped to [0.5, 2.5], b ~ N(0, 1). */
export function draw2plBank(rng: Rng, count: number): ItemParameters[] {
  return Array.from({ length: count }, () => ({
    a: Math.min(Math.max(Math.exp(normal(rng, 0, 0.3)), 0.5), 2.5),
    b: normal(rng),
    c: 0,
    d: 1,
  }));
}

/** Draws a Rasch bank: a = 1, b ~ N(0, 1). */
export function draw1plBank(rng: Rng, count: number): ItemParameters[] {
  return Array.from({ length: count }, () => ({ a: 1, b: normal(rng), c: 0, d: 1 }));
}

/** Responses of `examinees` with θ ~ N(0, 1) to `truth`; each cell is missing with probability `missingRate`. */
export function simulate(
  seed: number,
  truth: readonly ItemParameters[],
  examinees: number,
  missingRate = 0,
): SimulatedSample {
  const rng = seededRng(seed);
  const responses: ScoredResponse[][] = [];
  for (let e = 0; e < examinees; e++) {
    const theta = normal(rng);
    responses.push(
      truth.map((item) => {
        const right: ScoredResponse = rng.next() < probability(theta, item) ? 1 : 0;
        return rng.next() < missingRate ? null : right;
      }),
    );
  }
  return { truth, matrix: { itemIds: truth.map((_, i) => `item-${i + 1}`), responses } };
}

/** Root mean squared difference of paired values. */
export function rmse(estimates: readonly number[], truths: readonly number[]): number {
  const sum = estimates.reduce((s, x, k) => s + (x - truths[k]!) ** 2, 0);
  return Math.sqrt(sum / estimates.length);
}
