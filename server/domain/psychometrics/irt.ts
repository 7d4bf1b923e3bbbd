/**
 * Item response theory: the four-parameter logistic model and its special cases.
 *
 *   P(θ) = c + (d − c) / (1 + exp(−a(θ − b)))
 *
 * - θ (theta): the examinee's ability on the logit scale, typically within [−4, 4].
 * - a: discrimination (slope at b is a(d − c)/4), > 0, typically 0.5–2.5.
 * - b: difficulty, the θ where P is halfway between c and d, typically within [−3, 3].
 * - c: lower asymptote ("guessing"), in [0, 1), typically 0–0.35.
 * - d: upper asymptote ("slipping"), in (c, 1], 1 unless a 4PL is meant.
 * No scaling constant D is applied (D = 1, the logistic metric); parameters calibrated on
 * the normal-ogive metric must be multiplied by 1.702 first.
 * 1PL/Rasch: a = 1 (or a common a), c = 0, d = 1. 2PL: c = 0, d = 1. 3PL: d = 1.
 *
 * References: Birnbaum (1968) in Lord & Novick, "Statistical Theories of Mental Test
 * Scores", ch. 17–20; Barton & Lord (1981), ETS RR-81-20 (the 4PL); Baker & Kim (2004),
 * "Item Response Theory: Parameter Estimation Techniques", 2nd ed.
 */

/** The parameters of one item under the 4PL family (see the module docblock). */
export interface ItemParameters {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
}

/** The IRT models an item may be calibrated under. */
export const IRT_MODELS = ['1pl', '2pl', '3pl'] as const;
/** One of IRT_MODELS. */
export type IrtModel = (typeof IRT_MODELS)[number];

/** P(θ): the probability of a correct answer, within [c, d]. */
export function probability(theta: number, item: ItemParameters): number {
  const logistic = 1 / (1 + Math.exp(-item.a * (theta - item.b)));
  return item.c + (item.d - item.c) * logistic;
}

/**
 * Fisher information of one item at θ:
 *
 *   I(θ) = a² (P − c)² (d − P)² / ((d − c)² P (1 − P))
 *
 * For the 2PL this reduces to a² P (1 − P), peaking at θ = b with value a²/4; for the 3PL
 * it peaks slightly above b (Birnbaum 1968; Magis 2013, J. Educ. Behav. Stat. 38(2),
 * "A note on the item information function of the four-parameter logistic model").
 */
export function information(theta: number, item: ItemParameters): number {
  const p = probability(theta, item);
  const q = 1 - p;
  if (p <= 0 || q <= 0) return 0;
  const spread = item.d - item.c;
  const num = item.a * item.a * (p - item.c) ** 2 * (item.d - p) ** 2;
  return num / (spread * spread * p * q);
}

/** Test information: the sum of the items' information at θ. */
export function testInformation(theta: number, items: readonly ItemParameters[]): number {
  let total = 0;
  for (const item of items) total += information(theta, item);
  return total;
}

/** The standard error implied by a test information, 1/√I (Infinity when I = 0). */
export function standardErrorFromInformation(info: number): number {
  return info > 0 ? 1 / Math.sqrt(info) : Number.POSITIVE_INFINITY;
}

/**
 * Log-likelihood of scored responses at θ. A score s in [0, 1] enters as
 * s·ln P + (1 − s)·ln(1 − P), which is the Bernoulli log-likelihood for s ∈ {0, 1} and a
 * fractional (quasi-)likelihood for partial credit.
 */
export function logLikelihood(
  theta: number,
  responses: readonly { readonly item: ItemParameters; readonly score: number }[],
): number {
  let total = 0;
  for (const { item, score } of responses) {
    const p = Math.min(Math.max(probability(theta, item), 1e-12), 1 - 1e-12);
    total += score * Math.log(p) + (1 - score) * Math.log(1 - p);
  }
  return total;
}
