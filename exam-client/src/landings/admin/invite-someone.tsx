import { useState } from 'preact/hooks';
import { inviteUser } from '../../api';
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

/** Invite a person with chosen roles; shows the one-time registration link to pass on. */
export function InviteSomeone() {
  const [email, setEmail] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
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
          () => inviteUser({ email: email.trim(), roles, expiresInDays: Number(validDays) }),
          'No invitation was created',
        ),
      );
      setEmail('');
    });
  };

  return (
    <Subsection title="Invite someone">
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
          {busy ? 'Creating invitation…' : 'Send invitation'}
        </button>
      </form>
      <Status message={issued && `Invitation created for ${issued.invitation.email}`} />
      {issued && <InvitationLink url={issued.url} expiresAt={issued.invitation.expiresAt} />}
    </Subsection>
  );
}
