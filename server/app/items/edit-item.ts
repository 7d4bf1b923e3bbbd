import type { Actor } from '../../adapters/token-service.js';
import { DomainError } from '../../domain/errors.js';
import { editOutcome } from '../../domain/items/lifecycle.js';
import {
  findItemForUpdate,
  insertItemVersions,
  updateItemPointers,
  updateItemVersion,
} from '../../persistence/repositories/items.js';
import type { AppDeps } from '../deps.js';
import { type AuditNote, runUnitOfWork } from '../unit-of-work.js';
import { contentColumns, type ItemView, itemView, newVersionRow } from './item-record.js';
import { parseItemContent } from './parse-item-content.js';

/** New content for an item, based on the version the author was looking at. */
export interface EditItemInput {
  readonly content: unknown;
  /** The latest version the author edited; a different latest version means someone else got there first. */
  readonly baseVersion?: number;
}

/**
 * An author changes an item. A draft changes in place; a version in review goes back to draft;
 * an active or retired version is never changed (attempts refer to it), so the edit becomes a new draft version.
 */
export async function editItem(
  deps: AppDeps,
  actor: Actor,
  itemId: string,
  input: EditItemInput,
): Promise<ItemView> {
  const content = parseItemContent(input.content);
  return runUnitOfWork(deps, actor, async ({ tx, now, audit, authorize }) => {
    authorize(['author', 'admin']);
    const found = await findItemForUpdate(tx, actor.tenantId, itemId);
    if (!found) throw new DomainError('not_found', 'No such item');
    const { item, version: latest } = found;
    if (input.baseVersion !== undefined && input.baseVersion !== item.latestVersion) {
      throw new DomainError(
        'conflict',
        `The item has changed: its latest version is ${item.latestVersion}, not ${input.baseVersion}`,
      );
    }
    if (editOutcome(latest.status) === 'in_place') {
      const patch = {
        status: 'draft' as const,
        ...contentColumns(content, 'author'),
        authorId: actor.userId,
        updatedAt: now,
        submittedAt: null,
      };
      await updateItemVersion(tx, actor.tenantId, itemId, latest.version, patch);
      await updateItemPointers(tx, actor.tenantId, itemId, { updatedAt: now });
      await audit(itemAudit(itemId, latest.version, 'item.edited', patch.contentHash));
      return itemView({ ...item, updatedAt: now }, { ...latest, ...patch });
    }
    const version = newVersionRow(
      actor.tenantId,
      itemId,
      item.latestVersion + 1,
      content,
      'draft',
      actor.userId,
      now,
      'author',
    );
    await insertItemVersions(tx, [version]);
    const moved = { ...item, latestVersion: version.version, updatedAt: now };
    await updateItemPointers(tx, actor.tenantId, itemId, { latestVersion: version.version, updatedAt: now });
    await audit(itemAudit(itemId, version.version, 'item.version_created', version.contentHash));
    return itemView(moved, version);
  });
}

/** The audit entry of an edit: which version it made or changed, and the content's hash. */
function itemAudit(itemId: string, version: number, action: string, hash: string): AuditNote {
  return { action, subjectType: 'item', subjectId: itemId, details: { version, contentHash: hash } };
}
