/**
 * Scoring: from θ̂ to the reported result. The scale is linear in θ and anchored at the cut score,
 *
 *   scaled = round(passScore + pointsPerLogit·(θ̂ − cutTheta)), clipped to [min, max]
 *
 * - cutTheta: the passing standard on the θ (logit) scale; pass ⇔ θ̂ ≥ cutTheta.
 * - passScore: the scaled score reported at the cut (e.g. 700 on a 100–1000 scale).
 * - pointsPerLogit: scaled points per logit (> 0); min ≤ passScore ≤ max bound the reported range.
 * Because the transformation is monotone, pass/fail on the scaled score and on θ̂ agree (Kolen & Brennan 2014,
 * "Test Equating, Scaling, and Linking", 3rd ed., ch. 9, linear scale transformations).
 * Domain subscores re-estimate θ from each domain's responses alone with the same estimator; with few items
 * they are noisy, which their SEs show.
 */
import type { Estimator } from './estimation/index.js';
import type { ItemParameters } from './irt.js';

/** How θ̂ becomes a reported result. */
export interface ScoringConfig {
  readonly cutTheta: number;
  readonly scale?: {
    readonly min: number;
    readonly max: number;
    readonly passScore: number;
    readonly pointsPerLogit: number;
  };
}

/** The reported result: θ̂, SE, the scaled score (null without a scale) and pass/fail. */
export interface AbilityScore {
  readonly theta: number;
  readonly se: number;
  readonly scaledScore: number | null;
  readonly passed: boolean;
}

/** One domain's subscore: the number of items and the domain-only estimate. */
export interface DomainSubscore {
  readonly domain: string;
  readonly items: number;
  readonly theta: number;
  readonly se: number;
  readonly scaledScore: number | null;
}

/** One scored response tagged with its content domain. */
export interface DomainResponse {
  readonly domain: string;
  readonly item: ItemParameters;
  readonly score: number;
}

/** The scaled score of θ (null without a scale). */
export function scaledScore(theta: number, scoring: ScoringConfig): number | null {
  const scale = scoring.scale;
  if (scale === undefined) return null;
  const raw = Math.round(scale.passScore + scale.pointsPerLogit * (theta - scoring.cutTheta));
  return Math.min(Math.max(raw, scale.min), scale.max);
}

/** The reported result for an estimate θ̂ ± SE. */
export function scoreAbility(theta: number, se: number, scoring: ScoringConfig): AbilityScore {
  return { theta, se, scaledScore: scaledScore(theta, scoring), passed: theta >= scoring.cutTheta };
}

/** Per-domain subscores, in order of each domain's first response. */
export function scoreDomains(
  responses: readonly DomainResponse[],
  estimator: Estimator,
  scoring: ScoringConfig,
): DomainSubscore[] {
  const byDomain = new Map<string, DomainResponse[]>();
  for (const r of responses) {
    const list = byDomain.get(r.domain);
    if (list === undefined) byDomain.set(r.domain, [r]);
    else list.push(r);
  }
  return [...byDomain].map(([domain, list]) => {
    const { theta, se } = estimator(list);
    return { domain, items: list.length, theta, se, scaledScore: scaledScore(theta, scoring) };
  });
}
