import { useState } from 'preact/hooks';
import { ErrorSummary } from '../components/error-summary';
import { Alert, Status } from '../components/form';
import { sentence } from '../field-errors';
import { NO_ERRORS, type PlacedErrors } from '../items/error-paths';
import { FieldErrorsContext, SelectInput, TextArea, TextInput } from '../items/fields';
import { formatDateTime } from '../items/labels';
import type { Certification, User } from '../types';
import { useLoad } from '../use-load';
import { useSubmit } from '../use-submit';
import { listAccommodations, setAccommodation } from './api';
import { clientErrors, placeFailure } from './form-errors';
import { formatDuration } from './labels';
import type { Accommodation, AppliedToAttempt } from './types';

const LABELS = new Map([
  ['/extraTimePercent', 'Extra time (%)'],
  ['/extraTimeMinutes', 'Extra minutes'],
  ['/breaksAllowed', 'Breaks allowed'],
  ['/note', 'Note'],
]);

/** "+25 %, +10 min, 2 breaks" (or "None"). */
function summary(a: Pick<Accommodation, 'extraTimePercent' | 'extraTimeMinutes' | 'breaksAllowed'>): string {
  const parts = [
    a.extraTimePercent ? `+${a.extraTimePercent} % time` : '',
    a.extraTimeMinutes ? `+${a.extraTimeMinutes} min` : '',
    a.breaksAllowed ? `${a.breaksAllowed} break${a.breaksAllowed === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return parts.length === 0 ? 'None' : parts.join(', ');
}

/** What the save did to a running exam, in words. */
function appliedText(applied: AppliedToAttempt | null): string {
  if (!applied) return '';
  const deadline = applied.deadline ? `; it now ends ${formatDateTime(applied.deadline)}` : '';
  return ` The exam in progress now allows ${formatDuration(applied.allowedMs)} and ${applied.breaksAllowed} break${
    applied.breaksAllowed === 1 ? '' : 's'
  }${deadline}.`;
}

const whole = (text: string) =>
  text.trim() === '' ? 0 : /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;

/**
 * A candidate's accommodations (admins, under their row in the users list): each certification's extra time
 * and breaks, and a form to set them. A change reaches an exam already running at once.
 */
export function AccommodationsPanel(props: {
  id: string;
  user: User;
  certifications: readonly Certification[];
}) {
  const { user } = props;
  const prefix = `accommodation-${user.id}`;
  const loaded = useLoad(() => listAccommodations(user.id));
  const options = props.certifications.map((c) => ({ value: c.id, label: `${c.code}: ${c.title}` }));
  const [certificationId, setCertificationId] = useState(options[0]?.value ?? '');
  const [percent, setPercent] = useState('0');
  const [minutes, setMinutes] = useState('0');
  const [breaks, setBreaks] = useState('0');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<PlacedErrors>(NO_ERRORS);
  const { busy, error, status, run } = useSubmit();
  const list = loaded.data?.accommodations ?? [];

  /** Fills the form with what is set for a certification (or nothing). */
  const choose = (id: string) => {
    const current = list.find((a) => a.certificationId === id);
    setCertificationId(id);
    setPercent(String(current?.extraTimePercent ?? 0));
    setMinutes(String(current?.extraTimeMinutes ?? 0));
    setBreaks(String(current?.breaksAllowed ?? 0));
    setNote(current?.note ?? '');
    setErrors(NO_ERRORS);
  };

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const values = {
      extraTimePercent: whole(percent),
      extraTimeMinutes: whole(minutes),
      breaksAllowed: whole(breaks),
    };
    const found = Object.entries(values)
      .filter(([, value]) => Number.isNaN(value))
      .map(([name]) => ({
        pointer: `/${name}`,
        sentence: sentence(LABELS.get(`/${name}`) as string, 'enter a whole number, or 0'),
      }));
    if (found.length > 0) {
      setErrors(clientErrors(prefix, found));
      return;
    }
    void run(async () => {
      try {
        const saved = await setAccommodation(user.id, certificationId, {
          ...values,
          note: note.trim() || null,
        });
        setErrors(NO_ERRORS);
        loaded.reload();
        return `Accommodation for ${user.displayName} at ${saved.accommodation.certificationCode} saved: ${summary(
          saved.accommodation,
        )}.${appliedText(saved.appliedTo)}`;
      } catch (failure) {
        setErrors(placeFailure(failure, LABELS, prefix));
        return undefined;
      }
    });
  };

  return (
    <section id={props.id} class="user-panel" aria-label={`Accommodations of ${user.displayName}`}>
      <h4>Accommodations</h4>
      {loaded.loading && !loaded.data && <p aria-busy="true">Loading accommodations…</p>}
      <Alert message={loaded.error} />
      {loaded.data && list.length === 0 && <p class="empty">None set.</p>}
      {list.length > 0 && (
        <ul class="plain-list">
          {list.map((a) => (
            <li key={a.certificationId}>
              <strong>{a.certificationCode}</strong>: {summary(a)}
              {a.note && <span class="muted"> ({a.note})</span>}
            </li>
          ))}
        </ul>
      )}
      {options.length === 0 ? (
        <p class="empty">Define a certification first.</p>
      ) : (
        <>
          <ErrorSummary errors={errors} title="The accommodation was not saved" />
          <Alert message={error} />
          <FieldErrorsContext.Provider value={errors}>
            <form onSubmit={onSubmit} noValidate aria-label={`Set an accommodation for ${user.displayName}`}>
              <SelectInput
                field={`${prefix}/certificationId`}
                label="Certification"
                value={certificationId}
                options={options}
                onChange={choose}
              />
              <div class="field-grid three">
                <TextInput
                  field={`${prefix}/extraTimePercent`}
                  label="Extra time (%)"
                  number
                  step="1"
                  value={percent}
                  onInput={setPercent}
                  hint="Of the time limit: 0 to 300."
                />
                <TextInput
                  field={`${prefix}/extraTimeMinutes`}
                  label="Extra minutes"
                  number
                  step="1"
                  value={minutes}
                  onInput={setMinutes}
                  hint="Added after the percentage: 0 to 600."
                />
                <TextInput
                  field={`${prefix}/breaksAllowed`}
                  label="Breaks allowed"
                  number
                  step="1"
                  value={breaks}
                  onInput={setBreaks}
                  hint="Pauses that stop the clock: 0 to 20."
                />
              </div>
              <TextArea
                field={`${prefix}/note`}
                label="Note (optional)"
                value={note}
                onInput={setNote}
                rows={2}
                hint="For the programme's records, such as the evidence seen; the candidate does not see it."
              />
              <button type="submit" disabled={busy}>
                {busy ? 'Saving…' : 'Save accommodation'}
              </button>
            </form>
          </FieldErrorsContext.Provider>
          <Status message={status} />
        </>
      )}
    </section>
  );
}
