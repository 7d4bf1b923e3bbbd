import { type Blueprint, domainBounds, formLength } from './blueprint.js';

/** What the bank holds that a blueprint can draw on: one entry per active item version. */
export interface BankItemSummary {
  readonly itemId: string;
  readonly domain: string;
  readonly pretest: boolean;
  readonly calibrated: boolean;
}

/**
 * Whether a form built to this blueprint can score the item: pretest items never count, and an exam
 * scored on the theta scale (every adaptive exam, and linear or fixed forms with theta scoring) needs
 * the item's IRT parameters. The feasibility check and the form assemblers share this rule.
 */
export function canScore(blueprint: Blueprint, item: BankItemSummary): boolean {
  const needsIrt = blueprint.scoring.method === 'theta' || blueprint.delivery.mode === 'adaptive';
  return !item.pretest && (item.calibrated || !needsIrt);
}

/** One way the blueprint cannot be met (or is unwise), said so a programme admin can act on it. */
export interface BlueprintProblem {
  readonly path: string;
  readonly message: string;
}

/** The verdict on a blueprint against the bank: blocking problems and advisory warnings. */
export interface FeasibilityReport {
  readonly feasible: boolean;
  readonly problems: readonly BlueprintProblem[];
  readonly warnings: readonly BlueprintProblem[];
}

/**
 * An adaptive exam needs more items than it administers, or every candidate sees the same ones;
 * a bank of at least this many times the longest test per domain is the usual advice
 * (Stocking 1994, ETS RR-94-5, suggests 6–8 times for high-stakes CAT; 3 is the floor we warn at).
 */
const ADAPTIVE_BANK_FACTOR = 3;

/** Checks a blueprint's own consistency and whether the tenant's active bank can satisfy it. */
export function checkBlueprint(blueprint: Blueprint, bank: readonly BankItemSummary[]): FeasibilityReport {
  const problems: BlueprintProblem[] = [];
  const warnings: BlueprintProblem[] = [];
  const delivery = blueprint.delivery;
  const length = formLength(blueprint);
  const titles = new Map(blueprint.domains.map((d) => [d.domain, d.title]));
  const seen = new Set<string>();
  blueprint.domains.forEach((d, i) => {
    if (seen.has(d.domain))
      problems.push({ path: `/domains/${i}/domain`, message: `domain ${d.domain} is listed twice` });
    seen.add(d.domain);
    if (d.minCount !== undefined && d.maxCount !== undefined && d.minCount > d.maxCount) {
      problems.push({ path: `/domains/${i}`, message: `domain ${d.title}: minCount is above maxCount` });
    }
  });
  const weighted = blueprint.domains.filter((d) => d.weight !== undefined).length;
  if (weighted > 0 && weighted < blueprint.domains.length) {
    problems.push({ path: '/domains', message: 'give every domain a weight, or none' });
  }
  if (length.min > length.max)
    problems.push({ path: '/delivery/stopping', message: 'minLength is above maxLength' });
  const bounds = domainBounds(blueprint);
  const minTotal = bounds.reduce((sum, b) => sum + b.min, 0);
  const maxTotal = bounds.reduce((sum, b) => sum + b.max, 0);
  if (minTotal > length.max) {
    problems.push({
      path: '/domains',
      message: `the domains' minimum counts add up to ${minTotal}, more than the ${length.max} items of the exam`,
    });
  }
  if (maxTotal < length.min) {
    problems.push({
      path: '/domains',
      message: `the domains' maximum counts add up to ${maxTotal}, fewer than the ${length.min} items of the exam`,
    });
  }
  if (delivery.mode === 'adaptive' && blueprint.scoring.method !== 'theta') {
    problems.push({ path: '/scoring/method', message: 'an adaptive exam is scored on the theta scale' });
  }
  if (
    delivery.mode === 'adaptive' &&
    delivery.stopping.rule === 'classification' &&
    blueprint.scoring.method !== 'theta'
  ) {
    problems.push({
      path: '/delivery/stopping',
      message: 'classification stopping needs a cut score on the theta scale',
    });
  }

  const scored = bank.filter((item) => canScore(blueprint, item));
  const byDomain = new Map<string, number>();
  for (const item of scored) byDomain.set(item.domain, (byDomain.get(item.domain) ?? 0) + 1);
  const adjective =
    blueprint.scoring.method === 'theta' || delivery.mode === 'adaptive' ? 'active calibrated' : 'active';

  if (delivery.mode === 'fixed') {
    const index = new Map(bank.map((item) => [item.itemId, item]));
    const counts = new Map<string, number>();
    delivery.itemIds.forEach((id, i) => {
      const item = index.get(id);
      if (!item)
        problems.push({
          path: `/delivery/itemIds/${i}`,
          message: `item ${id} is not an active item of the bank`,
        });
      else if (item.pretest)
        problems.push({
          path: `/delivery/itemIds/${i}`,
          message: `item ${id} is a pretest item and cannot be scored`,
        });
      else if (!titles.has(item.domain))
        problems.push({
          path: `/delivery/itemIds/${i}`,
          message: `item ${id} belongs to domain ${item.domain}, which the blueprint does not list`,
        });
      else {
        counts.set(item.domain, (counts.get(item.domain) ?? 0) + 1);
        if (blueprint.scoring.method === 'theta' && !item.calibrated) {
          problems.push({
            path: `/delivery/itemIds/${i}`,
            message: `item ${id} has no IRT parameters, which theta scoring needs`,
          });
        }
      }
    });
    if (new Set(delivery.itemIds).size !== delivery.itemIds.length)
      problems.push({ path: '/delivery/itemIds', message: 'an item is listed twice' });
    for (const b of bounds) {
      const has = counts.get(b.domain) ?? 0;
      if (has < b.min || has > b.max) {
        problems.push({
          path: '/delivery/itemIds',
          message: `domain ${titles.get(b.domain)} needs ${b.min === b.max ? b.min : `${b.min}–${b.max}`} items on the form, has ${has}`,
        });
      }
    }
  } else {
    for (const b of bounds) {
      const has = byDomain.get(b.domain) ?? 0;
      const needed = delivery.mode === 'adaptive' ? Math.max(b.min, Math.min(b.max, length.max)) : b.min;
      if (has < needed)
        problems.push({
          path: '/domains',
          message: `domain ${titles.get(b.domain)} needs ${needed} ${adjective} items, has ${has}`,
        });
      else if (delivery.mode === 'adaptive' && has < ADAPTIVE_BANK_FACTOR * needed) {
        warnings.push({
          path: '/domains',
          message: `domain ${titles.get(b.domain)} has ${has} ${adjective} items for up to ${needed} per exam; fewer than ${ADAPTIVE_BANK_FACTOR}× makes items overexposed`,
        });
      }
    }
    const available = bounds.reduce((sum, b) => sum + Math.min(b.max, byDomain.get(b.domain) ?? 0), 0);
    if (available < length.max && problems.length === 0) {
      problems.push({
        path: '/domains',
        message: `the bank can fill ${available} of the ${length.max} items the exam may need`,
      });
    }
  }
  if (delivery.mode === 'adaptive' && blueprint.pretestCount > Math.max(0, length.min - 1)) {
    problems.push({
      path: '/pretestCount',
      message: `an adaptive exam of at least ${length.min} items can hide at most ${Math.max(0, length.min - 1)} pretest items`,
    });
  }
  if (blueprint.pretestCount > 0) {
    const pretest = bank.filter((item) => item.pretest).length;
    if (pretest < blueprint.pretestCount)
      problems.push({
        path: '/pretestCount',
        message: `the exam seeds ${blueprint.pretestCount} pretest items, the bank has ${pretest} active pretest items`,
      });
  }
  return { feasible: problems.length === 0, problems, warnings };
}
