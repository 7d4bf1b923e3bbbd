/**
 * Exam blueprints: which domains an exam covers and in what proportion, how long it runs, how its
 * forms are delivered (fixed, linear-on-the-fly or adaptive) and how it is scored.
 */

/** A content domain of the exam, weighted or bounded by item counts. */
export interface BlueprintDomain {
  readonly domain: string;
  readonly title: string;
  /** Share of the scored items, in (0, 1]; weights are normalised over the domains that give one. */
  readonly weight?: number;
  readonly minCount?: number;
  readonly maxCount?: number;
}

/** The ability estimator an adaptive exam uses. */
export type EstimatorSetting =
  | { readonly method: 'eap'; readonly priorMean: number; readonly priorSd: number }
  | { readonly method: 'map'; readonly priorMean: number; readonly priorSd: number }
  | { readonly method: 'mle' };

/** Item exposure control for an adaptive exam. */
export type ExposureSetting =
  | { readonly method: 'none' }
  | { readonly method: 'randomesque'; readonly k: number }
  | { readonly method: 'sympson_hetter'; readonly targetRate: number };

/** When an adaptive exam ends. */
export type StoppingSetting =
  | { readonly rule: 'fixed_length'; readonly length: number }
  | {
      readonly rule: 'standard_error';
      readonly maxSe: number;
      readonly minLength: number;
      readonly maxLength: number;
    }
  | {
      readonly rule: 'classification';
      readonly confidence: number;
      readonly minLength: number;
      readonly maxLength: number;
    };

/** How forms are built for candidates. */
export type DeliverySetting =
  | {
      readonly mode: 'fixed';
      readonly itemIds: readonly string[];
      readonly shuffleItems: boolean;
      readonly shuffleOptions: boolean;
    }
  | { readonly mode: 'linear'; readonly length: number; readonly shuffleOptions: boolean }
  | {
      readonly mode: 'adaptive';
      readonly startTheta: number;
      readonly estimator: EstimatorSetting;
      readonly exposure: ExposureSetting;
      readonly stopping: StoppingSetting;
      readonly shuffleOptions: boolean;
    };

/** A linear reporting scale: passScore at the cut, pointsPerLogit per unit of ability, clipped to [min, max]. */
export interface ScaleSetting {
  readonly min: number;
  readonly max: number;
  readonly passScore: number;
  readonly pointsPerLogit: number;
}

/** How an attempt is scored: on the theta scale with a cut score, or by percent correct. */
export type ScoringSetting =
  | { readonly method: 'theta'; readonly cutTheta: number; readonly scale?: ScaleSetting }
  | { readonly method: 'percent'; readonly passPercent: number };

/** A certification's exam blueprint. */
export interface Blueprint {
  readonly timeLimitMin: number;
  readonly domains: readonly BlueprintDomain[];
  readonly delivery: DeliverySetting;
  readonly scoring: ScoringSetting;
  /** Unscored pretest items seeded into each form to collect calibration data. */
  readonly pretestCount: number;
}

/** Item counts a form must respect per domain. */
export interface DomainBounds {
  readonly domain: string;
  readonly min: number;
  readonly max: number;
  readonly weight: number;
}

/** The scored length of a form: exact for fixed and linear forms, a range for adaptive ones. */
export function formLength(blueprint: Blueprint): { readonly min: number; readonly max: number } {
  const delivery = blueprint.delivery;
  if (delivery.mode === 'fixed') return { min: delivery.itemIds.length, max: delivery.itemIds.length };
  if (delivery.mode === 'linear') return { min: delivery.length, max: delivery.length };
  const stopping = delivery.stopping;
  return stopping.rule === 'fixed_length'
    ? { min: stopping.length, max: stopping.length }
    : { min: stopping.minLength, max: stopping.maxLength };
}

/**
 * Per-domain item counts: explicit min/max where given, otherwise from the weight,
 * min = ⌊w·shortest length⌋ and max = ⌈w·longest length⌉. Without weights, a domain's share of the
 * balancing is the midpoint of its bounds. A domain with no weight or counts takes 0 to the longest length.
 */
export function domainBounds(blueprint: Blueprint): DomainBounds[] {
  const length = formLength(blueprint);
  const weightSum = blueprint.domains.reduce((sum, d) => sum + (d.weight ?? 0), 0);
  const bounds = blueprint.domains.map((d) => {
    const weight = weightSum > 0 && d.weight !== undefined ? d.weight / weightSum : 0;
    const min = d.minCount ?? (d.weight !== undefined ? Math.floor(weight * length.min + 1e-9) : 0);
    const max = d.maxCount ?? (d.weight !== undefined ? Math.ceil(weight * length.max - 1e-9) : length.max);
    return { domain: d.domain, min, max: Math.min(max, length.max), weight };
  });
  if (weightSum > 0) return bounds;
  const midSum = bounds.reduce((sum, b) => sum + (b.min + b.max) / 2, 0);
  return bounds.map((b) => ({ ...b, weight: midSum > 0 ? (b.min + b.max) / 2 / midSum : 0 }));
}
