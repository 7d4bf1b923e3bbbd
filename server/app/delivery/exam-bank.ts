import { catConfigFromBlueprint } from '../../domain/assessment/adaptive-config.js';
import type { Blueprint } from '../../domain/assessment/blueprint.js';
import type { BankItemSummary } from '../../domain/assessment/feasibility.js';
import { DomainError } from '../../domain/errors.js';
import { type ItemContent, irtParametersOf } from '../../domain/items/item.js';
import { type CatBank, type CatItem, prepareCatBank } from '../../domain/psychometrics/cat-bank.js';
import type { CatConfig } from '../../domain/psychometrics/cat-config.js';
import type { ItemParameters } from '../../domain/psychometrics/irt.js';
import type { Executor } from '../../persistence/database.js';
import { type BlueprintRow, findBlueprint } from '../../persistence/repositories/certifications.js';
import { listActiveVersions, listItemVersionsByKeys } from '../../persistence/repositories/items.js';
import { storedContent } from '../items/item-record.js';

/** One item of an exam's pool, as delivery needs it. */
export interface ExamItem {
  readonly itemId: string;
  readonly version: number;
  readonly domain: string;
  readonly pretest: boolean;
  readonly content: ItemContent;
  /** Null for uncalibrated items (pretest items may be). */
  readonly params: ItemParameters | null;
}

/** A published blueprint version ready to deliver: its items, and for adaptive exams the prepared CAT bank. */
export interface ExamBank {
  readonly certificationId: string;
  readonly version: number;
  readonly blueprint: Blueprint;
  readonly items: ReadonlyMap<string, ExamItem>;
  /** The pool as form assembly reads it. */
  readonly summary: readonly BankItemSummary[];
  /** Adaptive exams only: scored calibrated items prepared for selection, and the engine's configuration. */
  readonly cat: { readonly bank: CatBank; readonly config: CatConfig } | null;
}

const MAX_CACHED = 64;
const cache = new Map<string, Promise<ExamBank>>();

/** The item versions a blueprint runs on: the pool fixed when it was saved, or (older rows) the active bank now. */
async function poolOf(ex: Executor, tenantId: string, row: BlueprintRow) {
  if (row.itemPool) return listItemVersionsByKeys(ex, tenantId, row.itemPool);
  return (await listActiveVersions(ex, tenantId)).map((r) => r.version);
}

async function build(
  ex: Executor,
  tenantId: string,
  certificationId: string,
  version: number,
): Promise<ExamBank> {
  const row = await findBlueprint(ex, tenantId, certificationId, version);
  if (!row) throw new DomainError('not_found', 'This exam has no blueprint');
  const blueprint = row.definition as unknown as Blueprint;
  const items = new Map<string, ExamItem>();
  for (const v of await poolOf(ex, tenantId, row)) {
    const content = storedContent(v);
    items.set(v.itemId, {
      itemId: v.itemId,
      version: v.version,
      domain: v.domain,
      pretest: v.pretest,
      content,
      params: irtParametersOf(content) ?? null,
    });
  }
  const summary = [...items.values()].map((item) => ({
    itemId: item.itemId,
    domain: item.domain,
    pretest: item.pretest,
    calibrated: item.params !== null,
  }));
  let cat: ExamBank['cat'] = null;
  const config = catConfigFromBlueprint(blueprint, row.exposureParameters ?? {});
  if (config) {
    const catItems: CatItem[] = [...items.values()]
      .filter((item) => !item.pretest && item.params !== null)
      .map((item) => ({ id: item.itemId, domain: item.domain, params: item.params as ItemParameters }));
    cat = { bank: prepareCatBank(catItems), config };
  }
  return { certificationId, version, blueprint, items, summary, cat };
}

/**
 * The delivery bank of one published blueprint version, built once per process and shared by every attempt
 * (a blueprint version and its pool never change once saved, so nothing needs invalidating).
 */
export function examBank(
  ex: Executor,
  tenantId: string,
  certificationId: string,
  version: number,
): Promise<ExamBank> {
  const key = `${tenantId}:${certificationId}:${version}`;
  let found = cache.get(key);
  if (!found) {
    found = build(ex, tenantId, certificationId, version);
    found.catch(() => cache.delete(key));
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(key, found);
  }
  return found;
}

/** The item of the pool, or a clear failure when the stored attempt names one the pool lacks. */
export function examItem(bank: ExamBank, itemId: string): ExamItem {
  const item = bank.items.get(itemId);
  if (!item) throw new Error(`item ${itemId} is not in the pool of blueprint version ${bank.version}`);
  return item;
}
