import { randomBytes, randomUUID } from 'node:crypto';
import type { Actor } from '../../adapters/token-service.js';
import { DomainError } from '../../domain/errors.js';
import type { ItemContent } from '../../domain/items/item.js';
import {
  findItemsByExternalIds,
  insertItems,
  insertItemVersions,
} from '../../persistence/repositories/items.js';
import { isUniqueViolation } from '../db-errors.js';
import type { AppDeps } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';
import { type ItemView, itemView, newVersionRow } from './item-record.js';
import { parseItemContent } from './parse-item-content.js';

/** A new item: its content and, optionally, the external id it is known by elsewhere. */
export interface CreateItemInput {
  readonly externalId?: string;
  readonly content: unknown;
}

/** An author writes a new item; it starts as version 1 in draft. */
export async function createItem(deps: AppDeps, actor: Actor, input: CreateItemInput): Promise<ItemView> {
  const content = parseItemContent(input.content);
  const externalId = input.externalId ?? `ITEM-${randomBytes(4).toString('hex').toUpperCase()}`;
  const taken = () =>
    new DomainError('conflict', `An item with external id ${externalId} already exists`, [
      { path: '/externalId', rule: 'unique', message: 'is already used by another item' },
    ]);
  try {
    return await insertNewItem(deps, actor, externalId, content, taken);
  } catch (error) {
    // Two authors creating the same external id at once: the unique index decides, the loser hears why.
    if (isUniqueViolation(error)) throw taken();
    throw error;
  }
}

async function insertNewItem(
  deps: AppDeps,
  actor: Actor,
  externalId: string,
  content: ItemContent,
  taken: () => DomainError,
): Promise<ItemView> {
  return runUnitOfWork(deps, actor, async ({ tx, now, audit, authorize }) => {
    authorize(['author', 'admin']);
    if ((await findItemsByExternalIds(tx, actor.tenantId, [externalId])).length > 0) throw taken();
    const item = {
      tenantId: actor.tenantId,
      id: randomUUID(),
      externalId,
      latestVersion: 1,
      activeVersion: null,
      createdAt: now,
      updatedAt: now,
    };
    const version = newVersionRow(actor.tenantId, item.id, 1, content, 'draft', actor.userId, now, 'author');
    await insertItems(tx, [item]);
    await insertItemVersions(tx, [version]);
    await audit({
      action: 'item.created',
      subjectType: 'item',
      subjectId: item.id,
      details: {
        externalId,
        version: 1,
        type: content.type,
        domain: content.domain,
        contentHash: version.contentHash,
      },
    });
    return itemView(item, version);
  });
}
