/**
 * The item bank as the CAT engine sees it: items with a content domain and IRT parameters, plus the selection
 * index built once (`prepareCatBank`). Engine functions accept either a prepared bank or a plain item array;
 * an array is prepared on first use and the result remembered for that array (a memo of a pure function).
 */
import type { ItemParameters } from './irt.js';
import { type BankIndex, type BankIndexOptions, prepareBank } from './selection/bank-index.js';
import { exhaustiveTopItems, indexedTopItems, type TopItemsSearch } from './selection/max-information.js';

/** One calibrated item: its id, content domain and IRT parameters. */
export interface CatItem {
  readonly id: string;
  readonly domain: string;
  readonly params: ItemParameters;
}

/** A bank ready for adaptive selection. */
export interface CatBank {
  readonly items: readonly CatItem[];
  readonly index: BankIndex;
  readonly positionOf: ReadonlyMap<string, number>;
  /** Domain name → domain number in the index. */
  readonly domainNumber: ReadonlyMap<string, number>;
  readonly search: TopItemsSearch;
}

/** How to prepare: the index grid and the search ('indexed' by default; 'exhaustive' is the baseline). */
export interface CatBankOptions extends BankIndexOptions {
  readonly search?: 'indexed' | 'exhaustive';
}

/** What the engine accepts as a bank. */
export type CatBankInput = CatBank | readonly CatItem[];

/** Builds the selection index and look-ups for items (ids must be unique). */
export function prepareCatBank(items: readonly CatItem[], options: CatBankOptions = {}): CatBank {
  const domainNumber = new Map<string, number>();
  for (const item of items)
    if (!domainNumber.has(item.domain)) domainNumber.set(item.domain, domainNumber.size);
  const positionOf = new Map<string, number>();
  items.forEach((item, i) => {
    if (positionOf.has(item.id)) throw new RangeError(`item id "${item.id}" appears twice in the bank`);
    positionOf.set(item.id, i);
  });
  const index = prepareBank(
    items.map((item) => item.params),
    items.map((item) => domainNumber.get(item.domain) as number),
    options,
  );
  const search = options.search === 'exhaustive' ? exhaustiveTopItems : indexedTopItems;
  return { items, index, positionOf, domainNumber, search };
}

const prepared = new WeakMap<readonly CatItem[], CatBank>();

/** The prepared bank for an input (preparing and remembering a plain array once). */
export function resolveCatBank(bank: CatBankInput): CatBank {
  if (!Array.isArray(bank)) return bank as CatBank;
  const items = bank as readonly CatItem[];
  let found = prepared.get(items);
  if (found === undefined) {
    found = prepareCatBank(items);
    prepared.set(items, found);
  }
  return found;
}
