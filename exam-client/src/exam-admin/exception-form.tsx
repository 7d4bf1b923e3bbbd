import { useState } from 'preact/hooks';
import { ErrorSummary } from '../components/error-summary';
import { Alert, Status } from '../components/form';
import { sentence } from '../field-errors';
import { NO_ERRORS, type PlacedErrors } from '../items/error-paths';
import { FieldErrorsContext, SelectInput, TextArea } from '../items/fields';
import { formatDateTime } from '../items/labels';
import type { Certification, User } from '../types';
import { useLoad } from '../use-load';
import { useSubmit } from '../use-submit';
import { grantException, listExceptions, revokeException } from './api';
import { clientErrors, placeFailure } from './form-errors';
import { RULE_LABELS, RULE_OPTIONS } from './labels';
import type { WaivableRule } from './types';

const LABELS = new Map([
  ['/certificationId', 'Certification'],
  ['/rule', 'Rule to waive'],
  ['/reason', 'Reason'],
]);

/**
 * "Grant an exception" (admins, under a user's row): one eligibility rule waived for the candidate's next
 * check-in at one certification, with a reason for the audit trail; the open ones are listed above the form.
 */
export function ExceptionPanel(props: { id: string; user: User; certifications: readonly Certification[] }) {
  const { user } = props;
  const prefix = `exception-${user.id}`;
  const open = useLoad(() => listExceptions(user.id));
  const options = props.certifications.map((c) => ({ value: c.id, label: `${c.code}: ${c.title}` }));
  const [certificationId, setCertificationId] = useState(options[0]?.value ?? '');
  const [rule, setRule] = useState<WaivableRule | ''>('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<PlacedErrors>(NO_ERRORS);
  const { busy, error, status, run } = useSubmit();
  const list = open.data?.exceptions ?? [];

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const found: { pointer: string; sentence: string }[] = [];
    if (rule === '')
      found.push({ pointer: '/rule', sentence: sentence('Rule to waive', 'choose the rule to waive') });
    if (reason.trim().length < 3)
      found.push({
        pointer: '/reason',
        sentence: sentence('Reason', 'say why the exception is granted, in a few words'),
      });
    if (found.length > 0 || rule === '') {
      setErrors(clientErrors(prefix, found));
      return;
    }
    void run(async () => {
      try {
        const { exception } = await grantException({
          userId: user.id,
          certificationId,
          rule,
          reason: reason.trim(),
        });
        setErrors(NO_ERRORS);
        setRule('');
        setReason('');
        open.reload();
        return `Exception granted to ${user.displayName} for ${exception.certification.code}: ${RULE_LABELS[exception.rule]}. It is used by their next check-in.`;
      } catch (failure) {
        setErrors(placeFailure(failure, LABELS, prefix));
        return undefined;
      }
    });
  };

  return (
    <section id={props.id} class="user-panel" aria-label={`Eligibility exceptions of ${user.displayName}`}>
      <h4>Eligibility exceptions</h4>
      {open.loading && !open.data && <p aria-busy="true">Loading exceptions…</p>}
      <Alert message={open.error} />
      {open.data && list.length === 0 && <p class="empty">No open exceptions.</p>}
      {list.length > 0 && (
        <ul class="plain-list" aria-label="Open exceptions">
          {list.map((e) => (
            <li key={e.id}>
              <strong>{e.certification.code}</strong>: {RULE_LABELS[e.rule]}{' '}
              <span class="muted">
                ({e.reason}; granted {formatDateTime(e.grantedAt)})
              </span>{' '}
              <button
                type="button"
                class="secondary"
                disabled={busy}
                aria-label={`Revoke the ${e.certification.code} exception: ${RULE_LABELS[e.rule]}`}
                onClick={() =>
                  void run(async () => {
                    await revokeException(e.id);
                    open.reload();
                    return `Exception revoked: ${user.displayName}'s next check-in at ${e.certification.code} is judged by every rule again.`;
                  })
                }
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      {options.length === 0 ? (
        <p class="empty">Define a certification first.</p>
      ) : (
        <>
          <ErrorSummary errors={errors} title="The exception was not granted" />
          <Alert message={error} />
          <FieldErrorsContext.Provider value={errors}>
            <form onSubmit={onSubmit} noValidate aria-label={`Grant ${user.displayName} an exception`}>
              <div class="field-grid">
                <SelectInput
                  field={`${prefix}/certificationId`}
                  label="Certification"
                  value={certificationId}
                  options={options}
                  onChange={setCertificationId}
                />
                <SelectInput
                  field={`${prefix}/rule`}
                  label="Rule to waive"
                  value={rule}
                  placeholder="Choose a rule…"
                  required
                  options={RULE_OPTIONS}
                  onChange={setRule}
                />
              </div>
              <TextArea
                field={`${prefix}/reason`}
                label="Reason"
                value={reason}
                onInput={setReason}
                rows={2}
                hint="Required, and kept in the audit trail."
              />
              <button type="submit" disabled={busy}>
                {busy ? 'Granting…' : 'Grant exception'}
              </button>
            </form>
          </FieldErrorsContext.Provider>
          <Status message={status} />
        </>
      )}
    </section>
  );
}
