import { useState } from 'preact/hooks';
import { Alert, Status } from '../components/form';
import { DownloadButton } from '../components/download-button';
import { detailsOf, NO_ERRORS, type PlacedErrors } from '../items/error-paths';
import { FieldErrorsContext, SelectInput, TextInput } from '../items/fields';
import { formatDateTime } from '../items/labels';
import type { Certification } from '../types';
import { useLoad } from '../use-load';
import { downloadAttempts, listAttempts } from './api';
import { placeOnForm } from './form-errors';
import { ATTEMPT_STATUS_LABELS, OUTCOME_OPTIONS, VOIDABLE } from './labels';
import { ResponseLog } from './response-log';
import type { AdminAttempt, AttemptFilters, AttemptOutcome } from './types';
import { VoidForm } from './void-form';

const PREFIX = 'attempt-filter';
const LABELS = new Map([
  ['/from', 'From'],
  ['/to', 'To'],
  ['/outcome', 'Outcome'],
]);
const COLUMNS = 6;

/** The result in words: "Passed, 82 % (scaled 731)". */
function resultText(attempt: AdminAttempt): string {
  if (attempt.status === 'voided') return attempt.technicalFault ? 'Voided (technical fault)' : 'Voided';
  if (!attempt.result) return '';
  const { passed, percentCorrect, scaledScore } = attempt.result;
  const scaled = scaledScore === null ? '' : ` (scaled ${Math.round(scaledScore)})`;
  return `${passed ? 'Passed' : 'Failed'}, ${percentCorrect} %${scaled}`;
}

/** One attempt, and below it its response log or the void form when one is open. */
function AttemptRow(props: { attempt: AdminAttempt; onVoided: (message: string) => void }) {
  const { attempt } = props;
  const [open, setOpen] = useState<'responses' | 'void' | null>(null);
  const panelId = `attempt-${open ?? 'panel'}-${attempt.id}`;
  const name = attempt.candidate.name;
  const toggle = (which: 'responses' | 'void') => setOpen(open === which ? null : which);
  return (
    <>
      <tr class={open ? 'has-form' : undefined}>
        <th scope="row" data-label="Candidate" class="wrap">
          {name}
          <span class="muted block">{attempt.candidate.email}</span>
        </th>
        <td data-label="Status">{ATTEMPT_STATUS_LABELS[attempt.status]}</td>
        <td data-label="Checked in">{formatDateTime(attempt.checkedInAt)}</td>
        <td data-label="Finished">{formatDateTime(attempt.finishedAt)}</td>
        <td data-label="Result" class="wrap">
          {resultText(attempt)}
          {attempt.voidReason && <span class="muted block">{attempt.voidReason}</span>}
        </td>
        <td data-label="Actions">
          <div class="actions">
            <button
              type="button"
              class="secondary"
              aria-expanded={open === 'responses'}
              aria-controls={open === 'responses' ? panelId : undefined}
              aria-label={`Responses of ${name}`}
              onClick={() => toggle('responses')}
            >
              Responses
            </button>
            {VOIDABLE.includes(attempt.status) && (
              <button
                type="button"
                class="danger"
                aria-expanded={open === 'void'}
                aria-controls={open === 'void' ? panelId : undefined}
                aria-label={`Void the attempt of ${name}`}
                onClick={() => toggle('void')}
              >
                Void
              </button>
            )}
          </div>
        </td>
      </tr>
      {open && (
        <tr class="detail-row">
          <td colSpan={COLUMNS}>
            {open === 'responses' ? (
              <ResponseLog id={panelId} attemptId={attempt.id} candidateName={name} />
            ) : (
              <VoidForm
                id={panelId}
                attempt={attempt}
                onDone={(message) => {
                  setOpen(null);
                  props.onVoided(message);
                }}
                onCancel={() => setOpen(null)}
              />
            )}
          </td>
        </tr>
      )}
    </>
  );
}

/**
 * A certification's attempts and results (admins): filtered by check-in days and outcome, downloadable as
 * CSV; each attempt's response log opens below it, and a live attempt can be voided.
 */
export function AttemptsPanel(props: { certification: Certification }) {
  const { certification } = props;
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [outcome, setOutcome] = useState<AttemptOutcome | ''>('');
  const [applied, setApplied] = useState<AttemptFilters>({});
  const [errors, setErrors] = useState<PlacedErrors>(NO_ERRORS);
  const [done, setDone] = useState<string | null>(null);
  const attempts = useLoad(async () => {
    try {
      const found = await listAttempts(certification.id, applied);
      setErrors(NO_ERRORS);
      return found;
    } catch (failure) {
      const details = detailsOf(failure);
      if (details.length > 0) setErrors(placeOnForm(details, LABELS, PREFIX));
      throw failure;
    }
  });
  const list = attempts.data?.attempts ?? [];
  const titleId = 'attempts-title';

  const onFilter = (event: SubmitEvent) => {
    event.preventDefault();
    setDone(null);
    setApplied({ from: from || undefined, to: to || undefined, outcome: outcome || undefined });
    attempts.reload();
  };

  return (
    <section class="card exam-admin" aria-labelledby={titleId}>
      <h2 id={titleId}>Attempts and results</h2>
      <FieldErrorsContext.Provider value={errors}>
        <search>
          <form class="attempt-filters" onSubmit={onFilter} noValidate aria-label="Filter attempts">
            <TextInput
              field={`${PREFIX}/from`}
              label="From"
              type="date"
              value={from}
              onInput={setFrom}
              hint="Checked in on or after."
            />
            <TextInput
              field={`${PREFIX}/to`}
              label="To"
              type="date"
              value={to}
              onInput={setTo}
              hint="Checked in on or before."
            />
            <SelectInput
              field={`${PREFIX}/outcome`}
              label="Outcome"
              value={outcome}
              options={OUTCOME_OPTIONS}
              onChange={setOutcome}
            />
            <button type="submit">Show attempts</button>
          </form>
        </search>
      </FieldErrorsContext.Provider>
      <DownloadButton
        label="Download these attempts (CSV)"
        fetch={() => downloadAttempts(certification.id, applied)}
      />
      {attempts.loading && <p aria-busy="true">Loading attempts…</p>}
      <Alert message={attempts.error && errors.all.length === 0 ? attempts.error : null} />
      {errors.all.length > 0 && (
        <p class="alert" role="alert">
          {errors.all.map((entry) => entry.sentence).join(' ')}
        </p>
      )}
      <Status message={done} />
      {attempts.data && (
        <p class="muted" role="status">
          {list.length === 0
            ? 'No attempts match.'
            : `${list.length} attempt${list.length === 1 ? '' : 's'}, newest first`}
        </p>
      )}
      {list.length > 0 && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
        <section class="table-scroll" aria-label="Attempts" tabIndex={0}>
          <table class="data-table stack-table attempt-table">
            <caption class="visually-hidden">Attempts at {certification.code}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Candidate</th>
                <th scope="col">Status</th>
                <th scope="col">Checked in</th>
                <th scope="col">Finished</th>
                <th scope="col">Result</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((attempt) => (
                <AttemptRow
                  key={attempt.id}
                  attempt={attempt}
                  onVoided={(message) => {
                    setDone(message);
                    attempts.reload();
                  }}
                />
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}
