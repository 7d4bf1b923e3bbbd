/**
 * The E-step of 2PL marginal maximum likelihood (Bock & Aitkin 1981, Psychometrika 46, eqs.
 * 5–6): the N(0, 1) ability distribution on a fixed quadrature, each examinee's posterior over
 * the nodes from their observed responses only, and the expected counts it implies,
 *
 *   n̄_iq = Σ_{e saw i} w_eq,   r̄_iq = Σ_{e saw i, x_ei = 1} w_eq,
 *   w_eq = L_e(X_q) A_q / Σ_q' L_e(X_q') A_q',   L_e(θ) = Π_{i seen} P_i(θ)^x (1 − P_i(θ))^{1−x},
 *
 * with P_i(θ) = 1 / (1 + exp(−(a_i θ + d_i))) (a_i slope > 0, d_i intercept = −a_i b_i).
 */
import type { ResponseMatrix } from './response-matrix.js';

/** Equally spaced nodes on [−range, range] and the logs of their normalised N(0, 1) weights. */
export function quadrature(points: number, range: number): { nodes: number[]; logWeights: number[] } {
  const nodes = Array.from({ length: points }, (_, j) => -range + (2 * range * j) / (points - 1));
  const logDensity = nodes.map((x) => -0.5 * x * x);
  const top = Math.max(...logDensity);
  const logTotal = top + Math.log(logDensity.reduce((s, v) => s + Math.exp(v - top), 0));
  return { nodes, logWeights: logDensity.map((v) => v - logTotal) };
}

/** Expected counts n̄_iq and r̄_iq (item-major, Q per item) and the marginal log-likelihood. */
export interface Expectation {
  readonly n: Float64Array;
  readonly r: Float64Array;
  readonly logLikelihood: number;
}

/** Observed responses packed per examinee: items[offsets[e]..offsets[e+1]) with scores. */
export interface PackedResponses {
  readonly offsets: Int32Array;
  readonly items: Int32Array;
  readonly scores: Uint8Array;
}

/** Packs the observed responses to the estimable items (column k = active[k]). */
export function pack(matrix: ResponseMatrix, active: readonly number[]): PackedResponses {
  const offsets = [0];
  const items: number[] = [];
  const scores: number[] = [];
  for (const row of matrix.responses) {
    active.forEach((i, k) => {
      const cell = row[i];
      if (cell === null || cell === undefined) return;
      items.push(k);
      scores.push(cell);
    });
    offsets.push(items.length);
  }
  return {
    offsets: Int32Array.from(offsets),
    items: Int32Array.from(items),
    scores: Uint8Array.from(scores),
  };
}

/** The E-step of Bock & Aitkin (1981) at slopes a and intercepts d. */
export function expectation(
  data: PackedResponses,
  a: readonly number[],
  d: readonly number[],
  nodes: readonly number[],
  logWeights: readonly number[],
): Expectation {
  const q = nodes.length;
  const size = a.length;
  const logP = new Float64Array(size * q);
  const logQ = new Float64Array(size * q);
  for (let k = 0; k < size; k++) {
    for (let j = 0; j < q; j++) {
      const z = a[k]! * nodes[j]! + d[k]!;
      // ln P = −ln(1 + e^{−z}), ln(1 − P) = −ln(1 + e^{z}), both written to avoid overflow.
      logP[k * q + j] = -(Math.max(-z, 0) + Math.log1p(Math.exp(-Math.abs(z))));
      logQ[k * q + j] = -(Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))));
    }
  }
  const n = new Float64Array(size * q);
  const r = new Float64Array(size * q);
  const posterior = new Float64Array(q);
  let logLikelihood = 0;
  for (let e = 0; e + 1 < data.offsets.length; e++) {
    const from = data.offsets[e]!;
    const to = data.offsets[e + 1]!;
    if (from === to) continue;
    for (let j = 0; j < q; j++) posterior[j] = logWeights[j]!;
    for (let o = from; o < to; o++) {
      const table = data.scores[o] === 1 ? logP : logQ;
      const base = data.items[o]! * q;
      for (let j = 0; j < q; j++) posterior[j] = posterior[j]! + table[base + j]!;
    }
    const top = posterior.reduce((mx, x) => Math.max(mx, x), Number.NEGATIVE_INFINITY);
    let total = 0;
    for (let j = 0; j < q; j++) {
      posterior[j] = Math.exp(posterior[j]! - top);
      total += posterior[j]!;
    }
    logLikelihood += top + Math.log(total);
    for (let j = 0; j < q; j++) posterior[j] = posterior[j]! / total;
    for (let o = from; o < to; o++) {
      const base = data.items[o]! * q;
      const right = data.scores[o] === 1;
      for (let j = 0; j < q; j++) {
        n[base + j] = n[base + j]! + posterior[j]!;
        if (right) r[base + j] = r[base + j]! + posterior[j]!;
      }
    }
  }
  return { n, r, logLikelihood };
}
