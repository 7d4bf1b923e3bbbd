import { useState } from 'preact/hooks';
import { ApiError, transitionItem } from '../api';
import { Alert, Status } from '../components/form';
import type { Session } from '../session';
import type { ItemAction, ItemView } from '../types';
import { useSubmit } from '../use-submit';
import { fieldSentence } from '../field-errors';
import { detailsOf, itemWording, NO_ERRORS, type PlacedErrors } from './error-paths';
import { FieldErrorsContext, TextArea } from './fields';

const DONE: Record<ItemAction, (version: number) => string> = {
  submit: (v) => `Version ${v} submitted for review`,
  approve: (v) => `Version ${v} approved: it is now active`,
  reject: (v) => `Version ${v} rejected: it is back in draft`,
  retire: (v) => `Version ${v} retired`,
};

/**
 * The review workflow of the latest version: Submit for review (draft), Approve or Reject with a comment
 * (in review; not offered to the version's author: nobody reviews their own item), Retire (active). The
 * server has the last word: a refusal (rejecting without a comment, a status that moved meanwhile) shows
 * as the server words it.
 */
export function Workflow(props: {
  item: ItemView;
  session: Session;
  /** Unsaved edits in the form above: submitting would send the saved version, not what is on screen. */
  dirty: boolean;
  onChanged: (item: ItemView) => void;
  /** Called when an action starts. */
  onAction?: () => void;
  /** Hide the last notice and error: another part of the page acted since. */
  quiet?: boolean;
}) {
  const { item } = props;
  const [comment, setComment] = useState('');
  const [commentErrors, setCommentErrors] = useState<PlacedErrors>(NO_ERRORS);
  const { busy, busyWith, error, status, setError, run } = useSubmit<ItemAction>();
  const ownVersion = item.authorId !== null && item.authorId === props.session.user.id;

  const act = (action: ItemAction) => {
    if (action === 'submit' && props.dirty) {
      setError('Save your changes first: Submit for review sends the saved version.');
      return;
    }
    setCommentErrors(NO_ERRORS);
    props.onAction?.();
    void run(
      async () => {
        const text = comment.trim();
        try {
          const { item: moved } = await transitionItem(item.id, {
            action,
            ...(text !== '' && (action === 'approve' || action === 'reject') ? { comment: text } : {}),
          });
          setComment('');
          props.onChanged(moved);
          return DONE[action](moved.version);
        } catch (failure) {
          const onComment = detailsOf(failure).filter((detail) => detail.path === '/comment');
          if (failure instanceof ApiError && onComment.length > 0) {
            const sentences = onComment.map((detail) => fieldSentence('Review comment', detail, itemWording));
            setCommentErrors({
              byField: new Map([['comment', sentences]]),
              unmapped: [],
              all: onComment.map((detail, at) => ({
                detail,
                field: 'comment',
                sentence: sentences[at] ?? '',
              })),
            });
            return undefined;
          }
          throw failure;
        }
      },
      { kind: action },
    );
  };

  const button = (action: ItemAction, label: string, busyLabel: string, style?: string) => (
    <button type="button" class={style} disabled={busy} onClick={() => act(action)}>
      {busyWith === action ? busyLabel : label}
    </button>
  );

  return (
    <section class="card" aria-labelledby="item-workflow-title">
      <h2 id="item-workflow-title">Review</h2>
      {item.status === 'draft' && (
        <>
          <p>Version {item.version} is a draft. When it is ready, send it to a reviewer.</p>
          <div class="actions">{button('submit', 'Submit for review', 'Submitting…')}</div>
        </>
      )}
      {item.status === 'in_review' && (
        <>
          <p>
            Version {item.version} is waiting for review.
            {ownVersion && ' You wrote it, so another author or an administrator approves or rejects it.'}
          </p>
          {!ownVersion && (
            <>
              <FieldErrorsContext.Provider value={commentErrors}>
                <TextArea
                  field="comment"
                  label="Review comment"
                  value={comment}
                  onInput={setComment}
                  rows={3}
                  hint="Required to reject; optional when approving."
                />
              </FieldErrorsContext.Provider>
              <div class="actions">
                {button('approve', 'Approve', 'Approving…')}
                {button('reject', 'Reject', 'Rejecting…', 'secondary')}
              </div>
            </>
          )}
        </>
      )}
      {item.status === 'active' && (
        <>
          <p>
            Version {item.version} is active. Saving changes above makes a new draft version; this one stays
            in use until that is approved.
          </p>
          <div class="actions">{button('retire', 'Retire', 'Retiring…', 'danger')}</div>
        </>
      )}
      {item.status === 'retired' && (
        <p>Version {item.version} is retired. Saving changes above starts a new draft version.</p>
      )}
      <Alert message={props.quiet ? null : error} />
      <Status message={props.quiet ? null : status} />
    </section>
  );
}
