/**
 * The adaptive test as explicit state in, decision out (in the manner of catsim): `startCat` gives the
 * initial state, `nextCatStep` decides whether to stop or which item to administer, `recordCatResponse`
 * adds a score and re-estimates θ. Each stage is a strategy from its module: content balancing picks the
 * domain (selection/content-balance.ts), maximum information ranks the items (selection/max-information.ts),
 * exposure control picks among them (exposure/), stopping decides the end (stopping/rules.ts), the
 * estimator updates θ̂ (estimation/). Nothing here reads a clock or Math.random; inputs are never mutated.
 */
import { type CatBankInput, type CatItem, resolveCatBank } from './cat-bank.js';
import { type CatConfig, estimatorFor, exposureFor, stoppingRuleFor } from './cat-config.js';
import type { Rng } from './rng.js';
import { eligibleDomains, minimumsMet } from './selection/content-balance.js';
import { maxTestLength, type StopReason } from './stopping/rules.js';

/** One administered item and its score in [0, 1]. */
export interface CatResponse {
  readonly itemId: string;
  readonly score: number;
}

/** Where one examinee's CAT stands. */
export interface CatState {
  readonly administered: readonly CatResponse[];
  readonly theta: number;
  readonly se: number;
  /** Items Sympson–Hetter set aside for this examinee: never offered again in this test. */
  readonly setAside: readonly string[];
  /** Administered items per content domain. */
  readonly domainCounts: Readonly<Record<string, number>>;
}

/** The engine's decision: administer an item (with the state updated for set-aside items) or stop. */
export type CatStep =
  | { readonly kind: 'administer'; readonly itemId: string; readonly state: CatState }
  | { readonly kind: 'stop'; readonly reason: StopReason };

/** The state before any item: θ at the configured start, SE the prior SD (or ∞ for the MLE). */
export function startCat(config: CatConfig): CatState {
  const e = config.estimator;
  return {
    administered: [],
    theta: config.start.theta,
    se: e.method === 'mle' ? Number.POSITIVE_INFINITY : e.priorSd,
    setAside: [],
    domainCounts: {},
  };
}

/** Decides the next step: stop (with the reason) or the item to administer. */
export function nextCatStep(bankInput: CatBankInput, config: CatConfig, state: CatState, rng: Rng): CatStep {
  const bank = resolveCatBank(bankInput);
  const reason = stoppingRuleFor(config)({
    length: state.administered.length,
    theta: state.theta,
    se: state.se,
    minimumsMet: minimumsMet(config.content, state.domainCounts),
  });
  if (reason !== undefined) return { kind: 'stop', reason };
  const preferred = eligibleDomains(config.content, state.domainCounts, maxTestLength(config.stopping));
  const groups: (readonly number[] | undefined)[] =
    preferred === undefined
      ? [undefined]
      : preferred.flatMap((name) => {
          const g = bank.domainNumber.get(name);
          return g === undefined ? [] : [[g]];
        });
  const used = new Set<number>();
  for (const r of state.administered) used.add(bank.positionOf.get(r.itemId) as number);
  for (const id of state.setAside) used.add(bank.positionOf.get(id) as number);
  const exposure = exposureFor(config, bank);
  const setAside: string[] = [];
  for (const domains of groups) {
    const decision = exposure(
      (count, skip) =>
        bank.search(bank.index, {
          theta: state.theta,
          count,
          domains,
          excluded: skip.size === 0 ? used : { has: (i) => used.has(i) || skip.has(i) },
        }),
      rng,
    );
    for (const i of decision.setAside) {
      used.add(i);
      setAside.push((bank.items[i] as CatItem).id);
    }
    if (decision.item !== undefined) {
      const itemId = (bank.items[decision.item] as CatItem).id;
      const next = setAside.length === 0 ? state : { ...state, setAside: [...state.setAside, ...setAside] };
      return { kind: 'administer', itemId, state: next };
    }
  }
  return { kind: 'stop', reason: 'bank_exhausted' };
}

/** The state after the examinee scored `score` on `itemId`, with θ and SE re-estimated. */
export function recordCatResponse(
  bankInput: CatBankInput,
  config: CatConfig,
  state: CatState,
  itemId: string,
  score: number,
): CatState {
  const bank = resolveCatBank(bankInput);
  const position = bank.positionOf.get(itemId);
  if (position === undefined) throw new RangeError(`item "${itemId}" is not in the bank`);
  if (!(score >= 0 && score <= 1)) throw new RangeError(`score must lie in [0, 1], got ${score}`);
  if (state.administered.some((r) => r.itemId === itemId))
    throw new RangeError(`item "${itemId}" was already administered`);
  const domain = (bank.items[position] as CatItem).domain;
  const administered = [...state.administered, { itemId, score }];
  const estimate = estimatorFor(config)(
    administered.map((r) => ({
      item: (bank.items[bank.positionOf.get(r.itemId) as number] as CatItem).params,
      score: r.score,
    })),
  );
  return {
    administered,
    theta: estimate.theta,
    se: estimate.se,
    setAside: state.setAside,
    domainCounts: { ...state.domainCounts, [domain]: (state.domainCounts[domain] ?? 0) + 1 },
  };
}
