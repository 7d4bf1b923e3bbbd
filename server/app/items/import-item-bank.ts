import { randomUUID } from 'node:crypto';
import type { BankFile, BankItem } from '../../../item-bank/schema.js';
import { validateBankFile } from '../../../item-bank/validate.js';
import { DomainError } from '../../domain/errors.js';
import type { ItemContent } from '../../domain/items/item.js';
import { editOutcome, type ItemStatus } from '../../domain/items/lifecycle.js';
import type { Executor } from '../../persistence/database.js';
import {
  findLatestByExternalIds,
  type ItemRow,
  type ItemVersionRow,
  insertItems,
  insertItemVersions,
  updateItemPointers,
  updateItemVersion,
} from '../../persistence/repositories/items.js';
import type { AppDeps, ChangeAuthor } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';
import { contentColumns, newVersionRow, sameItem, storedContent } from './item-record.js';
import { settleActiveVersion } from './settle-active-version.js';

/** What an import did (or, on a dry run, would do), by external id. */
export interface ImportReport {
  readonly dryRun: boolean;
  readonly total: number;
  readonly created: string[];
  readonly versioned: string[];
  readonly statusChanged: string[];
  readonly unchanged: number;
}

/** Who imports: a signed-in admin, or the command line or demo seed (no user). */
export type Importer = ChangeAuthor;

type Plan =
  | { kind: 'create'; entry: BankItem }
  | { kind: 'unchanged' }
  | { kind: 'status'; entry: BankItem; item: ItemRow; latest: ItemVersionRow }
  | { kind: 'edit'; entry: BankItem; item: ItemRow; latest: ItemVersionRow };

/** Splits a bank entry into its content and the status the file gives it (draft when absent). */
function contentOf(entry: BankItem): { content: ItemContent; status: ItemStatus } {
  const { externalId: _id, status, ...content } = entry;
  return { content: content as ItemContent, status: status ?? 'draft' };
}

/**
 * Imports a bank file, all or nothing: a file with any bad item imports nothing and the error lists
 * every bad item by path. Items are matched on external id, so re-importing a file changes nothing;
 * a changed item becomes a new version (or updates its draft), a changed status is applied.
 */
export async function importItemBank(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  importer: Importer,
  file: unknown,
  options: { readonly dryRun: boolean },
): Promise<ImportReport> {
  const checked = validateBankFile(file);
  if (!checked.ok) {
    throw new DomainError(
      'validation_failed',
      `The bank file has ${checked.issues.length} problem${checked.issues.length === 1 ? '' : 's'}; nothing was imported`,
      checked.issues.map((issue) => ({ path: issue.path, rule: issue.rule, message: issue.message })),
    );
  }
  return applyImport(deps, importer, checked.bank, options);
}

async function applyImport(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  importer: Importer,
  bank: BankFile,
  options: { readonly dryRun: boolean },
): Promise<ImportReport> {
  return runUnitOfWork(
    deps,
    importer,
    async ({ tx, now, audit, authorize }) => {
      authorize(['admin']);
      const plans = await planImport(tx, importer.tenantId, bank.items);
      const report: ImportReport = {
        dryRun: options.dryRun,
        total: bank.items.length,
        created: plans.flatMap((p) => (p.kind === 'create' ? [p.entry.externalId] : [])),
        versioned: plans.flatMap((p) => (p.kind === 'edit' ? [p.entry.externalId] : [])),
        statusChanged: plans.flatMap((p) => (p.kind === 'status' ? [p.entry.externalId] : [])),
        unchanged: plans.filter((p) => p.kind === 'unchanged').length,
      };
      if (options.dryRun || report.unchanged === report.total) return report;
      await createItems(
        tx,
        importer,
        plans.flatMap((p) => (p.kind === 'create' ? [p.entry] : [])),
        now,
      );
      for (const plan of plans)
        if (plan.kind === 'edit' || plan.kind === 'status') await applyChange(tx, importer, plan, now);
      await audit({
        action: 'item_bank.imported',
        subjectType: 'item_bank',
        subjectId: importer.tenantId,
        details: {
          source: bank.source ?? null,
          total: report.total,
          created: report.created,
          versioned: report.versioned,
          statusChanged: report.statusChanged,
          unchanged: report.unchanged,
        },
      });
      return report;
    },
    {
      onUniqueViolation:
        'Another import added the same items at the same time; nothing was imported, run it again',
    },
  );
}

async function planImport(tx: Executor, tenantId: string, entries: readonly BankItem[]): Promise<Plan[]> {
  const existing = new Map<string, { item: ItemRow; version: ItemVersionRow }>();
  for (let i = 0; i < entries.length; i += 1000) {
    const ids = entries.slice(i, i + 1000).map((e) => e.externalId);
    for (const row of await findLatestByExternalIds(tx, tenantId, ids))
      existing.set(row.item.externalId, row);
  }
  return entries.map((entry): Plan => {
    const found = existing.get(entry.externalId);
    if (!found) return { kind: 'create', entry };
    const { item, version: latest } = found;
    const { content, status } = contentOf(entry);
    if (!sameItem(storedContent(latest), content)) return { kind: 'edit', entry, item, latest };
    if (latest.status !== status) return { kind: 'status', entry, item, latest };
    return { kind: 'unchanged' };
  });
}

/** New items, inserted in batches (a first import of a whole bank is mostly these). */
async function createItems(
  tx: Executor,
  importer: Importer,
  entries: readonly BankItem[],
  now: Date,
): Promise<void> {
  const rows = entries.map((entry) => {
    const { content, status } = contentOf(entry);
    const item: ItemRow = {
      tenantId: importer.tenantId,
      id: randomUUID(),
      externalId: entry.externalId,
      latestVersion: 1,
      activeVersion: status === 'active' ? 1 : null,
      createdAt: now,
      updatedAt: now,
    };
    const version: ItemVersionRow = {
      ...newVersionRow(importer.tenantId, item.id, 1, content, status, importer.userId, now, 'import'),
      ...reviewFields(status, importer, now),
    };
    return { item, version };
  });
  for (let i = 0; i < rows.length; i += 500) {
    const batch = rows.slice(i, i + 500);
    await insertItems(
      tx,
      batch.map((r) => r.item),
    );
    await insertItemVersions(
      tx,
      batch.map((r) => r.version),
    );
  }
}

async function applyChange(
  tx: Executor,
  importer: Importer,
  plan: Extract<Plan, { kind: 'edit' | 'status' }>,
  now: Date,
): Promise<void> {
  const { content, status } = contentOf(plan.entry);
  const { item, latest } = plan;
  let version = latest.version;
  if (plan.kind === 'edit' && editOutcome(latest.status) === 'in_place') {
    await updateItemVersion(tx, importer.tenantId, item.id, version, {
      ...contentColumns(content, 'import'),
      authorId: importer.userId,
      updatedAt: now,
      status,
      ...reviewFields(status, importer, now),
    });
  } else if (plan.kind === 'edit') {
    version = latest.version + 1;
    await insertItemVersions(tx, [
      {
        ...newVersionRow(
          importer.tenantId,
          item.id,
          version,
          content,
          status,
          importer.userId,
          now,
          'import',
        ),
        ...reviewFields(status, importer, now),
      },
    ]);
  } else {
    await updateItemVersion(tx, importer.tenantId, item.id, version, {
      status,
      updatedAt: now,
      ...reviewFields(status, importer, now),
    });
  }
  const activeVersion = await settleActiveVersion(tx, item, version, status, now);
  await updateItemPointers(tx, importer.tenantId, item.id, {
    latestVersion: version,
    activeVersion,
    updatedAt: now,
  });
}

/** An item imported as active was reviewed elsewhere; the importer vouches for it and is recorded as reviewer. */
function reviewFields(status: ItemStatus, importer: Importer, now: Date): Partial<ItemVersionRow> {
  if (status === 'active')
    return {
      reviewerId: importer.userId,
      reviewedAt: now,
      reviewComment: 'imported as active from a bank file',
    };
  if (status === 'retired') return { retiredAt: now };
  if (status === 'in_review') return { submittedAt: now };
  return {};
}
