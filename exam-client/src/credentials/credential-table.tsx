import { useState } from 'preact/hooks';
import { Status } from '../components/form';
import { SelectInput, TextInput } from '../items/fields';
import type { CredentialStatus, CredentialView } from '../types';
import { expiryText, formatDay, STATUS_LABELS, STATUSES, StatusBadge, standingText } from './labels';
import { allowedChanges, CHANGES, type StandingChange, StandingForm } from './standing-form';

type StatusFilter = CredentialStatus | '';

const STATUS_FILTERS: readonly { value: StatusFilter; label: string }[] = [
  { value: '', label: 'Any status' },
  ...STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] })),
];

const COLUMNS = 7;

/** Whether a credential matches the search text: holder, e-mail, certificate ID or certification. */
function matches(credential: CredentialView, text: string): boolean {
  if (text === '') return true;
  const haystack = [
    credential.holder.name,
    credential.holder.email,
    credential.certificateId,
    credential.certification.code,
    credential.certification.title,
  ]
    .join('\n')
    .toLowerCase();
  // Certificate IDs are typed with or without their dashes.
  return haystack.includes(text) || haystack.replaceAll('-', '').includes(text.replaceAll('-', ''));
}

/**
 * The programme's credentials, filtered by text and status: a table on wide screens, one block per
 * credential on a phone. Each credential not yet revoked can be suspended, reinstated or revoked.
 */
export function CredentialTable(props: {
  credentials: readonly CredentialView[];
  onChanged: (credential: CredentialView) => void;
}) {
  const [text, setText] = useState('');
  const [status, setStatus] = useState<StatusFilter>('');
  const [done, setDone] = useState<string | null>(null);
  const needle = text.trim().toLowerCase();
  const shown = props.credentials.filter(
    (credential) => (status === '' || credential.status === status) && matches(credential, needle),
  );
  const total = props.credentials.length;

  const onDone = (credential: CredentialView, message: string) => {
    setDone(message);
    props.onChanged(credential);
  };

  return (
    <>
      <search class="credential-filters" aria-label="Filter credentials">
        <TextInput
          field="credential-filter-text"
          label="Search"
          value={text}
          onInput={setText}
          maxLength={200}
          hint="Holder, e-mail, certificate ID or certification"
        />
        <SelectInput
          field="credential-filter-status"
          label="Status"
          value={status}
          options={STATUS_FILTERS}
          onChange={setStatus}
        />
      </search>
      <p class="muted" role="status">
        {shown.length === total
          ? `${total} credential${total === 1 ? '' : 's'}`
          : `${shown.length} of ${total} credentials match`}
      </p>
      <Status message={done} />
      {shown.length > 0 && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
        <section class="table-scroll" aria-label="Credential list" tabIndex={0}>
          <table class="data-table stack-table credential-table">
            <caption class="visually-hidden">Credentials of the programme, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Certificate ID</th>
                <th scope="col">Holder</th>
                <th scope="col">Certification</th>
                <th scope="col">Status</th>
                <th scope="col">Issued</th>
                <th scope="col">Expires</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((credential) => (
                <CredentialRow key={credential.id} credential={credential} onDone={onDone} />
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}

/** One credential, and below it the form of the standing change being made, when one is open. */
function CredentialRow(props: {
  credential: CredentialView;
  onDone: (credential: CredentialView, message: string) => void;
}) {
  const { credential } = props;
  const [open, setOpen] = useState<StandingChange | null>(null);
  const formId = `standing-${credential.id}`;
  const standing = standingText(credential);
  const changes = allowedChanges(credential);

  return (
    <>
      <tr class={open ? 'has-form' : undefined}>
        <th scope="row" data-label="Certificate ID">
          <code class="certificate-id">{credential.certificateId}</code>
        </th>
        <td data-label="Holder" class="wrap">
          {credential.holder.name}
          <span class="muted holder-email">{credential.holder.email}</span>
        </td>
        <td data-label="Certification">
          <abbr title={credential.certification.title}>{credential.certification.code}</abbr>
        </td>
        <td data-label="Status">
          <StatusBadge status={credential.status} />
          {standing && <span class="standing">{standing}</span>}
        </td>
        <td data-label="Issued">{formatDay(credential.issuedAt)}</td>
        <td data-label="Expires">{expiryText(credential)}</td>
        <td data-label="Actions">
          {changes.length === 0 ? (
            <span class="muted">None: revocation is final</span>
          ) : (
            <div class="actions">
              {changes.map((change) => (
                <button
                  key={change}
                  type="button"
                  class={change === 'revoke' ? 'danger' : 'secondary'}
                  aria-expanded={open === change}
                  aria-controls={open === change ? formId : undefined}
                  aria-label={`${CHANGES[change].open} ${credential.certificateId}`}
                  onClick={() => setOpen(open === change ? null : change)}
                >
                  {CHANGES[change].open}
                </button>
              ))}
            </div>
          )}
        </td>
      </tr>
      {open && (
        <tr class="standing-row">
          <td colSpan={COLUMNS}>
            <StandingForm
              key={open}
              id={formId}
              credential={credential}
              change={open}
              onDone={(changed, message) => {
                setOpen(null);
                props.onDone(changed, message);
              }}
              onCancel={() => setOpen(null)}
            />
          </td>
        </tr>
      )}
    </>
  );
}
