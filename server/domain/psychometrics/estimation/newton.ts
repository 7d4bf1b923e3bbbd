/**
 * Fisher scoring for a one-dimensional concave-ish objective on a bounded interval, shared by the MLE and MAP
 * estimators: θ ← θ + f′(θ)/J(θ), where J is the expected information (Fisher scoring replaces the observed
 * second derivative by its expectation; Baker & Kim 2004, ch. 5). Each step is capped at one logit and
 * halved while it lowers the objective, so the 3PL's flat or multimodal likelihoods cannot throw it off.
 */

/** The objective, its derivative and the (positive) expected information at θ. */
export interface ScoringProblem {
  readonly value: (theta: number) => number;
  readonly gradient: (theta: number) => number;
  readonly information: (theta: number) => number;
}

const MAX_STEP = 1;
const TOLERANCE = 1e-7;
const MAX_ITERATIONS = 100;

/** How far either side of a point where Fisher scoring stopped the objective is looked at (logits). */
const PROBE = 0.01;
/** How often the search climbs on from a point where the slope vanished but the objective still rises. */
const MAX_CLIMBS = 20;

/**
 * The maximiser of the problem's objective within [lower, upper], started at `start`. Fisher scoring stops where
 * the slope vanishes, which on a 3PL likelihood can be a flat shoulder rather than a maximum (a guessed right
 * answer among wrong ones rises towards the lower bound with a near-level stretch on the way): so the objective
 * is looked at `PROBE` either side, and while one side is higher the search climbs on that way, in doubling
 * steps, and scores again from there.
 */
export function fisherScoringMaximum(
  problem: ScoringProblem,
  start: number,
  lower: number,
  upper: number,
): number {
  const clamp = (t: number): number => Math.min(Math.max(t, lower), upper);
  let theta = scoreUphill(problem, clamp(start), clamp);
  for (let climb = 0; climb < MAX_CLIMBS; climb++) {
    const here = problem.value(theta);
    const direction = [-1, 1].find((d) => problem.value(clamp(theta + d * PROBE)) > here);
    if (direction === undefined) break;
    theta = scoreUphill(problem, climbFrom(problem, theta, direction, clamp), clamp);
  }
  return theta;
}

/** Fisher scoring from `start` until the steps vanish or none goes uphill. */
function scoreUphill(problem: ScoringProblem, start: number, clamp: (t: number) => number): number {
  let theta = start;
  let current = problem.value(theta);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const info = Math.max(problem.information(theta), 1e-6);
    let step = Math.max(-MAX_STEP, Math.min(MAX_STEP, problem.gradient(theta) / info));
    let next = clamp(theta + step);
    let nextValue = problem.value(next);
    for (let halving = 0; halving < 30 && nextValue < current; halving++) {
      step /= 2;
      next = clamp(theta + step);
      nextValue = problem.value(next);
    }
    if (nextValue < current) break;
    const moved = Math.abs(next - theta);
    theta = next;
    current = nextValue;
    if (moved < TOLERANCE) break;
  }
  return theta;
}

/** The highest point met walking from `theta` in `direction` in steps of PROBE, 2·PROBE, 4·PROBE… while it rises. */
function climbFrom(
  problem: ScoringProblem,
  theta: number,
  direction: number,
  clamp: (t: number) => number,
): number {
  let best = theta;
  let bestValue = problem.value(theta);
  for (let step = PROBE; ; step *= 2) {
    const next = clamp(theta + direction * step);
    const value = problem.value(next);
    if (value <= bestValue) return best;
    best = next;
    bestValue = value;
    if (next === clamp(next + direction)) return best;
  }
}

/**
 * The derivative of the log-likelihood of one 4PL item: ∂/∂θ [s ln P + (1 − s) ln(1 − P)]
 * = a (s − P)(P − c)(d − P) / ((d − c) P (1 − P)).
 */
export function itemScore(theta: number, a: number, b: number, c: number, d: number, s: number): number {
  const logistic = 1 / (1 + Math.exp(-a * (theta - b)));
  const p = Math.min(Math.max(c + (d - c) * logistic, 1e-12), 1 - 1e-12);
  return (a * (s - p) * (p - c) * (d - p)) / ((d - c) * p * (1 - p));
}
