/**
 * Expected a posteriori (EAP) ability estimation (Bock & Mislevy 1982, Applied Psychological Measurement 6(4),
 * "Adaptive EAP estimation of ability in a microcomputer environment"):
 *
 *   θ̂ = ∫ θ L(θ) g(θ) dθ / ∫ L(θ) g(θ) dθ,   SE = √(∫ (θ − θ̂)² L(θ) g(θ) dθ / ∫ L(θ) g(θ) dθ)
 *
 * - L(θ): the likelihood of the scored responses (irt.ts logLikelihood, fractional scores allowed).
 * - g(θ): the normal prior N(priorMean, priorSd²); priorSd > 0.
 * - The integrals are sums over a fixed grid of `points` (default 61) equally spaced nodes on
 *   priorMean ± 5·priorSd, weighted by the prior density (rectangle rule, which for smooth, fast-decaying
 *   integrands is as accurate as Gauss–Hermite at this density).
 * The SE is the posterior standard deviation. EAP always exists (even for all-right or all-wrong patterns) and
 * shrinks toward the prior mean.
 */
import { logLikelihood } from '../irt.js';
import type { AbilityEstimate, ScoredResponse } from './index.js';

/** EAP options: the normal prior and the number of quadrature nodes. */
export interface EapOptions {
  readonly priorMean: number;
  readonly priorSd: number;
  readonly points?: number;
}

/** Half-width of the quadrature range, in prior SDs. */
const RANGE_SD = 5;
/** Rescale the running likelihood when its peak falls below this, so long tests cannot underflow. */
const UNDERFLOW = 1e-150;

/** The quadrature grid of an EAP prior: `points` nodes θ_q = low + q·step and the prior density at each. */
export interface EapQuadrature {
  readonly low: number;
  readonly step: number;
  readonly nodes: Float64Array;
  /** exp(−z²/2), z = (θ_q − priorMean)/priorSd: the prior density up to a constant. */
  readonly prior: Float64Array;
}

/** The grid and prior weights for the options; makeEstimator builds it once per estimator. */
export function eapQuadrature(options: EapOptions): EapQuadrature {
  const points = options.points ?? 61;
  const { priorMean, priorSd } = options;
  const low = priorMean - RANGE_SD * priorSd;
  const step = (2 * RANGE_SD * priorSd) / (points - 1);
  const nodes = new Float64Array(points);
  const prior = new Float64Array(points);
  for (let q = 0; q < points; q++) {
    const theta = low + q * step;
    const z = (theta - priorMean) / priorSd;
    nodes[q] = theta;
    prior[q] = Math.exp(-0.5 * z * z);
  }
  return { low, step, nodes, prior };
}

/**
 * Multiplies each node's running likelihood by the item's P or 1 − P, and returns the largest product.
 * exp(−a(θ_q − b)) is advanced by a constant ratio from node to node (one exp per item instead of one per
 * node), which keeps a 30-item EAP at a few microseconds; fractional scores and extreme exponents take the
 * direct route.
 */
function multiplyItem(likelihood: Float64Array, grid: EapQuadrature, response: ScoredResponse): number {
  const { a, b, c, d } = response.item;
  const s = response.score;
  const { nodes } = grid;
  const startExponent = -a * (grid.low - b);
  const endExponent = -a * ((nodes[nodes.length - 1] as number) - b);
  let peak = 0;
  if (Math.abs(startExponent) > 600 || Math.abs(endExponent) > 600 || (s !== 0 && s !== 1)) {
    const single = [response];
    for (let q = 0; q < likelihood.length; q++) {
      const value = (likelihood[q] as number) * Math.exp(logLikelihood(nodes[q] as number, single));
      likelihood[q] = value;
      peak = Math.max(peak, value);
    }
    return peak;
  }
  let e = Math.exp(startExponent);
  const ratio = Math.exp(-a * grid.step);
  for (let q = 0; q < likelihood.length; q++) {
    // P = c + (d − c)/(1 + e) and 1 − P = ((1 − d) + (1 − c)e)/(1 + e), without cancellation.
    const factor = s === 1 ? c + (d - c) / (1 + e) : (1 - d + (1 - c) * e) / (1 + e);
    const value = (likelihood[q] as number) * Math.max(factor, 1e-300);
    likelihood[q] = value;
    peak = Math.max(peak, value);
    e *= ratio;
  }
  return peak;
}

/** The EAP estimate (posterior mean) and posterior SD of θ. */
export function eapEstimate(responses: readonly ScoredResponse[], options: EapOptions): AbilityEstimate {
  return eapOnGrid(responses, eapQuadrature(options));
}

/** The EAP estimate on a prepared grid (see eapQuadrature). */
export function eapOnGrid(responses: readonly ScoredResponse[], grid: EapQuadrature): AbilityEstimate {
  const { nodes, prior } = grid;
  const points = nodes.length;
  const likelihood = new Float64Array(points).fill(1);
  for (const response of responses) {
    const peak = multiplyItem(likelihood, grid, response);
    if (peak < UNDERFLOW) for (let q = 0; q < points; q++) likelihood[q] = (likelihood[q] as number) / peak;
  }
  let mass = 0;
  let first = 0;
  let second = 0;
  for (let q = 0; q < points; q++) {
    const theta = nodes[q] as number;
    const weight = (likelihood[q] as number) * (prior[q] as number);
    mass += weight;
    first += weight * theta;
    second += weight * theta * theta;
  }
  const theta = first / mass;
  const variance = Math.max(second / mass - theta * theta, 0);
  return { theta, se: Math.sqrt(variance) };
}
