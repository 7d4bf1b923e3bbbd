import { useState } from 'preact/hooks';
import type { InvitationsApi } from '../../api';
import { Alert, Field, Status } from '../../components/form';
import { Subsection } from '../../components/subsection';
import type { InvitationIssued, Role } from '../../types';
import { useFieldErrors } from '../../use-field-errors';
import { useSubmit } from '../../use-submit';
import { InvitationLink } from './invitation-link';
import { RolePicker } from './role-picker';

const DEFAULT_VALID_DAYS = '14';

/** The fields of the form, by the JSON pointer of the value each sends. */
const INVITE_LABELS = new Map([
  ['/email', 'Invitee email'],
  ['/expiresInDays', 'Valid for (days)'],
]);

/**
 * Invite a person with chosen roles: the invitation is e-mailed, and the one-time link is shown too (to pass
 * on by hand). `invitations` says into which tenant; `onInvited` lets a list of pending invitations refresh.
 */
export function InviteSomeone(props: {
  invitations: InvitationsApi;
  title?: string;
  initialRoles?: readonly Role[];
  onInvited?: () => void;
}) {
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<Role[]>([...(props.initialRoles ?? [])]);
  const [validDays, setValidDays] = useState(DEFAULT_VALID_DAYS);
  const [issued, setIssued] = useState<InvitationIssued | null>(null);
  const { busy, error, setError, run } = useSubmit();
  const fieldErrors = useFieldErrors(INVITE_LABELS);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    if (roles.length === 0) {
      setError('Choose at least one role for the invitee.');
      return;
    }
    setIssued(null);
    void run(async () => {
      setIssued(
        await fieldErrors.guard(
          () => props.invitations.invite({ email: email.trim(), roles, expiresInDays: Number(validDays) }),
          'No invitation was created',
        ),
      );
      setEmail('');
      props.onInvited?.();
    });
  };

  return (
    <Subsection title={props.title ?? 'Invite someone'}>
      <Alert message={error} />
      <form onSubmit={onSubmit}>
        <Field
          label="Invitee email"
          type="email"
          value={email}
          onInput={setEmail}
          autocomplete="off"
          required
          errors={fieldErrors.at('/email')}
        />
        <RolePicker legend="Roles" selected={roles} onChange={setRoles} />
        <Field
          label="Valid for (days)"
          type="number"
          value={validDays}
          onInput={setValidDays}
          min={1}
          max={90}
          required
          errors={fieldErrors.at('/expiresInDays')}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Sending invitation…' : 'Send invitation'}
        </button>
      </form>
      <Status message={issued && `Invitation e-mailed to ${issued.invitation.email}`} />
      {issued && <InvitationLink url={issued.url} expiresAt={issued.invitation.expiresAt} />}
    </Subsection>
  );
}
