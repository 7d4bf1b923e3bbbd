import { useState } from 'preact/hooks';
import { reinstateCredential, revokeCredential, suspendCredential } from '../api';
import { Alert } from '../components/form';
import { SelectInput, TextArea } from '../items/fields';
import type { CredentialView, RevocationReason, SuspensionReason } from '../types';
import { useSubmit } from '../use-submit';
import { REVOCATION_OPTIONS, SUSPENSION_OPTIONS } from './labels';

/** A change an admin makes to a credential's standing. */
export type StandingChange = 'suspend' | 'reinstate' | 'revoke';

/** The words of each change: the button that opens its form, what the form says, its submit button. */
export const CHANGES: Record<
  StandingChange,
  { open: string; intro: string; submit: string; busy: string; done: string }
> = {
  suspend: {
    open: 'Suspend',
    intro:
      'While suspended, verifiers see the credential as suspended, not valid. You can reinstate it later.',
    submit: 'Suspend credential',
    busy: 'Suspending…',
    done: 'suspended',
  },
  reinstate: {
    open: 'Reinstate',
    intro: 'The credential becomes valid again until it expires.',
    submit: 'Reinstate credential',
    busy: 'Reinstating…',
    done: 'reinstated',
  },
  revoke: {
    open: 'Revoke',
    intro: 'Revocation is final: verifiers see the reason category; the note stays private.',
    submit: 'Revoke credential',
    busy: 'Revoking…',
    done: 'revoked',
  },
};

/** Which changes a credential allows now (the server has the last word: a 409 if it moved meanwhile). */
export function allowedChanges(credential: CredentialView): StandingChange[] {
  if (credential.revokedAt) return [];
  return credential.suspendedAt ? ['reinstate', 'revoke'] : ['suspend', 'revoke'];
}

/**
 * Suspend (with a reason), reinstate, or revoke (with a reason, after a confirmation: it cannot be undone)
 * one credential, each with an optional private note.
 */
export function StandingForm(props: {
  id: string;
  credential: CredentialView;
  change: StandingChange;
  onDone: (credential: CredentialView, message: string) => void;
  onCancel: () => void;
}) {
  const { credential, change } = props;
  const words = CHANGES[change];
  const [suspension, setSuspension] = useState<SuspensionReason>('investigation');
  const [revocation, setRevocation] = useState<RevocationReason>('misconduct');
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useSubmit();
  const key = (name: string) => `${name}-${credential.id}`;

  const apply = () => {
    const withNote = note.trim() === '' ? {} : { note: note.trim() };
    if (change === 'suspend') return suspendCredential(credential.id, { reason: suspension, ...withNote });
    if (change === 'reinstate') return reinstateCredential(credential.id, withNote);
    return revokeCredential(credential.id, { reason: revocation, ...withNote });
  };

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    if (change === 'revoke' && !confirming) {
      setConfirming(true);
      return;
    }
    void run(async () => {
      const { credential: changed } = await apply();
      props.onDone(changed, `Credential ${changed.certificateId} ${words.done}`);
      return undefined;
    });
  };

  return (
    <form
      id={props.id}
      class="standing-form"
      onSubmit={onSubmit}
      aria-label={`${words.open} ${credential.certificateId}`}
    >
      <p>{words.intro}</p>
      {change === 'suspend' && (
        <SelectInput
          field={key('suspension-reason')}
          label="Reason"
          value={suspension}
          options={SUSPENSION_OPTIONS}
          onChange={setSuspension}
        />
      )}
      {change === 'revoke' && (
        <SelectInput
          field={key('revocation-reason')}
          label="Reason"
          value={revocation}
          options={REVOCATION_OPTIONS}
          onChange={setRevocation}
        />
      )}
      <TextArea
        field={key('standing-note')}
        label="Note (optional)"
        value={note}
        onInput={setNote}
        rows={2}
        hint="For the programme's records: holders and verifiers do not see it."
      />
      {confirming ? (
        <div class="confirm" role="alert">
          <p>
            <strong>
              Revoke {credential.certificateId} of {credential.holder.name}?
            </strong>{' '}
            This cannot be undone: the credential can never be reinstated.
          </p>
          <div class="actions">
            <button type="submit" class="danger" disabled={busy}>
              {busy ? words.busy : 'Yes, revoke it'}
            </button>
            <button type="button" class="secondary" disabled={busy} onClick={() => setConfirming(false)}>
              Go back
            </button>
          </div>
        </div>
      ) : (
        <div class="actions">
          <button type="submit" class={change === 'revoke' ? 'danger' : undefined} disabled={busy}>
            {busy ? words.busy : words.submit}
          </button>
          <button type="button" class="secondary" disabled={busy} onClick={props.onCancel}>
            Cancel
          </button>
        </div>
      )}
      <Alert message={error} />
    </form>
  );
}
