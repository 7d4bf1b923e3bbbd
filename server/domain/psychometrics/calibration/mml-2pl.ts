/**
 * Two-parameter logistic (2PL) item calibration by marginal maximum likelihood with the EM
 * algorithm (Bock & Aitkin 1981, Psychometrika 46, "Marginal maximum likelihood estimation of
 * item parameters: application of an EM algorithm"; Baker & Kim 2004, ch. 6).
 *
 *   P(x_i = 1 | θ) = 1 / (1 + exp(−(a_i θ + d_i))),   b_i = −d_i / a_i,   θ ~ N(0, 1)
 *
 * a_i: discrimination, kept within [0.2, 4] (typically 0.5–2.5); b_i: difficulty in logits
 * (typically within [−3, 3]); θ's N(0, 1) distribution fixes the scale. The N(0, 1) prior is
 * replaced by Q equally spaced nodes X_q on [−R, R] with normalised weights A_q ∝ φ(X_q).
 *
 * E-step: each examinee's posterior over the nodes from their OBSERVED responses only (missing
 * responses drop out of the likelihood, which is ignorable when missingness depends on observed
 * data, as in adaptive testing; Mislevy & Wu 1996, ETS RR-96-30), giving expected counts
 * n̄_iq (examinees at X_q who saw i) and r̄_iq (of those, answering i correctly).
 * M-step: per item, Newton–Raphson on (a, d) — the slope/intercept form keeps the problem
 * well conditioned — maximising Σ_q r̄ ln P + (n̄ − r̄) ln(1 − P) + ln π(a), with the
 * lognormal slope prior ln a ~ N(0, 0.5²) of BILOG-MG (Mislevy 1986, Psychometrika 51, "Bayes
 * modal estimation in item response models"), which keeps a away from the Heywood-like runs to
 * ∞ of items with near-perfect separation; a is also clamped to [0.2, 4].
 * Stops when no a or b moved more than the tolerance (1e-4) in one cycle. SEs come from the
 * inverse of each item's expected information matrix at convergence (Bock & Aitkin 1981, eq. 9),
 * b's by the delta method.
 */
import { type Expectation, expectation, pack, quadrature } from './expected-counts.js';
import { invert2x2 } from './linear-algebra.js';
import {
  assertResponseMatrix,
  itemCounts,
  type ResponseMatrix,
  type UnestimableItem,
  unestimableReason,
} from './response-matrix.js';

/** Tuning of the EM calibration. */
export interface Mml2plOptions {
  /** Quadrature nodes (default 61). */
  readonly quadraturePoints?: number;
  /** Nodes span [−R, R] (default 6). */
  readonly quadratureRange?: number;
  /** EM cycles at most (default 500). */
  readonly maxIterations?: number;
  /** Converged when no a or b changes more than this in a cycle (default 1e-4). */
  readonly tolerance?: number;
  /** Lognormal prior on a: ln a ~ N(meanLog, sdLog²) (default { meanLog: 0, sdLog: 0.5 }); null for none. */
  readonly slopePrior?: { readonly meanLog: number; readonly sdLog: number } | null;
  /** Bounds on a (default [0.2, 4]). */
  readonly slopeBounds?: readonly [number, number];
}

/** A 2PL item estimate with standard errors. */
export interface Mml2plItemEstimate {
  readonly itemId: string;
  readonly a: number;
  readonly b: number;
  readonly seA: number;
  readonly seB: number;
}

/** The outcome of a 2PL MML-EM calibration. */
export interface Mml2plCalibration {
  readonly method: 'mml-em';
  readonly items: readonly Mml2plItemEstimate[];
  readonly unestimable: readonly UnestimableItem[];
  /** Marginal log-likelihood of the observed responses at the estimates. */
  readonly logLikelihood: number;
  readonly iterations: number;
  readonly converged: boolean;
}

/** Gradient and negative Hessian (information) of one item's M-step objective at (a, d). */
function itemDerivatives(counts: Expectation, k: number, nodes: readonly number[], a: number, d: number) {
  const q = nodes.length;
  let gA = 0;
  let gD = 0;
  let iAA = 0;
  let iAD = 0;
  let iDD = 0;
  for (let j = 0; j < q; j++) {
    const x = nodes[j]!;
    const nq = counts.n[k * q + j]!;
    const p = 1 / (1 + Math.exp(-(a * x + d)));
    const residual = counts.r[k * q + j]! - nq * p;
    const w = nq * p * (1 - p);
    gA += residual * x;
    gD += residual;
    iAA += w * x * x;
    iAD += w * x;
    iDD += w;
  }
  return { gA, gD, iAA, iAD, iDD };
}

/** ln π(a) of the lognormal prior: first derivative and (clamped, non-positive) second derivative. */
function priorTerms(a: number, prior: Mml2plOptions['slopePrior']): { g: number; h: number } {
  if (prior === null || prior === undefined) return { g: 0, h: 0 };
  const z = Math.log(a) - prior.meanLog;
  const s2 = prior.sdLog * prior.sdLog;
  const g = -z / (s2 * a) - 1 / a;
  const h = (1 - (1 - z) / s2) / (a * a);
  return { g, h: Math.min(h, 0) };
}

/** The M-step for one item: Newton–Raphson on (a, d) from the current values. */
function maximiseItem(
  counts: Expectation,
  k: number,
  nodes: readonly number[],
  start: { a: number; d: number },
  options: Required<Pick<Mml2plOptions, 'slopePrior' | 'slopeBounds'>>,
): { a: number; d: number } {
  let { a, d } = start;
  const [low, high] = options.slopeBounds;
  for (let step = 0; step < 25; step++) {
    const t = itemDerivatives(counts, k, nodes, a, d);
    const prior = priorTerms(a, options.slopePrior);
    const inverse = invert2x2(t.iAA - prior.h, t.iAD, t.iDD);
    if (inverse === null) break;
    const gA = t.gA + prior.g;
    let dA = inverse[0] * gA + inverse[1] * t.gD;
    let dD = inverse[1] * gA + inverse[2] * t.gD;
    const largest = Math.max(Math.abs(dA) / 0.5, Math.abs(dD));
    if (largest > 1) {
      dA /= largest;
      dD /= largest;
    }
    a = Math.min(Math.max(a + dA, low), high);
    d += dD;
    if (Math.abs(dA) < 1e-9 && Math.abs(dD) < 1e-9) break;
  }
  return { a, d };
}

/** 2PL slopes and difficulties by MML-EM (see the module docblock); unestimable items are reported, not returned. */
export function calibrate2plMml(matrix: ResponseMatrix, options: Mml2plOptions = {}): Mml2plCalibration {
  assertResponseMatrix(matrix);
  const tolerance = options.tolerance ?? 1e-4;
  const maxIterations = options.maxIterations ?? 500;
  const bounds = {
    slopePrior: options.slopePrior === undefined ? { meanLog: 0, sdLog: 0.5 } : options.slopePrior,
    slopeBounds: options.slopeBounds ?? ([0.2, 4] as const),
  };
  const { nodes, logWeights } = quadrature(options.quadraturePoints ?? 61, options.quadratureRange ?? 6);
  const { n, correct } = itemCounts(matrix);
  const verdicts = matrix.itemIds.map((id, i) => unestimableReason(id, n[i]!, correct[i]!));
  const unestimable = verdicts.filter((v): v is UnestimableItem => v !== null);
  const active = matrix.itemIds.map((_, i) => i).filter((i) => verdicts[i] === null);
  const data = pack(matrix, active);

  // Start at a = 1 with d matching the observed p-value: with θ ~ N(0, 1) and a = 1 the marginal
  // log-odds are about 0.86·d (the probit approximation, logistic(z) ≈ Φ(z/1.7)), hence d = logit(p)/0.86.
  let a = active.map(() => 1);
  let d = active.map((i) => Math.log(correct[i]! / (n[i]! - correct[i]!)) / 0.86);
  let iterations = 0;
  let converged = false;
  let counts = expectation(data, a, d, nodes, logWeights);
  while (iterations < maxIterations) {
    const next = active.map((_, k) => maximiseItem(counts, k, nodes, { a: a[k]!, d: d[k]! }, bounds));
    const change = next.reduce((mx, { a: na, d: nd }, k) => {
      const deltaB = Math.abs(-nd / na + d[k]! / a[k]!);
      return Math.max(mx, Math.abs(na - a[k]!), deltaB);
    }, 0);
    a = next.map((p) => p.a);
    d = next.map((p) => p.d);
    iterations += 1;
    counts = expectation(data, a, d, nodes, logWeights);
    if (change < tolerance) {
      converged = true;
      break;
    }
  }
  const items = active.map((i, k) => {
    const ak = a[k]!;
    const dk = d[k]!;
    const t = itemDerivatives(counts, k, nodes, ak, dk);
    const cov = invert2x2(t.iAA - priorTerms(ak, bounds.slopePrior).h, t.iAD, t.iDD);
    // b = −d/a: ∂b/∂a = d/a², ∂b/∂d = −1/a (delta method).
    const ga = dk / (ak * ak);
    const gd = -1 / ak;
    const varB = cov === null ? Number.NaN : ga * ga * cov[0] + 2 * ga * gd * cov[1] + gd * gd * cov[2];
    return {
      itemId: matrix.itemIds[i]!,
      a: ak,
      b: -dk / ak,
      seA: cov === null ? Number.NaN : Math.sqrt(cov[0]),
      seB: Math.sqrt(varB),
    };
  });
  return { method: 'mml-em', items, unestimable, logLikelihood: counts.logLikelihood, iterations, converged };
}
