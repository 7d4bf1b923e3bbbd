import { useState } from 'preact/hooks';
import { ApiError, checkBlueprint, listItems, saveBlueprint } from '../api';
import { ErrorSummary } from '../components/error-summary';
import { Alert, Status } from '../components/form';
import { detailsOf, NO_ERRORS, type PlacedErrors } from '../items/error-paths';
import { FieldErrorsContext } from '../items/fields';
import { formatDateTime } from '../items/labels';
import type { BlueprintVersion, Certification, ErrorDetail } from '../types';
import { useLoad } from '../use-load';
import { useSubmit } from '../use-submit';
import { type BankDomains, BlueprintFields } from './blueprint-fields';
import { type BlueprintForm, emptyBlueprintForm, fromBlueprint, toBlueprint } from './blueprint-form';
import { blueprintFields, blueprintWording, placeByPointer, usefulDetails } from './error-placement';
import { FeasibilityVerdict, type Verdict } from './feasibility-report';
import { SimulationPanel } from './simulation-panel';

/** Active items the editor reads to suggest domain codes (the API's page limit). */
const BANK_SAMPLE = 500;

/** Domain codes of the active bank, with how many items each has. */
function useBankDomains(): BankDomains | null {
  const bank = useLoad(() => listItems({ status: 'active', limit: BANK_SAMPLE }));
  if (!bank.data) return null;
  const counts = new Map<string, number>();
  for (const item of bank.data.items)
    counts.set(item.content.domain, (counts.get(item.content.domain) ?? 0) + 1);
  return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

type Action = 'check' | 'save';

/**
 * The blueprint of a certification: every setting, "Check against the bank" (anyone who may read it) and
 * "Save blueprint" (admins), and for adaptive exams a simulation study of what is on screen.
 */
export function BlueprintEditor(props: {
  certification: Certification;
  saved: BlueprintVersion | null;
  canSave: boolean;
  onSaved: (saved: BlueprintVersion) => void;
}) {
  const [form, setForm] = useState<BlueprintForm>(() =>
    props.saved ? fromBlueprint(props.saved.definition) : emptyBlueprintForm(),
  );
  const [errors, setErrors] = useState<PlacedErrors>(NO_ERRORS);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [dirty, setDirty] = useState(false);
  const bankDomains = useBankDomains();
  const { busy, busyWith, error, status, setStatus, run } = useSubmit<Action>();
  const fields = blueprintFields(form);

  const change = (next: BlueprintForm, structural = false) => {
    setForm(next);
    setDirty(true);
    setVerdict(null);
    setStatus(null);
    // Rows moved: errors that name rows by index no longer point at the right one.
    if (structural && errors.all.length > 0) setErrors(NO_ERRORS);
  };

  /** Show the server's refusal of values next to the fields; true when it was one. */
  const showFieldErrors = (details: readonly ErrorDetail[]): boolean => {
    const useful = usefulDetails(details);
    if (useful.length === 0) return false;
    setErrors(placeByPointer(useful, fields, blueprintWording));
    return true;
  };

  const check = () =>
    run(
      async () => {
        setVerdict(null);
        try {
          const report = await checkBlueprint(toBlueprint(form));
          setErrors(NO_ERRORS);
          setVerdict({ report, source: 'check' });
          return undefined;
        } catch (failure) {
          if (failure instanceof ApiError && failure.status === 400 && showFieldErrors(detailsOf(failure)))
            return undefined;
          throw failure;
        }
      },
      { kind: 'check' },
    );

  const save = () =>
    run(
      async () => {
        setVerdict(null);
        try {
          const { blueprint, report } = await saveBlueprint(props.certification.id, toBlueprint(form));
          setErrors(NO_ERRORS);
          setDirty(false);
          setVerdict(report.warnings.length > 0 ? { report, source: 'save' } : null);
          props.onSaved(blueprint);
          return `Blueprint saved as version ${blueprint.version}`;
        } catch (failure) {
          if (!(failure instanceof ApiError)) throw failure;
          const details = detailsOf(failure);
          if (failure.status === 422 && details.length > 0) {
            setErrors(NO_ERRORS);
            setVerdict({
              report: { feasible: false, problems: details, warnings: [] },
              source: 'save',
            });
            return undefined;
          }
          if (failure.status === 400 && showFieldErrors(details)) return undefined;
          throw failure;
        }
      },
      { kind: 'save' },
    );

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void (props.canSave ? save() : check());
  };

  return (
    <>
      <section class="card blueprint-editor" aria-labelledby="blueprint-title">
        <h2 id="blueprint-title">Exam blueprint</h2>
        <p class="saved-version">
          {props.saved ? (
            <>
              Current saved version: <strong>{props.saved.version}</strong>
              <span class="muted"> (saved {formatDateTime(props.saved.createdAt)})</span>
            </>
          ) : (
            'No blueprint saved yet.'
          )}
        </p>
        {!props.canSave && (
          <p class="hint">
            Only programme administrators save blueprints. You can try changes here, check them against the
            bank and run simulation studies.
          </p>
        )}
        <ErrorSummary errors={errors} title="The server refused some values of the blueprint" />
        <FieldErrorsContext.Provider value={errors}>
          <form onSubmit={onSubmit} noValidate aria-labelledby="blueprint-title">
            <BlueprintFields form={form} onChange={change} bankDomains={bankDomains} />
            {props.canSave && dirty && <p class="hint">You have unsaved changes.</p>}
            <div class="actions blueprint-actions">
              <button type="button" class="secondary" disabled={busy} onClick={() => void check()}>
                {busyWith === 'check' ? 'Checking…' : 'Check against the bank'}
              </button>
              {props.canSave && (
                <button type="submit" disabled={busy}>
                  {busyWith === 'save' ? 'Saving…' : 'Save blueprint'}
                </button>
              )}
            </div>
          </form>
        </FieldErrorsContext.Provider>
        <Alert message={error} />
        <Status message={status} />
        {verdict && <FeasibilityVerdict verdict={verdict} />}
      </section>
      {form.mode === 'adaptive' && (
        <SimulationPanel
          blueprint={() => toBlueprint(form)}
          onBlueprintErrors={(details) => {
            setVerdict(null);
            showFieldErrors(details);
          }}
        />
      )}
    </>
  );
}
