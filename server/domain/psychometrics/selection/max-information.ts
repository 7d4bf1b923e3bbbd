/**
 * Maximum Fisher information item selection (Lord 1980, ch. 10; Weiss 1982): administer the eligible item
 * with the largest I_i(θ̂). Two searches return the same answer:
 *
 * - `indexedTopItems`: branch and bound over the bank index. At θ̂'s interval every domain's list is sorted
 *   by an upper bound U_i ≥ I_i(θ) (bank-index.ts); the lists of the eligible domains are merged lazily,
 *   excluded items are skipped, exact information is computed only for items reached, and the walk stops
 *   once the next bound cannot beat the k-th best exact value found. The result is the exact top k within
 *   the eligible set (up to ties), at the cost of a handful of exact evaluations.
 * - `exhaustiveTopItems`: computes I_i(θ̂) for every eligible item; the baseline for tests and the bench.
 */
import { type BankIndex, indexedInformation, intervalOf } from './bank-index.js';

/** What a search looks for: the k best items at θ in the given domains, skipping excluded items. */
export interface TopItemsQuery {
  readonly theta: number;
  readonly count: number;
  /** Domain numbers to search; all domains when undefined. */
  readonly domains?: readonly number[];
  readonly excluded: { has(item: number): boolean };
}

/** One candidate: the item number and its exact information at the query θ. */
export interface RankedItem {
  readonly item: number;
  readonly information: number;
}

/** A strategy answering TopItemsQuery, most informative first. */
export type TopItemsSearch = (index: BankIndex, query: TopItemsQuery) => RankedItem[];

function allDomains(index: BankIndex): number[] {
  const domains: number[] = [];
  for (let g = 0; g < index.domainStart.length - 1; g++) domains.push(g);
  return domains;
}

function insertRanked(best: RankedItem[], candidate: RankedItem, count: number): void {
  let at = best.length;
  while (at > 0 && (best[at - 1] as RankedItem).information < candidate.information) at--;
  if (at >= count) return;
  best.splice(at, 0, candidate);
  if (best.length > count) best.pop();
}

/** The exact k most informative eligible items, found through the index (see the module docblock). */
export const indexedTopItems: TopItemsSearch = (index, query) => {
  const domains = query.domains ?? allDomains(index);
  const rowStart = intervalOf(index, query.theta) * index.size;
  const cursor = domains.map((g) => rowStart + (index.domainStart[g] as number));
  const end = domains.map((g) => rowStart + (index.domainStart[g + 1] as number));
  const best: RankedItem[] = [];
  for (;;) {
    let lane = -1;
    let laneBound = -1;
    for (let l = 0; l < cursor.length; l++) {
      const at = cursor[l] as number;
      if (at < (end[l] as number) && (index.bound[at] as number) > laneBound) {
        lane = l;
        laneBound = index.bound[at] as number;
      }
    }
    if (lane < 0) break;
    if (best.length === query.count && laneBound <= (best[query.count - 1] as RankedItem).information) break;
    const position = cursor[lane] as number;
    cursor[lane] = position + 1;
    const item = index.order[position] as number;
    if (query.excluded.has(item)) continue;
    insertRanked(best, { item, information: indexedInformation(index, item, query.theta) }, query.count);
  }
  return best;
};

/** The k most informative eligible items by computing information for every eligible item. */
export const exhaustiveTopItems: TopItemsSearch = (index, query) => {
  const wanted = query.domains === undefined ? undefined : new Set(query.domains);
  const best: RankedItem[] = [];
  for (let item = 0; item < index.size; item++) {
    if (wanted !== undefined && !wanted.has(index.domainOf[item] as number)) continue;
    if (query.excluded.has(item)) continue;
    insertRanked(best, { item, information: indexedInformation(index, item, query.theta) }, query.count);
  }
  return best;
};
