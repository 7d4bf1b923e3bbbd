/**
 * Rasch (1PL) item calibration by conditional maximum likelihood (CML; Andersen 1970, JRSS B
 * 32; Andersen 1973, Psychometrika 38; Fischer 1981, Psychometrika 46 on existence).
 *
 *   P(x_ei = 1 | θ_e) = 1 / (1 + exp(−(θ_e − b_i)))
 *
 * b_i: item difficulty in logits (typically within [−3, 3]); θ_e never needs estimating: given
 * the raw score r_e on the items S_e the examinee saw, the pattern's probability is
 * Π ε_i^{x_i} / γ_{r_e}(ε_{S_e}) with ε_i = exp(−b_i) (see esf.ts). CML rather than joint ML
 * because it is consistent for a fixed number of items (JML is not; Wright's (L − 1)/L
 * correction only patches the complete-data case) and, by conditioning each examinee on their
 * own item set, it handles sparse adaptive and multi-form data exactly. Examinees are grouped
 * by item set, so the ESFs are computed once per distinct set per iteration: cheap for linear
 * forms (a few sets), one set per examinee for adaptive data (O(m³) each for m items seen).
 *
 * Newton–Raphson on b with the full information matrix J = Σ_e Cov(x_e | r_e); J·1 = 0, so the
 * scale is identified by Σ b_i = 0 (mean difficulty 0) and the step solves (J + 11ᵀ)Δ = g,
 * whose solution satisfies 1ᵀΔ = 0. SEs are the diagonal of J⁺ = (J + 11ᵀ)⁻¹ − 11ᵀ/K².
 * Examinees with a zero or perfect score carry no information under CML and are dropped;
 * items then left with no right (or no wrong) answer are unestimable (their CML estimate is
 * ±∞) and are dropped in turn until none remain. A design whose item sets do not link (two
 * forms with no common item) is not identified: the information is singular and the result
 * says converged: false.
 */
import { conditionalMoments } from './esf.js';
import { invertSpd, multiply } from './linear-algebra.js';
import {
  assertResponseMatrix,
  itemCounts,
  type ResponseMatrix,
  type UnestimableItem,
  unestimableReason,
} from './response-matrix.js';

/** Tuning of the Newton–Raphson iterations. */
export interface RaschOptions {
  /** Newton steps at most (default 100). */
  readonly maxIterations?: number;
  /** Converged when the largest change in any b is below this, in logits (default 1e-6). */
  readonly tolerance?: number;
  /** The largest change of any b in one step, in logits (default 1). */
  readonly maxStep?: number;
}

/** A Rasch difficulty with its standard error (both in logits, mean b = 0 over the estimated items). */
export interface RaschItemEstimate {
  readonly itemId: string;
  readonly b: number;
  readonly seB: number;
}

/** The outcome of a Rasch CML calibration. */
export interface RaschCalibration {
  readonly method: 'cml';
  readonly items: readonly RaschItemEstimate[];
  readonly unestimable: readonly UnestimableItem[];
  readonly iterations: number;
  readonly converged: boolean;
  /** The conditional log-likelihood at the estimates. */
  readonly logLikelihood: number;
}

/** Examinees who saw the same estimable items, counted by raw score. */
interface ItemSetGroup {
  readonly items: readonly number[];
  readonly scoreCounts: (readonly [number, number])[];
}

/** Drops uninformative examinees and unestimable items until both are stable (see the module docblock). */
function screen(matrix: ResponseMatrix): { active: number[]; unestimable: UnestimableItem[] } {
  let active = matrix.itemIds.map((_, i) => i);
  const unestimable: UnestimableItem[] = [];
  const rawN = itemCounts(matrix).n;
  for (;;) {
    const n = matrix.itemIds.map(() => 0);
    const correct = matrix.itemIds.map(() => 0);
    for (const row of matrix.responses) {
      const seen = active.filter((i) => row[i] !== null);
      const score = seen.reduce((s, i) => s + (row[i] ?? 0), 0);
      if (score === 0 || score === seen.length) continue;
      for (const i of seen) {
        n[i] = n[i]! + 1;
        correct[i] = correct[i]! + (row[i] ?? 0);
      }
    }
    const dropped = active.flatMap((i) => {
      const id = matrix.itemIds[i]!;
      if (rawN[i] === 0) return [unestimableReason(id, 0, 0)!];
      if (n[i] === 0) {
        const message = `every examinee who saw ${id} had a zero or perfect score, which carries no information under CML`;
        return [{ itemId: id, reason: 'no_informative_responses' as const, message }];
      }
      const verdict = unestimableReason(
        id,
        n[i]!,
        correct[i]!,
        'informative examinees (raw score neither 0 nor perfect)',
      );
      return verdict === null ? [] : [verdict];
    });
    if (dropped.length === 0) return { active, unestimable };
    unestimable.push(...dropped);
    const droppedIds = new Set(dropped.map((d) => d.itemId));
    active = active.filter((i) => !droppedIds.has(matrix.itemIds[i]!));
  }
}

/** Groups informative examinees by the set of active items they saw; also each item's number seen and right. */
function groupByItemSet(
  matrix: ResponseMatrix,
  active: readonly number[],
): { groups: ItemSetGroup[]; right: number[]; seen: number[] } {
  const position = new Map(active.map((item, k) => [item, k]));
  const groups = new Map<string, { items: number[]; counts: Map<number, number> }>();
  const right = active.map(() => 0);
  const seen = active.map(() => 0);
  for (const row of matrix.responses) {
    const items = active.filter((i) => row[i] !== null).map((i) => position.get(i)!);
    const score = items.reduce((s, k) => s + (row[active[k]!] ?? 0), 0);
    if (score === 0 || score === items.length) continue;
    for (const k of items) {
      right[k] = right[k]! + (row[active[k]!] ?? 0);
      seen[k] = seen[k]! + 1;
    }
    const key = items.join(',');
    const group = groups.get(key) ?? { items, counts: new Map<number, number>() };
    group.counts.set(score, (group.counts.get(score) ?? 0) + 1);
    groups.set(key, group);
  }
  const list = [...groups.values()].map((g) => ({ items: g.items, scoreCounts: [...g.counts.entries()] }));
  return { groups: list, right, seen };
}

/** Gradient, information matrix and conditional log-likelihood of all groups at b. */
function evaluate(groups: readonly ItemSetGroup[], right: readonly number[], b: readonly number[]) {
  const size = b.length;
  const gradient = right.map((s) => -s);
  const information = new Float64Array(size * size);
  let logLikelihood = -right.reduce((sum, s, k) => sum + s * b[k]!, 0);
  for (const { items, scoreCounts } of groups) {
    // Centring the group's difficulties scales every ε by one factor: π and Cov are unchanged,
    // ln γ_r shifts by −r·shift, and the γ's stay far from overflow.
    const shift = items.reduce((s, k) => s + b[k]!, 0) / items.length;
    const moments = conditionalMoments(
      items.map((k) => Math.exp(-(b[k]! - shift))),
      scoreCounts,
    );
    const m = items.length;
    const scoreSum = scoreCounts.reduce((s, [r, n]) => s + r * n, 0);
    logLikelihood -= moments.logNormaliser - scoreSum * shift;
    items.forEach((k, u) => {
      gradient[k] = gradient[k]! + moments.expected[u]!;
      items.forEach((l, v) => {
        information[k * size + l] = information[k * size + l]! + moments.information[u * m + v]!;
      });
    });
  }
  return { gradient, information, logLikelihood };
}

/** The values shifted to mean 0 (the Σ b = 0 identification). */
function centred(values: readonly number[]): number[] {
  const mean = values.reduce((s, x) => s + x, 0) / values.length;
  return values.map((x) => x - mean);
}

/** Rasch difficulties by CML with Newton–Raphson (see the module docblock); unestimable items are reported, not returned as ±∞. */
export function calibrateRasch(matrix: ResponseMatrix, options: RaschOptions = {}): RaschCalibration {
  assertResponseMatrix(matrix);
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-6;
  const maxStep = options.maxStep ?? 1;
  const { active, unestimable } = screen(matrix);
  const { groups, right, seen } = groupByItemSet(matrix, active);
  const size = active.length;
  if (size === 0)
    return { method: 'cml', items: [], unestimable, iterations: 0, converged: true, logLikelihood: 0 };

  // Start from the centred log-odds of failure, which is the solution when every examinee saw every item and θ were all equal.
  let b = centred(
    right.map((s, k) => {
      const p = (s + 0.5) / (seen[k]! + 1);
      return Math.log((1 - p) / p);
    }),
  );
  let iterations = 0;
  let converged = false;
  let state = evaluate(groups, right, b);
  let covariance: Float64Array | null;
  // (J + 11ᵀ)⁻¹ at the current b: the Newton step's solver and, once the loop stops, the source of the SEs.
  for (;;) {
    covariance = invertSpd(
      state.information.map((x) => x + 1),
      size,
    );
    if (covariance === null || converged || iterations >= maxIterations) break;
    const step = multiply(covariance, state.gradient, size);
    const largest = step.reduce((mx, x) => Math.max(mx, Math.abs(x)), 0);
    const scale = largest > maxStep ? maxStep / largest : 1;
    b = centred(b.map((x, k) => x + scale * step[k]!));
    iterations += 1;
    state = evaluate(groups, right, b);
    converged = largest < tolerance;
  }
  const cov = covariance;
  const items = active.map((i, k) => ({
    itemId: matrix.itemIds[i]!,
    b: b[k]!,
    seB: cov === null ? Number.NaN : Math.sqrt(Math.max(cov[k * size + k]! - 1 / (size * size), 0)),
  }));
  return { method: 'cml', items, unestimable, iterations, converged, logLikelihood: state.logLikelihood };
}
