/**
 * One simulated examinee through the engine, and the summary statistics of a simulation study. Shared by
 * the study (simulation.ts) and the Sympson–Hetter calibration (exposure/sympson-hetter-calibration.ts).
 */
import type { CatBank, CatItem } from './cat-bank.js';
import type { CatConfig } from './cat-config.js';
import { type CatState, nextCatStep, recordCatResponse, startCat } from './cat-engine.js';
import { probability } from './irt.js';
import type { Rng } from './rng.js';
import type { StopReason } from './stopping/rules.js';

/** How one examinee's test went: the final state, why it stopped, and the time of each step in ms. */
export interface ExamineeRun {
  readonly state: CatState;
  readonly reason: StopReason;
  readonly stepMs: readonly number[];
}

/**
 * Runs one CAT to its end. `answer(position)` gives the score on the bank item at that position (simulated
 * from a true θ or read from a response matrix); `timer` (ms) times each nextCatStep + recordCatResponse.
 */
export function runExaminee(
  bank: CatBank,
  config: CatConfig,
  answer: (position: number) => number,
  rng: Rng,
  timer?: () => number,
): ExamineeRun {
  let state = startCat(config);
  const stepMs: number[] = [];
  for (;;) {
    const started = timer?.() ?? 0;
    const step = nextCatStep(bank, config, state, rng);
    if (step.kind === 'stop') return { state, reason: step.reason, stepMs };
    const score = answer(bank.positionOf.get(step.itemId) as number);
    state = recordCatResponse(bank, config, step.state, step.itemId, score);
    if (timer !== undefined) stepMs.push(timer() - started);
  }
}

/** A simulee at true θ: answers the item at a bank position right with probability P(θ), drawn from `rng`. */
export function modelAnswers(bank: CatBank, theta: number, rng: Rng): (position: number) => number {
  return (position) => (rng.next() < probability(theta, (bank.items[position] as CatItem).params) ? 1 : 0);
}

/** The bank positions of the items a test administered, in order. */
export function administeredPositions(bank: CatBank, state: CatState): number[] {
  return state.administered.map((r) => bank.positionOf.get(r.itemId) as number);
}

/** The largest value (as Math.max, without spreading a bank-sized list into arguments). */
export function largest(values: ArrayLike<number>): number {
  let found = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) found = Math.max(found, values[i] as number);
  return found;
}

/** The arithmetic mean (NaN for an empty list). */
export function mean(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total / values.length;
}

/** The q-quantile by the nearest-rank method (q in (0, 1]); NaN for an empty list. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] as number;
}

/** Pearson's correlation of two equally long lists (NaN when either is constant). */
export function pearson(x: readonly number[], y: readonly number[]): number {
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * The exposure chi-square of Chang & Ying (1999, Applied Psychological Measurement 23(3), "a-stratified
 * multistage computerized adaptive testing"): χ² = Σ_i (r_i − L/N)² / (L/N), r_i the item's exposure rate,
 * L the mean test length, N the bank size. 0 when every item is used equally.
 */
export function exposureChiSquare(rates: readonly number[], meanLength: number): number {
  const expected = meanLength / rates.length;
  let total = 0;
  for (const r of rates) total += (r - expected) ** 2 / expected;
  return total;
}
