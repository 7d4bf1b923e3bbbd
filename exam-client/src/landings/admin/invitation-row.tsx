import { useEffect, useRef, useState } from 'preact/hooks';
import type { InvitationsApi } from '../../api';
import { Alert, Status } from '../../components/form';
import type { Invitation, InvitationIssued } from '../../types';
import { useSubmit } from '../../use-submit';
import { InvitationLink } from './invitation-link';
import { roleLabel } from './roles';

const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const when = (iso: string) => date.format(new Date(iso));

/**
 * One open invitation: address, roles, who sent it and when, when it expires; Resend (a new link replaces
 * the old one) and Cancel, which asks first and takes Escape as "keep it".
 */
export function InvitationRow(props: {
  invitation: Invitation;
  invitations: InvitationsApi;
  onResent: () => void;
  onCancelled: (invitation: Invitation) => void;
}) {
  const { invitation } = props;
  const [confirming, setConfirming] = useState(false);
  const [resent, setResent] = useState<InvitationIssued | null>(null);
  const { busy, busyWith, error, status, run } = useSubmit<'resend' | 'cancel'>();
  const cancelButton = useRef<HTMLButtonElement>(null);
  const question = useRef<HTMLLegendElement>(null);
  const confirmId = `cancel-${invitation.id}`;

  useEffect(() => {
    if (confirming) question.current?.focus();
  }, [confirming]);

  const keep = () => {
    setConfirming(false);
    cancelButton.current?.focus();
  };

  const resend = () =>
    run(
      async () => {
        setResent(await props.invitations.resend(invitation.id));
        props.onResent();
        return `Invitation e-mailed again to ${invitation.email}; the previous link no longer works`;
      },
      { kind: 'resend' },
    );

  const cancel = () =>
    run(
      async () => {
        await props.invitations.cancel(invitation.id);
        props.onCancelled(invitation);
        return undefined;
      },
      { kind: 'cancel' },
    );

  const expired = invitation.state === 'expired';
  const inviter = invitation.invitedBy.displayName ?? 'an administrator';
  return (
    <li class="user invitation">
      <div class="user-summary">
        <div>
          <strong>{invitation.email}</strong>
          <div class="muted">
            Invited by {inviter}, sent {when(invitation.sentAt)}; {expired ? 'expired' : 'expires'}{' '}
            {when(invitation.expiresAt)}
          </div>
        </div>
        <div class="tags">
          {invitation.roles.map((role) => (
            <span key={role} class="tag">
              {roleLabel(role)}
            </span>
          ))}
          <span class={expired ? 'tag warn' : 'tag ok'}>{invitation.state}</span>
        </div>
        <div class="actions">
          <button
            type="button"
            class="secondary"
            onClick={resend}
            disabled={busy}
            aria-label={`Resend the invitation to ${invitation.email}`}
          >
            {busyWith === 'resend' ? 'Resending…' : 'Resend'}
          </button>
          <button
            ref={cancelButton}
            type="button"
            class="secondary"
            onClick={() => setConfirming(!confirming)}
            disabled={busy}
            aria-expanded={confirming}
            aria-controls={confirming ? confirmId : undefined}
            aria-label={`Cancel the invitation to ${invitation.email}`}
          >
            Cancel
          </button>
        </div>
      </div>
      {confirming && (
        <fieldset
          id={confirmId}
          class="confirm"
          onKeyDown={(event) => {
            if (event.key === 'Escape') keep();
          }}
        >
          <legend ref={question} tabIndex={-1}>
            Cancel the invitation to {invitation.email}? Its link stops working at once.
          </legend>
          <div class="actions">
            <button type="button" class="danger" onClick={cancel} disabled={busy}>
              {busyWith === 'cancel' ? 'Cancelling…' : 'Yes, cancel it'}
            </button>
            <button type="button" class="secondary" onClick={keep}>
              Keep it
            </button>
          </div>
        </fieldset>
      )}
      <Alert message={error} />
      <Status message={status} />
      {resent && (
        <InvitationLink
          url={resent.url}
          expiresAt={resent.invitation.expiresAt}
          label="New invitation link"
        />
      )}
    </li>
  );
}
