import { useState } from 'preact/hooks';
import { ApiError, issueCredential } from '../api';
import { placeByPointer } from '../certifications/error-placement';
import { ErrorSummary } from '../components/error-summary';
import { Alert, Status } from '../components/form';
import { detailsOf, NO_ERRORS, type PlacedErrors } from '../items/error-paths';
import { FieldErrorsContext, SelectInput, TextInput } from '../items/fields';
import type { Certification, CredentialView, ErrorDetail } from '../types';
import { useSubmit } from '../use-submit';
import { todayIso } from './labels';

/** The fields of the form, by the JSON pointer of the value each sends. */
const LABELS = new Map([
  ['/certificationId', 'Certification'],
  ['/holderName', 'Holder name'],
  ['/holderEmail', 'Holder e-mail'],
  ['/issuedOn', 'Issue date'],
]);

/** What this form asks for, where the general wording is not specific enough. */
function wording(detail: ErrorDetail): string | null {
  if (detail.path === '/holderEmail' && detail.rule === 'format')
    return 'enter an e-mail address, such as name@example.org';
  if (detail.path === '/holderName' && detail.rule === 'pattern') return 'must not be empty';
  if (detail.path === '/issuedOn') return 'enter a date';
  if (detail.path === '/certificationId') return 'choose a certification';
  return null;
}

/**
 * "Issue a credential" by hand: certification, holder name and e-mail, issue date (today unless changed).
 * The server's refusals appear next to the fields they name.
 */
export function IssueCredentialForm(props: {
  certifications: readonly Certification[];
  onIssued: (credential: CredentialView) => void;
}) {
  const options = props.certifications.map((c) => ({ value: c.id, label: `${c.code}: ${c.title}` }));
  const [certificationId, setCertificationId] = useState(options[0]?.value ?? '');
  const [holderName, setHolderName] = useState('');
  const [holderEmail, setHolderEmail] = useState('');
  const [issuedOn, setIssuedOn] = useState(todayIso);
  const [errors, setErrors] = useState<PlacedErrors>(NO_ERRORS);
  const { busy, error, status, run } = useSubmit();

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void run(async () => {
      try {
        const { credential } = await issueCredential({
          certificationId,
          holderName: holderName.trim(),
          holderEmail: holderEmail.trim(),
          ...(issuedOn ? { issuedOn } : {}),
        });
        setErrors(NO_ERRORS);
        setHolderName('');
        setHolderEmail('');
        props.onIssued(credential);
        return `Credential ${credential.certificateId} issued to ${credential.holder.name}`;
      } catch (failure) {
        const details = detailsOf(failure);
        if (!(failure instanceof ApiError) || details.length === 0) throw failure;
        setErrors(placeByPointer(details, LABELS, wording));
        return undefined;
      }
    });
  };

  return (
    <section class="card" aria-labelledby="issue-credential-title">
      <h2 id="issue-credential-title">Issue a credential</h2>
      {options.length === 0 ? (
        <p class="empty">Define a certification first: a credential certifies one.</p>
      ) : (
        <>
          <ErrorSummary errors={errors} title="The credential was not issued" />
          <Alert message={error} />
          <FieldErrorsContext.Provider value={errors}>
            <form onSubmit={onSubmit} noValidate aria-labelledby="issue-credential-title">
              <SelectInput
                field="/certificationId"
                label="Certification"
                value={certificationId}
                options={options}
                onChange={setCertificationId}
              />
              <div class="field-grid">
                <TextInput
                  field="/holderName"
                  label="Holder name"
                  value={holderName}
                  onInput={setHolderName}
                  maxLength={80}
                  hint="As it should read on the certificate."
                />
                <TextInput
                  field="/holderEmail"
                  label="Holder e-mail"
                  type="email"
                  value={holderEmail}
                  onInput={setHolderEmail}
                  maxLength={254}
                  hint="The credential shows up for the account with this address."
                />
              </div>
              <TextInput
                field="/issuedOn"
                label="Issue date"
                type="date"
                value={issuedOn}
                onInput={setIssuedOn}
                class="date-field"
                hint="It expires after the certification's validity, counted from this day."
              />
              <button type="submit" disabled={busy}>
                {busy ? 'Issuing…' : 'Issue credential'}
              </button>
            </form>
          </FieldErrorsContext.Provider>
          <Status message={status} />
        </>
      )}
    </section>
  );
}
