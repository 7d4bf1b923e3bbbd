/**
 * Elementary symmetric functions (ESF) for conditional maximum likelihood in the Rasch model.
 *
 * For a set of m items with easinesses ε_i = exp(−b_i) (b_i the Rasch difficulty in logits),
 * the ESF of order r, r = 0..m, is
 *
 *   γ_r(ε) = Σ_{x ∈ {0,1}^m, Σ x = r} Π_i ε_i^{x_i},
 *
 * the normaliser of the probability of a response pattern given its raw score r, which no
 * longer depends on the examinee's θ: P(x | r) = Π ε_i^{x_i} / γ_r (Rasch 1960; Andersen 1970,
 * JRSS B 32, "Asymptotic properties of conditional maximum-likelihood estimators").
 *
 * Computed by the summation algorithm γ^{(k)}_r = γ^{(k−1)}_r + ε_k γ^{(k−1)}_{r−1}, which only
 * adds positive terms and so keeps full relative precision (Fischer 1974; Verhelst, Glas & van
 * der Sluis 1984, Comput. Stat. Q. 1, "Estimation problems in the Rasch model"). ESFs without
 * one or two items come from prefix and suffix ESFs joined by a convolution, also all-positive.
 */

/**
 * Prefix and suffix ESFs of `eps` (m items) in flat row-major (m + 1)×(m + 1) tables, reusing
 * the caller's buffers: row k of `prefix` is the ESF of eps[0..k), row k of `suffix` that of eps[k..m).
 */
function fillPrefixesAndSuffixes(
  eps: ArrayLike<number>,
  m: number,
  prefix: Float64Array,
  suffix: Float64Array,
): void {
  const w = m + 1;
  prefix.fill(0, 0, w * w);
  suffix.fill(0, 0, w * w);
  prefix[0] = 1;
  for (let k = 0; k < m; k++) {
    const e = eps[k]!;
    const from = k * w;
    const to = from + w;
    prefix[to] = prefix[from]!;
    for (let r = 1; r <= k + 1; r++) prefix[to + r] = prefix[from + r]! + e * prefix[from + r - 1]!;
  }
  suffix[m * w] = 1;
  for (let k = m - 1; k >= 0; k--) {
    const e = eps[k]!;
    const from = (k + 1) * w;
    const to = k * w;
    suffix[to] = suffix[from]!;
    for (let r = 1; r <= m - k; r++) suffix[to + r] = suffix[from + r]! + e * suffix[from + r - 1]!;
  }
}

/** γ^{(j)}_s: the ESF of order s of the m items without item j, Σ_t prefix_j[t] · suffix_{j+1}[s − t]. */
function withoutAt(prefix: Float64Array, suffix: Float64Array, m: number, j: number, s: number): number {
  if (s < 0) return 0;
  const w = m + 1;
  const head = j * w;
  const tail = (j + 1) * w;
  let sum = 0;
  const from = Math.max(0, s - (m - j - 1));
  const to = Math.min(s, j);
  for (let t = from; t <= to; t++) sum += prefix[head + t]! * suffix[tail + s - t]!;
  return sum;
}

/** The elementary symmetric functions γ_0..γ_m of `eps`. */
export function elementarySymmetricFunctions(eps: readonly number[]): Float64Array {
  const gamma = new Float64Array(eps.length + 1);
  gamma[0] = 1;
  eps.forEach((e, k) => {
    for (let r = k + 1; r >= 1; r--) gamma[r] = gamma[r]! + e * gamma[r - 1]!;
  });
  return gamma;
}

/** Sufficient conditional moments of one item set, summed over its examinees' raw scores. */
export interface ConditionalMoments {
  /** Σ_r n_r π_i(r), π_i(r) = ε_i γ^{(i)}_{r−1} / γ_r = P(x_i = 1 | r). */
  readonly expected: Float64Array;
  /** m×m row-major Σ_r n_r Cov(x_i, x_j | r): the CML information matrix of b. */
  readonly information: Float64Array;
  /** Σ_r n_r ln γ_r. */
  readonly logNormaliser: number;
}

/**
 * Conditional expectations and covariances of the item responses given the raw score, for
 * examinees who all saw the same items (easinesses `eps`), `scoreCounts` = [r, n_r] pairs with
 * 0 < r < m. Cov(x_i, x_j | r) = ε_i ε_j γ^{(ij)}_{r−2} / γ_r − π_i π_j (i ≠ j) and π_i(1 − π_i)
 * on the diagonal (Fischer 1974; Glas 1988). Cost O(m³ · |scores|).
 */
export function conditionalMoments(
  eps: readonly number[],
  scoreCounts: readonly (readonly [number, number])[],
): ConditionalMoments {
  const m = eps.length;
  const w = m + 1;
  const prefix = new Float64Array(w * w);
  const suffix = new Float64Array(w * w);
  fillPrefixesAndSuffixes(eps, m, prefix, suffix);
  const gamma = prefix.slice(m * w, m * w + w);
  const expected = new Float64Array(m);
  const information = new Float64Array(m * m);
  let logNormaliser = 0;
  const pis = scoreCounts.map(([r, n]) => {
    const pi = eps.map((e, i) => (e * withoutAt(prefix, suffix, m, i, r - 1)) / gamma[r]!);
    logNormaliser += n * Math.log(gamma[r]!);
    pi.forEach((p, i) => {
      expected[i] = expected[i]! + n * p;
      information[i * m + i] = information[i * m + i]! + n * p * (1 - p);
    });
    return pi;
  });
  const others = new Float64Array(m);
  for (let i = 0; i < m - 1; i++) {
    // The ESFs of the set without i, so γ^{(ij)} = (set without i) without j at position j − 1.
    for (let k = 0, o = 0; k < m; k++) if (k !== i) others[o++] = eps[k]!;
    fillPrefixesAndSuffixes(others, m - 1, prefix, suffix);
    for (let j = i + 1; j < m; j++) {
      let cov = 0;
      for (let s = 0; s < scoreCounts.length; s++) {
        const [r, n] = scoreCounts[s]!;
        const pair = (eps[i]! * eps[j]! * withoutAt(prefix, suffix, m - 1, j - 1, r - 2)) / gamma[r]!;
        cov += n * (pair - pis[s]![i]! * pis[s]![j]!);
      }
      information[i * m + j] = cov;
      information[j * m + i] = cov;
    }
  }
  return { expected, information, logNormaliser };
}
