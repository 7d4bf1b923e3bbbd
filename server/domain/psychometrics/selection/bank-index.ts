/**
 * A bank index for maximum-information selection, built once per bank (`prepareBank`).
 *
 * The θ axis is cut at grid points g₀ < g₁ < … < g_m (default −4…4 step 0.1) into intervals
 * (−∞, g₀], [g₀, g₁], …, [g_m, ∞). For each interval and item the index stores an upper bound of the item's
 * information over that interval,
 *
 *   U_i = I_i(clamp(θmax_i, lo, hi))
 *
 * which is exact for unimodal information functions: the 1PL/2PL peak at θmax = b, the 3PL at Birnbaum's
 * θmax = b + (1/a)·ln((1 + √(1 + 8c))/2) (Birnbaum 1968, in Lord & Novick, ch. 20). For a 4PL item (d < 1)
 * θmax is found numerically; its information is unimodal for usual parameters, and the bound is inflated by
 * 1e-6 (relative) against rounding. Within each interval the items are listed domain by domain, each domain's
 * segment sorted by U descending (typed arrays: Int32Array order, Float32Array bounds).
 */
import { type ItemParameters, information } from '../irt.js';

/** Grid options for the index: θ from gridMin to gridMax in steps of gridStep logits. */
export interface BankIndexOptions {
  readonly gridMin?: number;
  readonly gridMax?: number;
  readonly gridStep?: number;
}

/** The precomputed index (see the module docblock); read-only once built. */
export interface BankIndex {
  readonly size: number;
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly c: Float64Array;
  readonly d: Float64Array;
  /** Domain number of each item (0 when the bank has no domains). */
  readonly domainOf: Int32Array;
  /** Offsets of each domain's segment within an interval's row; length domains + 1. */
  readonly domainStart: Int32Array;
  readonly gridMin: number;
  readonly gridStep: number;
  /** Number of intervals (grid points + 1). */
  readonly intervals: number;
  /** intervals × size item numbers; row k lists the items for interval k by domain, bound descending. */
  readonly order: Int32Array;
  /** The bound U of order[j], at the same position. */
  readonly bound: Float32Array;
}

/** θ where the item's information peaks (closed form for 1PL–3PL, golden-section search for the 4PL). */
export function informationPeak(item: ItemParameters): number {
  if (item.d >= 1) return item.b + Math.log((1 + Math.sqrt(1 + 8 * item.c)) / 2) / item.a;
  let lo = item.b - 8 / item.a;
  let hi = item.b + 8 / item.a;
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 80; i++) {
    const x1 = hi - ratio * (hi - lo);
    const x2 = lo + ratio * (hi - lo);
    if (information(x1, item) < information(x2, item)) lo = x1;
    else hi = x2;
  }
  return (lo + hi) / 2;
}

/** Builds the index for items (domainOf: each item's domain number, 0-based and dense; all 0 if omitted). */
export function prepareBank(
  items: readonly ItemParameters[],
  domainOf?: readonly number[],
  options: BankIndexOptions = {},
): BankIndex {
  const gridMin = options.gridMin ?? -4;
  const gridStep = options.gridStep ?? 0.1;
  const points = Math.round(((options.gridMax ?? 4) - gridMin) / gridStep) + 1;
  const intervals = points + 1;
  const size = items.length;
  const domains = new Int32Array(size);
  let domainCount = size > 0 ? 1 : 0;
  for (let i = 0; i < size; i++) {
    domains[i] = domainOf?.[i] ?? 0;
    domainCount = Math.max(domainCount, (domains[i] as number) + 1);
  }
  const domainStart = new Int32Array(domainCount + 1);
  for (let i = 0; i < size; i++) (domainStart[(domains[i] as number) + 1] as number)++;
  for (let g = 0; g < domainCount; g++)
    domainStart[g + 1] = (domainStart[g + 1] as number) + (domainStart[g] as number);
  const members: number[][] = Array.from({ length: domainCount }, () => []);
  for (let i = 0; i < size; i++) members[domains[i] as number]?.push(i);
  const peaks = items.map(informationPeak);
  const order = new Int32Array(intervals * size);
  const bound = new Float32Array(intervals * size);
  const rowBound = new Float32Array(size);
  const rowBits = new Uint32Array(rowBound.buffer);
  for (let k = 0; k < intervals; k++) {
    const lo = k === 0 ? Number.NEGATIVE_INFINITY : gridMin + (k - 1) * gridStep;
    const hi = k === intervals - 1 ? Number.POSITIVE_INFINITY : gridMin + k * gridStep;
    for (let i = 0; i < size; i++) {
      const at = Math.min(Math.max(peaks[i] as number, lo), hi);
      // Inflated past Float32 rounding (relative 6e-8), so the stored bound never falls below the true one.
      rowBound[i] = information(at, items[i] as ItemParameters) * (1 + 1e-6) + 1e-30;
    }
    for (let g = 0; g < domainCount; g++) {
      const sorted = sortByBoundDescending(members[g] as number[], rowBound, rowBits, size);
      const offset = k * size + (domainStart[g] as number);
      order.set(sorted, offset);
      for (let j = 0; j < sorted.length; j++) bound[offset + j] = rowBound[sorted[j] as number] as number;
    }
  }
  return {
    size,
    a: Float64Array.from(items, (item) => item.a),
    b: Float64Array.from(items, (item) => item.b),
    c: Float64Array.from(items, (item) => item.c),
    d: Float64Array.from(items, (item) => item.d),
    domainOf: domains,
    domainStart,
    gridMin,
    gridStep,
    intervals,
    order,
    bound,
  };
}

/**
 * Item numbers sorted by bound, largest first. Non-negative Float32 values order like their bit patterns, so
 * bits·2^s + item (exact in a double while 32 + s ≤ 53) sorts with the fast numeric Float64Array sort.
 */
function sortByBoundDescending(
  members: readonly number[],
  rowBound: Float32Array,
  rowBits: Uint32Array,
  size: number,
): Int32Array {
  const shift = Math.max(1, Math.ceil(Math.log2(size + 1)));
  if (32 + shift > 53)
    return Int32Array.from(members).sort((x, y) => (rowBound[y] as number) - (rowBound[x] as number));
  const scale = 2 ** shift;
  const keys = new Float64Array(members.length);
  for (let j = 0; j < members.length; j++) {
    const item = members[j] as number;
    keys[j] = (rowBits[item] as number) * scale + item;
  }
  keys.sort();
  const sorted = new Int32Array(members.length);
  for (let j = 0; j < keys.length; j++) sorted[keys.length - 1 - j] = (keys[j] as number) % scale;
  return sorted;
}

/** The interval number holding θ. */
export function intervalOf(index: BankIndex, theta: number): number {
  if (!(theta >= index.gridMin)) return 0;
  const k = 1 + Math.floor((theta - index.gridMin) / index.gridStep);
  return Math.min(k, index.intervals - 1);
}

/** Exact information of item i at θ, read from the index's typed arrays (same formula as irt.ts). */
export function indexedInformation(index: BankIndex, i: number, theta: number): number {
  const a = index.a[i] as number;
  const c = index.c[i] as number;
  const d = index.d[i] as number;
  const p = c + (d - c) / (1 + Math.exp(-a * (theta - (index.b[i] as number))));
  const q = 1 - p;
  if (p <= 0 || q <= 0) return 0;
  const spread = d - c;
  return (a * a * (p - c) ** 2 * (d - p) ** 2) / (spread * spread * p * q);
}
