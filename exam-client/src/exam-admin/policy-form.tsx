import { useEffect, useState } from 'preact/hooks';
import { listCertifications } from '../api';
import { ErrorSummary } from '../components/error-summary';
import { Alert, Status } from '../components/form';
import { NO_ERRORS, type PlacedErrors } from '../items/error-paths';
import { CheckInput, FieldErrorsContext, FieldGroup, TextInput } from '../items/fields';
import type { Certification } from '../types';
import { useLoad } from '../use-load';
import { useSubmit } from '../use-submit';
import { getCandidatePolicy, saveCandidatePolicy } from './api';
import { clientErrors, placeFailure } from './form-errors';
import { POLICY_LABELS, type PolicyFormState, policyFormState, readPolicyForm } from './policy-state';

const PREFIX = 'policy';
/**
 * A certification's rules for candidates (admins): prerequisites among the programme's other certifications,
 * waiting hours after each failure, the yearly attempt limit, and whether an exam voucher is needed. They
 * apply from the next check-in.
 */
export function CandidatePolicyForm(props: { certification: Certification }) {
  const { certification } = props;
  const loaded = useLoad(() =>
    Promise.all([getCandidatePolicy(certification.id), listCertifications()]).then(([view, list]) => ({
      view,
      others: list.certifications.filter((c) => c.id !== certification.id),
    })),
  );
  const [form, setForm] = useState<PolicyFormState | null>(null);
  const [custom, setCustom] = useState(false);
  const [errors, setErrors] = useState<PlacedErrors>(NO_ERRORS);
  const { busy, error, status, run } = useSubmit();
  useEffect(() => {
    if (!loaded.data) return;
    setForm(policyFormState(loaded.data.view.policy));
    setCustom(loaded.data.view.custom);
  }, [loaded.data]);

  const titleId = 'candidate-policy-title';
  if (!form || !loaded.data) {
    return (
      <section class="card" aria-labelledby={titleId}>
        <h2 id={titleId}>Candidate policy</h2>
        {loaded.loading && <p aria-busy="true">Loading the policy…</p>}
        <Alert message={loaded.error} />
      </section>
    );
  }
  const others: readonly Certification[] = loaded.data.others;
  const update = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const togglePrerequisite = (id: string, on: boolean) =>
    update({
      prerequisites: on ? [...form.prerequisites, id] : form.prerequisites.filter((other) => other !== id),
    });

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const read = readPolicyForm(form);
    if ('problems' in read) {
      setErrors(clientErrors(PREFIX, read.problems));
      return;
    }
    const { policy } = read;
    void run(async () => {
      try {
        const saved = await saveCandidatePolicy(certification.id, policy);
        setErrors(NO_ERRORS);
        setForm(policyFormState(saved.policy));
        setCustom(true);
        return 'Candidate policy saved: it applies from the next check-in';
      } catch (failure) {
        setErrors(placeFailure(failure, POLICY_LABELS, PREFIX));
        return undefined;
      }
    });
  };

  return (
    <section class="card exam-admin" aria-labelledby={titleId}>
      <h2 id={titleId}>Candidate policy</h2>
      <p class="muted">
        {custom ? 'Set for this certification.' : 'The defaults apply until you save a policy.'} Changes apply
        from the next check-in; exams already begun are not affected.
      </p>
      <ErrorSummary errors={errors} title="The policy was not saved" />
      <Alert message={error} />
      <FieldErrorsContext.Provider value={errors}>
        <form onSubmit={onSubmit} noValidate aria-labelledby={titleId}>
          <FieldGroup
            field={`${PREFIX}/prerequisites`}
            legend="Prerequisites"
            hint="Certifications a candidate must hold (valid) before checking in."
          >
            {others.length === 0 ? (
              <p class="empty">No other certifications in the programme.</p>
            ) : (
              others.map((other) => (
                <label key={other.id} class="check">
                  <input
                    type="checkbox"
                    checked={form.prerequisites.includes(other.id)}
                    onChange={(event) => togglePrerequisite(other.id, event.currentTarget.checked)}
                  />
                  <span>
                    {other.code}: {other.title}
                  </span>
                </label>
              ))
            )}
          </FieldGroup>
          <div class="field-grid">
            <TextInput
              field={`${PREFIX}/retakeWaitHours`}
              label="Waiting hours after each failure"
              value={form.waits}
              onInput={(waits) => update({ waits })}
              maxLength={120}
              hint="After the 1st, 2nd… failure since the last pass, such as 24, 336; the last repeats. Empty: no wait."
            />
            <TextInput
              field={`${PREFIX}/maxAttemptsPerYear`}
              label="Attempts allowed in 12 months"
              number
              step="1"
              value={form.limit}
              onInput={(limit) => update({ limit })}
              hint="In any rolling 12 months, voided attempts not counted. Empty: no limit."
            />
          </div>
          <CheckInput
            field={`${PREFIX}/voucherRequired`}
            label="Candidates need an exam voucher to check in"
            checked={form.voucherRequired}
            onChange={(voucherRequired) => update({ voucherRequired })}
          />
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Save policy'}
          </button>
        </form>
      </FieldErrorsContext.Provider>
      <Status message={status} />
    </section>
  );
}
