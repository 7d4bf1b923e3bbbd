/**
 * Item drift and quality flags: a fresh calibration compared with the parameters and classical
 * statistics stored for each item. Each flag is a value that says what moved, by how much, and
 * against which threshold; deciding what to do (retire, re-key, re-calibrate) is the reviewer's.
 *
 * Rules (defaults in DEFAULT_DRIFT_THRESHOLDS):
 * - difficulty_drift: |b_new − b_stored| above max(0.3 logits, 2·√(SE_new² + SE_stored²)), so
 *   a flagged shift is both large enough to matter and beyond sampling noise (the displacement
 *   rule of Wright & Douglas 1975, RM Memo 17; the 2-SE test of Lord 1980, ch. 14). Rasch CML
 *   fixes mean b = 0 over the calibrated items, so for Rasch the fresh b are first moved by
 *   mean–mean linking onto the stored scale (Loyd & Hoover 1980, JEM 17).
 * - discrimination_drift: |a_new − a_stored| / a_stored above 25 % (2PL only).
 * - p_value_drift: |p_new − p_stored| above 0.1, when a stored p-value exists.
 * - negative_discrimination: corrected point-biserial below 0 — the right answer is chosen less
 *   by abler examinees, the classic sign of a key error.
 * - low_discrimination: corrected point-biserial in [0, 0.1) (Ebel 1965's "poor item" band).
 * - insufficient_data: fewer responses than the minimum (200 for the 2PL, 100 for Rasch); the
 *   other rules are then not applied, since their statistics are too noisy to judge.
 */

/** The kinds of flag. */
export type DriftKind =
  | 'difficulty_drift'
  | 'discrimination_drift'
  | 'p_value_drift'
  | 'low_discrimination'
  | 'negative_discrimination'
  | 'insufficient_data';

/** One flag: what moved, the fresh value, the stored value it was compared with, and the threshold. */
export interface DriftFlag {
  readonly itemId: string;
  readonly kind: DriftKind;
  readonly message: string;
  readonly value: number;
  readonly storedValue?: number;
  readonly threshold: number;
}

/** What is stored for an item: IRT parameters and, optionally, their SEs and classical statistics. */
export interface StoredItemStats {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly seA?: number;
  readonly seB?: number;
  readonly pValue?: number;
  readonly pointBiserial?: number;
}

/** What the fresh calibration says about an item. */
export interface FreshItemStats {
  readonly itemId: string;
  readonly n: number;
  readonly pValue: number | null;
  readonly pointBiserial: number | null;
  readonly estimate?: { readonly a: number; readonly b: number; readonly seA?: number; readonly seB: number };
}

/** Thresholds of the rules (see the module docblock). */
export interface DriftThresholds {
  readonly difficultyLogits: number;
  readonly difficultySeMultiplier: number;
  readonly discriminationRelative: number;
  readonly pValueDelta: number;
  readonly lowPointBiserial: number;
  readonly minResponses: number;
}

/** The default thresholds per model. */
export function defaultDriftThresholds(model: 'rasch' | '2pl'): DriftThresholds {
  return {
    difficultyLogits: 0.3,
    difficultySeMultiplier: 2,
    discriminationRelative: 0.25,
    pValueDelta: 0.1,
    lowPointBiserial: 0.1,
    minResponses: model === '2pl' ? 200 : 100,
  };
}

/** Mean of stored b − fresh b over items with both (the Rasch mean–mean linking shift), 0 if none. */
function linkingShift(
  fresh: readonly FreshItemStats[],
  stored: Readonly<Record<string, StoredItemStats>>,
): number {
  const pairs = fresh.flatMap((item) => {
    const old = stored[item.itemId];
    return item.estimate !== undefined && old !== undefined ? [old.b - item.estimate.b] : [];
  });
  return pairs.length === 0 ? 0 : pairs.reduce((s, x) => s + x, 0) / pairs.length;
}

const fmt = (x: number, digits = 3): string => x.toFixed(digits);

/** The flags of one item (see the module docblock). */
function flagsOf(
  item: FreshItemStats,
  old: StoredItemStats | undefined,
  model: 'rasch' | '2pl',
  shift: number,
  limits: DriftThresholds,
): DriftFlag[] {
  const { itemId, n } = item;
  if (n < limits.minResponses) {
    const message = `${itemId}: only ${n} responses, fewer than the ${limits.minResponses} needed to judge its statistics`;
    return [{ itemId, kind: 'insufficient_data', message, value: n, threshold: limits.minResponses }];
  }
  const flags: DriftFlag[] = [];
  const rpb = item.pointBiserial;
  if (rpb !== null && rpb < 0) {
    const message = `${itemId}: corrected point-biserial ${fmt(rpb)} is negative; check the key`;
    flags.push({ itemId, kind: 'negative_discrimination', message, value: rpb, threshold: 0 });
  } else if (rpb !== null && rpb < limits.lowPointBiserial) {
    const message = `${itemId}: corrected point-biserial ${fmt(rpb)} is below ${limits.lowPointBiserial}`;
    flags.push({
      itemId,
      kind: 'low_discrimination',
      message,
      value: rpb,
      threshold: limits.lowPointBiserial,
    });
  }
  if (old === undefined) return flags;
  if (
    item.pValue !== null &&
    old.pValue !== undefined &&
    Math.abs(item.pValue - old.pValue) > limits.pValueDelta
  ) {
    const message = `${itemId}: p-value moved from ${fmt(old.pValue)} to ${fmt(item.pValue)} (more than ±${limits.pValueDelta})`;
    flags.push({
      itemId,
      kind: 'p_value_drift',
      message,
      value: item.pValue,
      storedValue: old.pValue,
      threshold: limits.pValueDelta,
    });
  }
  const estimate = item.estimate;
  if (estimate === undefined) return flags;
  const b = estimate.b + shift;
  const combinedSe = Math.sqrt(estimate.seB ** 2 + (old.seB ?? 0) ** 2);
  const bLimit = Math.max(
    limits.difficultyLogits,
    limits.difficultySeMultiplier * (Number.isFinite(combinedSe) ? combinedSe : 0),
  );
  if (Math.abs(b - old.b) > bLimit) {
    const linked = shift === 0 ? '' : ` after linking by ${fmt(shift)}`;
    const message = `${itemId}: difficulty moved from ${fmt(old.b)} to ${fmt(b)}${linked} (|Δb| ${fmt(Math.abs(b - old.b))} > ${fmt(bLimit)})`;
    flags.push({
      itemId,
      kind: 'difficulty_drift',
      message,
      value: b,
      storedValue: old.b,
      threshold: bLimit,
    });
  }
  const relative = Math.abs(estimate.a - old.a) / old.a;
  if (model === '2pl' && old.a > 0 && relative > limits.discriminationRelative) {
    const message = `${itemId}: discrimination moved from ${fmt(old.a)} to ${fmt(estimate.a)} (${fmt(100 * relative, 0)} % > ${fmt(100 * limits.discriminationRelative, 0)} %)`;
    flags.push({
      itemId,
      kind: 'discrimination_drift',
      message,
      value: estimate.a,
      storedValue: old.a,
      threshold: limits.discriminationRelative,
    });
  }
  return flags;
}

/** Drift and quality flags for freshly calibrated items against their stored statistics. */
export function driftFlags(input: {
  readonly items: readonly FreshItemStats[];
  readonly stored?: Readonly<Record<string, StoredItemStats>>;
  readonly model: 'rasch' | '2pl';
  readonly thresholds?: Partial<DriftThresholds>;
}): DriftFlag[] {
  const limits = { ...defaultDriftThresholds(input.model), ...input.thresholds };
  const stored = input.stored ?? {};
  const shift = input.model === 'rasch' ? linkingShift(input.items, stored) : 0;
  return input.items.flatMap((item) => flagsOf(item, stored[item.itemId], input.model, shift, limits));
}
