import type { Actor } from '../../adapters/token-service.js';
import { DomainError } from '../../domain/errors.js';
import { type ItemAction, judgeTransition } from '../../domain/items/lifecycle.js';
import {
  findItemForUpdate,
  type ItemVersionRow,
  updateItemPointers,
  updateItemVersion,
} from '../../persistence/repositories/items.js';
import type { AppDeps } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';
import { type ItemView, itemView } from './item-record.js';
import { settleActiveVersion } from './settle-active-version.js';

const PAST_TENSE: Readonly<Record<ItemAction, string>> = {
  submit: 'submitted',
  approve: 'approved',
  reject: 'rejected',
  retire: 'retired',
};

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
  return runUnitOfWork(deps, actor, async ({ tx, now, audit, authorize }) => {
    authorize(['author', 'admin']);
    const found = await findItemForUpdate(tx, actor.tenantId, itemId);
    if (!found) throw new DomainError('not_found', 'No such item');
    const { item, version: latest } = found;
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
    const activeVersion = await settleActiveVersion(tx, item, latest.version, verdict.to, now);
    await updateItemPointers(tx, actor.tenantId, itemId, { activeVersion, updatedAt: now });
    await audit({
      action: `item.${PAST_TENSE[input.action]}`,
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
    });
    return itemView({ ...item, activeVersion, updatedAt: now }, { ...latest, ...patch } as ItemVersionRow);
  });
}
