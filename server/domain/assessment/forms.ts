import { intBelow, type Rng, shuffled } from '../psychometrics/rng.js';
import type { Blueprint, DomainBounds } from './blueprint.js';
import { domainBounds } from './blueprint.js';
import { type BankItemSummary, canScore } from './feasibility.js';

/** One position of an assembled form: the item and whether it counts towards the score. */
export interface FormSlot {
  readonly itemId: string;
  readonly domain: string;
  readonly scored: boolean;
}

/**
 * How many items each domain gets on a linear form of `length`: every domain starts at its minimum,
 * then each remaining slot goes to the domain furthest below its weighted share (w·length − count),
 * never above its maximum or beyond the items available (Kingsbury & Zara 1989's balancing rule,
 * applied to a whole form at once). Returns undefined when the bounds cannot be met.
 */
export function allocateDomainCounts(
  bounds: readonly DomainBounds[],
  available: ReadonlyMap<string, number>,
  length: number,
): Map<string, number> | undefined {
  const counts = new Map<string, number>();
  for (const b of bounds) {
    if ((available.get(b.domain) ?? 0) < b.min) return undefined;
    counts.set(b.domain, b.min);
  }
  let placed = bounds.reduce((sum, b) => sum + b.min, 0);
  while (placed < length) {
    let best: DomainBounds | undefined;
    let bestDeficit = Number.NEGATIVE_INFINITY;
    for (const b of bounds) {
      const count = counts.get(b.domain) ?? 0;
      if (count >= b.max || count >= (available.get(b.domain) ?? 0)) continue;
      const deficit = b.weight * length - count;
      if (deficit > bestDeficit) {
        best = b;
        bestDeficit = deficit;
      }
    }
    if (!best) return undefined;
    counts.set(best.domain, (counts.get(best.domain) ?? 0) + 1);
    placed += 1;
  }
  return placed === length ? counts : undefined;
}

/**
 * Draws a linear-on-the-fly form: a fresh random selection per candidate that meets the blueprint's
 * domain counts, in random order, with the blueprint's pretest items seeded at random positions.
 * Returns undefined when the bank cannot satisfy the blueprint (checkBlueprint says why).
 */
export function assembleLinearForm(
  blueprint: Blueprint,
  bank: readonly BankItemSummary[],
  rng: Rng,
): FormSlot[] | undefined {
  if (blueprint.delivery.mode !== 'linear') return undefined;
  const pool = new Map<string, BankItemSummary[]>();
  for (const item of bank) {
    if (!canScore(blueprint, item)) continue;
    const list = pool.get(item.domain);
    if (list) list.push(item);
    else pool.set(item.domain, [item]);
  }
  const available = new Map([...pool].map(([domain, list]) => [domain, list.length]));
  const counts = allocateDomainCounts(domainBounds(blueprint), available, blueprint.delivery.length);
  if (!counts) return undefined;
  const scored: FormSlot[] = [];
  for (const [domain, count] of counts) {
    for (const item of shuffled(rng, pool.get(domain) ?? []).slice(0, count)) {
      scored.push({ itemId: item.itemId, domain, scored: true });
    }
  }
  return seedPretestItems(shuffled(rng, scored), blueprint.pretestCount, bank, rng);
}

/** The fixed form in blueprint order, or shuffled per candidate when the blueprint says so, with pretest items seeded. */
export function assembleFixedForm(
  blueprint: Blueprint,
  bank: readonly BankItemSummary[],
  rng: Rng,
): FormSlot[] | undefined {
  if (blueprint.delivery.mode !== 'fixed') return undefined;
  const index = new Map(bank.map((item) => [item.itemId, item]));
  const slots: FormSlot[] = [];
  for (const id of blueprint.delivery.itemIds) {
    const item = index.get(id);
    if (!item || item.pretest) return undefined;
    slots.push({ itemId: id, domain: item.domain, scored: true });
  }
  const ordered = blueprint.delivery.shuffleItems ? shuffled(rng, slots) : slots;
  return seedPretestItems(ordered, blueprint.pretestCount, bank, rng);
}

/** Inserts `count` randomly chosen pretest items at random positions; undefined when there are too few. */
export function seedPretestItems(
  form: readonly FormSlot[],
  count: number,
  bank: readonly BankItemSummary[],
  rng: Rng,
): FormSlot[] | undefined {
  if (count === 0) return form.slice();
  const pretest = shuffled(
    rng,
    bank.filter((item) => item.pretest),
  ).slice(0, count);
  if (pretest.length < count) return undefined;
  const result = form.slice();
  for (const item of pretest) {
    result.splice(intBelow(rng, result.length + 1), 0, {
      itemId: item.itemId,
      domain: item.domain,
      scored: false,
    });
  }
  return result;
}

/**
 * Where an adaptive exam seeds its unscored pretest items: `count` distinct positions among the first
 * `shortestLength` scored items (after the first, so the exam never opens on an uncalibrated item), in
 * ascending order. A pretest item at position p is shown just before the p-th scored item; estimating
 * and stopping ignore it. Undefined when the exam is too short to hide that many.
 */
export function adaptivePretestPositions(
  count: number,
  shortestLength: number,
  rng: Rng,
): number[] | undefined {
  if (count === 0) return [];
  const positions = Array.from({ length: Math.max(0, shortestLength - 1) }, (_, i) => i + 1);
  if (positions.length < count) return undefined;
  return shuffled(rng, positions)
    .slice(0, count)
    .sort((a, b) => a - b);
}
