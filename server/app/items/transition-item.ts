import type { Actor } from '../../adapters/token-service.js';
import { DomainError } from '../../domain/errors.js';
import { type ItemAction, judgeTransition } from '../../domain/items/lifecycle.js';
import { appendAudit } from '../../persistence/audit-chain.js';
import { inTransaction } from '../../persistence/database.js';
import {
  findItem,
  findItemVersion,
  type ItemVersionRow,
  updateItemPointers,
  updateItemVersion,
} from '../../persistence/repositories/items.js';
import type { AppDeps } from '../deps.js';
import { type ItemView, itemView } from './item-record.js';

/** A move in the review workflow, applied to the item's latest version. */
export interface TransitionItemInput {
  readonly action: ItemAction;
  readonly comment?: string;
}

/**
 * Submits, approves, rejects or retires the latest version of an item. Approving records the
 * reviewer and retires the version it replaces, so one version per item is active at a time.
 */
export async function transitionItem(
  deps: AppDeps,
  actor: Actor,
  itemId: string,
  input: TransitionItemInput,
): Promise<ItemView> {
  return inTransaction(deps.db, async (tx) => {
    const item = await findItem(tx, actor.tenantId, itemId, true);
    const latest = item && (await findItemVersion(tx, actor.tenantId, itemId, item.latestVersion));
    if (!item || !latest) throw new DomainError('not_found', 'No such item');
    const verdict = judgeTransition({
      action: input.action,
      status: latest.status,
      authorId: latest.authorId,
      actorId: actor.userId,
      ...(input.comment !== undefined ? { comment: input.comment } : {}),
    });
    if (!verdict.allowed) {
      const code =
        verdict.reason === 'own_item'
          ? 'forbidden'
          : verdict.reason === 'comment_required'
            ? 'validation_failed'
            : 'invalid_transition';
      throw new DomainError(
        code,
        verdict.message,
        verdict.reason === 'comment_required'
          ? [{ path: '/comment', rule: 'required', message: 'is required to reject' }]
          : undefined,
      );
    }
    const now = deps.clock.now();
    const patch: Partial<ItemVersionRow> = { status: verdict.to, updatedAt: now };
    if (input.action === 'submit') patch.submittedAt = now;
    if (verdict.reviewed)
      Object.assign(patch, {
        reviewerId: actor.userId,
        reviewedAt: now,
        reviewComment: input.comment ?? null,
      });
    if (input.action === 'retire') patch.retiredAt = now;
    await updateItemVersion(tx, actor.tenantId, itemId, latest.version, patch);
    let activeVersion = item.activeVersion;
    if (input.action === 'approve') {
      if (item.activeVersion !== null && item.activeVersion !== latest.version) {
        await updateItemVersion(tx, actor.tenantId, itemId, item.activeVersion, {
          status: 'retired',
          retiredAt: now,
          updatedAt: now,
        });
      }
      activeVersion = latest.version;
    }
    if (input.action === 'retire') activeVersion = null;
    await updateItemPointers(tx, actor.tenantId, itemId, { activeVersion, updatedAt: now });
    await appendAudit(tx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      action: `item.${input.action === 'submit' ? 'submitted' : input.action === 'approve' ? 'approved' : input.action === 'reject' ? 'rejected' : 'retired'}`,
      subjectType: 'item',
      subjectId: itemId,
      details: {
        version: latest.version,
        from: latest.status,
        to: verdict.to,
        ...(input.comment ? { comment: input.comment } : {}),
        ...(input.action === 'approve' && item.activeVersion !== null && item.activeVersion !== latest.version
          ? { supersedes: item.activeVersion }
          : {}),
      },
      occurredAt: now,
    });
    return itemView({ ...item, activeVersion, updatedAt: now }, { ...latest, ...patch } as ItemVersionRow);
  });
}
