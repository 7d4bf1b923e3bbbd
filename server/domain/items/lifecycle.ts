/**
 * The review workflow of an item version: draft → in_review → active → retired. A reviewer other
 * than the version's author approves it (the four-eyes rule certification bodies audit for, e.g.
 * ISO/IEC 17024 §9.3 on the validity of examinations); a rejection goes back to draft with a comment.
 */

/** Where an item version is in its review workflow. */
export const ITEM_STATUSES = ['draft', 'in_review', 'active', 'retired'] as const;
/** One of ITEM_STATUSES. */
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** What a person can do to the latest version of an item. */
export const ITEM_ACTIONS = ['submit', 'approve', 'reject', 'retire'] as const;
/** One of ITEM_ACTIONS. */
export type ItemAction = (typeof ITEM_ACTIONS)[number];

const MOVES: Readonly<Record<ItemAction, { readonly from: ItemStatus; readonly to: ItemStatus }>> = {
  submit: { from: 'draft', to: 'in_review' },
  approve: { from: 'in_review', to: 'active' },
  reject: { from: 'in_review', to: 'draft' },
  retire: { from: 'active', to: 'retired' },
};

/** The facts a transition is judged on. */
export interface TransitionRequest {
  readonly action: ItemAction;
  readonly status: ItemStatus;
  readonly authorId: string | null;
  readonly actorId: string;
  readonly comment?: string;
}

/** The verdict: the new status, or why the move is refused. */
export type TransitionVerdict =
  | { readonly allowed: true; readonly to: ItemStatus; readonly reviewed: boolean }
  | {
      readonly allowed: false;
      readonly reason: 'wrong_status' | 'own_item' | 'comment_required';
      readonly message: string;
    };

/** Judges one move of the review workflow. */
export function judgeTransition(request: TransitionRequest): TransitionVerdict {
  const move = MOVES[request.action];
  if (request.status !== move.from) {
    return {
      allowed: false,
      reason: 'wrong_status',
      message: `Cannot ${request.action} an item version that is ${request.status.replace('_', ' ')} (it must be ${move.from.replace('_', ' ')})`,
    };
  }
  const reviewing = request.action === 'approve' || request.action === 'reject';
  if (reviewing && request.authorId !== null && request.authorId === request.actorId) {
    return {
      allowed: false,
      reason: 'own_item',
      message: 'A reviewer cannot approve or reject their own item version',
    };
  }
  if (request.action === 'reject' && !request.comment?.trim()) {
    return { allowed: false, reason: 'comment_required', message: 'Say why the item version is rejected' };
  }
  return { allowed: true, to: move.to, reviewed: reviewing };
}

/**
 * What an edit does to the latest version: a draft is edited in place; a version in review is
 * withdrawn to draft and edited; an active or retired version stays as candidates saw it and the
 * edit becomes a new draft version.
 */
export function editOutcome(status: ItemStatus): 'in_place' | 'new_version' {
  return status === 'draft' || status === 'in_review' ? 'in_place' : 'new_version';
}
