import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, reinstateCredential, revokeCredential, suspendCredential } from '../api';
import { Alert } from '../components/form';
import { fieldSentence } from '../field-errors';
import { detailsOf, NO_ERRORS, type PlacedErrors } from '../items/error-paths';
import { FieldErrorsContext, SelectInput, TextArea } from '../items/fields';
import type { CredentialView, ErrorDetail, RevocationReason, SuspensionReason } from '../types';
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

/** What the reason field says when no reason was chosen (verifiers see it: it is never assumed). */
const CHOOSE_REASON = 'choose one; verifiers see it';

/**
 * Suspend (with a reason), reinstate, or revoke (with a reason, after a confirmation: it cannot be undone)
 * one credential, each with an optional private note. No reason is chosen in advance. The form comes into
 * view with focus on its first field when it opens (it opens below a row, often off-screen on a phone).
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
  const [suspension, setSuspension] = useState<SuspensionReason | ''>('');
  const [revocation, setRevocation] = useState<RevocationReason | ''>('');
  const [note, setNote] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<PlacedErrors>(NO_ERRORS);
  const { busy, error, setError, run } = useSubmit();
  const key = (name: string) => `${name}-${credential.id}`;
  const reasonField = key(change === 'suspend' ? 'suspension-reason' : 'revocation-reason');
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const element = form.current;
    if (!element) return;
    element.scrollIntoView({ block: 'nearest' });
    element.querySelector<HTMLElement>('select, textarea, input')?.focus({ preventScroll: true });
  }, []);

  /** Marks the reason field with a sentence, and moves focus to it. */
  const reasonMissing = (
    detail: ErrorDetail = { path: '/reason', rule: 'required', message: 'is required' },
  ) => {
    const sentence = fieldSentence('Reason', detail, () => CHOOSE_REASON);
    setErrors({
      byField: new Map([[reasonField, [sentence]]]),
      unmapped: [],
      all: [{ detail, field: reasonField, sentence }],
    });
    setError(`${words.open} not done: choose a reason.`);
    form.current?.querySelector<HTMLElement>('select')?.focus();
  };

  const apply = () => {
    const withNote = note.trim() === '' ? {} : { note: note.trim() };
    if (change === 'reinstate') return reinstateCredential(credential.id, withNote);
    if (change === 'suspend' && suspension !== '')
      return suspendCredential(credential.id, { reason: suspension, ...withNote });
    if (change === 'revoke' && revocation !== '')
      return revokeCredential(credential.id, { reason: revocation, ...withNote });
    // onSubmit checks the reason first: never send a change without one.
    throw new Error('No reason chosen');
  };

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const reason = change === 'suspend' ? suspension : change === 'revoke' ? revocation : null;
    if (reason === '') {
      setConfirming(false);
      reasonMissing();
      return;
    }
    setErrors(NO_ERRORS);
    if (change === 'revoke' && !confirming) {
      setConfirming(true);
      return;
    }
    void run(async () => {
      try {
        const { credential: changed } = await apply();
        props.onDone(changed, `Credential ${changed.certificateId} ${words.done}`);
      } catch (failure) {
        const onReason = detailsOf(failure).find((detail) => detail.path === '/reason');
        if (!(failure instanceof ApiError) || !onReason) throw failure;
        setConfirming(false);
        reasonMissing(onReason);
      }
      return undefined;
    });
  };

  return (
    <form
      id={props.id}
      ref={form}
      class="standing-form"
      onSubmit={onSubmit}
      noValidate
      aria-label={`${words.open} ${credential.certificateId}`}
    >
      <p>{words.intro}</p>
      <FieldErrorsContext.Provider value={errors}>
        {change === 'suspend' && (
          <SelectInput
            field={reasonField}
            label="Reason"
            value={suspension}
            placeholder="Choose a reason…"
            required
            options={SUSPENSION_OPTIONS}
            onChange={(reason) => {
              setSuspension(reason);
              setErrors(NO_ERRORS);
            }}
            hint="Verifiers see the reason."
          />
        )}
        {change === 'revoke' && (
          <SelectInput
            field={reasonField}
            label="Reason"
            value={revocation}
            placeholder="Choose a reason…"
            required
            options={REVOCATION_OPTIONS}
            onChange={(reason) => {
              setRevocation(reason);
              setErrors(NO_ERRORS);
            }}
            hint="Verifiers see the reason."
          />
        )}
      </FieldErrorsContext.Provider>
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
