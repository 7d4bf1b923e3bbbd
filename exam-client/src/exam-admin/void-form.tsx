import { useEffect, useRef, useState } from 'preact/hooks';
import { Alert } from '../components/form';
import { sentence } from '../field-errors';
import { NO_ERRORS, type PlacedErrors } from '../items/error-paths';
import { CheckInput, FieldErrorsContext, TextArea } from '../items/fields';
import { useSubmit } from '../use-submit';
import { voidAttempt } from './api';
import { clientErrors, placeFailure } from './form-errors';
import type { AdminAttempt } from './types';

/**
 * Void a live attempt: a reason (kept with the attempt and shown to the candidate) and whether it was a
 * technical fault (which gives a voucher back), then a confirmation, since a voided attempt stays voided.
 * The form takes focus when it opens below its row.
 */
export function VoidForm(props: {
  id: string;
  attempt: AdminAttempt;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { attempt } = props;
  const prefix = `void-${attempt.id}`;
  const labels = new Map([
    ['/reason', 'Reason'],
    ['/technicalFault', 'Technical fault'],
  ]);
  const [reason, setReason] = useState('');
  const [technicalFault, setTechnicalFault] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<PlacedErrors>(NO_ERRORS);
  const { busy, error, run } = useSubmit();
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    form.current?.scrollIntoView({ block: 'nearest' });
    form.current?.querySelector<HTMLElement>('textarea')?.focus({ preventScroll: true });
  }, []);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    if (reason.trim().length < 3) {
      setConfirming(false);
      setErrors(
        clientErrors(prefix, [
          {
            pointer: '/reason',
            sentence: sentence('Reason', 'say why the attempt is voided, in a few words'),
          },
        ]),
      );
      form.current?.querySelector<HTMLElement>('textarea')?.focus();
      return;
    }
    setErrors(NO_ERRORS);
    if (!confirming) {
      setConfirming(true);
      return;
    }
    void run(async () => {
      try {
        await voidAttempt(attempt.id, { reason: reason.trim(), technicalFault });
        props.onDone(`The attempt of ${attempt.candidate.name} was voided`);
      } catch (failure) {
        const placed = placeFailure(failure, labels, prefix);
        setConfirming(false);
        setErrors(placed);
      }
      return undefined;
    });
  };

  return (
    <form
      id={props.id}
      ref={form}
      class="void-form"
      onSubmit={onSubmit}
      noValidate
      aria-label={`Void the attempt of ${attempt.candidate.name}`}
    >
      <FieldErrorsContext.Provider value={errors}>
        <TextArea
          field={`${prefix}/reason`}
          label="Reason"
          value={reason}
          onInput={setReason}
          rows={2}
          hint="Kept with the attempt; the candidate sees it."
        />
        <CheckInput
          field={`${prefix}/technicalFault`}
          label="Technical fault"
          checked={technicalFault}
          onChange={setTechnicalFault}
          hint="The candidate was not at fault: the voucher used is given back. Voided attempts never count towards limits."
        />
      </FieldErrorsContext.Provider>
      {confirming ? (
        <div class="confirm" role="alert">
          <p>
            <strong>Void the attempt of {attempt.candidate.name}?</strong> It ends now and cannot be resumed
            {technicalFault ? '; the voucher is given back' : ''}.
          </p>
          <div class="actions">
            <button type="submit" class="danger" disabled={busy}>
              {busy ? 'Voiding…' : 'Yes, void it'}
            </button>
            <button type="button" class="secondary" disabled={busy} onClick={() => setConfirming(false)}>
              Go back
            </button>
          </div>
        </div>
      ) : (
        <div class="actions">
          <button type="submit" class="danger" disabled={busy}>
            Void attempt
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
