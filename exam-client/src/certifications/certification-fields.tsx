import { useState } from 'preact/hooks';
import { ApiError, defineCertification, updateCertification } from '../api';
import { ErrorSummary } from '../components/error-summary';
import { Alert, Status } from '../components/form';
import { detailsOf, NO_ERRORS, type PlacedErrors } from '../items/error-paths';
import { FieldErrorsContext, TextArea, TextInput } from '../items/fields';
import type { Certification, ErrorDetail } from '../types';
import { useSubmit } from '../use-submit';
import { placeByPointer } from './error-placement';

const LABELS = new Map([
  ['/code', 'Code'],
  ['/title', 'Title'],
  ['/description', 'Description'],
  ['/validityMonths', 'Valid for (months)'],
]);

/** Months as people say them: "24 months", "1 month". */
export const months = (count: number) => `${count} month${count === 1 ? '' : 's'}`;

const monthsValue = (value: string) => (value.trim() === '' ? Number.NaN : Number(value));

/** How long a credential lasts, as both forms ask for it. */
function ValidityInput(props: { value: string; onInput: (value: string) => void; class?: string }) {
  return (
    <TextInput
      field="/validityMonths"
      label="Valid for (months)"
      number
      step="1"
      value={props.value}
      onInput={props.onInput}
      hint="How long a credential lasts before recertification: 1 to 120."
      class={props.class}
    />
  );
}

/**
 * Run a save whose 400 and 409 answers name fields (`/code`, `/title`…; a taken code is a 409 on `/code`):
 * their messages go next to the fields; anything else is thrown for the form's alert.
 */
async function withFieldErrors<T>(
  action: () => Promise<T>,
  onScreen: ReadonlyMap<string, string>,
  setErrors: (errors: PlacedErrors) => void,
): Promise<T | undefined> {
  try {
    const result = await action();
    setErrors(NO_ERRORS);
    return result;
  } catch (failure) {
    const details = detailsOf(failure);
    if (!(failure instanceof ApiError) || details.length === 0) throw failure;
    setErrors(placeByPointer(details, onScreen, certificationFieldWording));
    return undefined;
  }
}

/** What these forms ask for, where the general wording is not specific enough. */
function certificationFieldWording(detail: ErrorDetail): string | null {
  if (detail.rule === 'pattern' && detail.path === '/code')
    return 'use capital letters, digits and -, 2 to 32 characters, starting with a letter or digit';
  if (detail.rule === 'pattern') return 'must not be empty';
  if (detail.rule === 'minimum' || detail.rule === 'maximum' || detail.rule === 'type')
    return detail.path === '/validityMonths' ? 'enter a whole number of months from 1 to 120' : null;
  return null;
}

/** "Define a certification": code, title, description and validity; field-level errors from the server. */
export function DefineCertificationForm(props: { onDefined: (certification: Certification) => void }) {
  const [code, setCode] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [validity, setValidity] = useState('24');
  const [errors, setErrors] = useState<PlacedErrors>(NO_ERRORS);
  const { busy, error, run } = useSubmit();

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void run(async () => {
      const done = await withFieldErrors(
        () =>
          defineCertification({
            code: code.trim(),
            title: title.trim(),
            description: description.trim(),
            validityMonths: monthsValue(validity),
          }),
        LABELS,
        setErrors,
      );
      if (done) props.onDefined(done.certification);
      return undefined;
    });
  };

  return (
    <section class="card" aria-labelledby="define-certification-title">
      <h2 id="define-certification-title">Define a certification</h2>
      <ErrorSummary errors={errors} title="The certification was not defined" />
      <Alert message={error} />
      <FieldErrorsContext.Provider value={errors}>
        <form onSubmit={onSubmit} noValidate aria-labelledby="define-certification-title">
          <div class="field-grid">
            <TextInput
              field="/code"
              label="Code"
              value={code}
              onInput={(value) => setCode(value.toUpperCase())}
              maxLength={32}
              hint="As printed on credentials, such as ACP-A: capital letters, digits and -. It cannot change later."
            />
            <TextInput field="/title" label="Title" value={title} onInput={setTitle} maxLength={120} />
          </div>
          <ValidityInput value={validity} onInput={setValidity} class="short" />
          <TextArea
            field="/description"
            label="Description"
            value={description}
            onInput={setDescription}
            rows={3}
            hint="Optional: what holders can do, for candidates and verifiers."
          />
          <button type="submit" disabled={busy}>
            {busy ? 'Defining…' : 'Define certification'}
          </button>
        </form>
      </FieldErrorsContext.Provider>
    </section>
  );
}

/** A certification's title, description and validity: a form for admins, read-only for authors. */
export function CertificationDetails(props: {
  certification: Certification;
  canEdit: boolean;
  onSaved: (certification: Certification) => void;
}) {
  const { certification } = props;
  const [title, setTitle] = useState(certification.title);
  const [description, setDescription] = useState(certification.description);
  const [validity, setValidity] = useState(String(certification.validityMonths));
  const [errors, setErrors] = useState<PlacedErrors>(NO_ERRORS);
  const { busy, error, status, run } = useSubmit();

  if (!props.canEdit) {
    return (
      <section class="card" aria-labelledby="certification-details-title">
        <h2 id="certification-details-title">Details</h2>
        <dl class="details">
          <dt>Code</dt>
          <dd>{certification.code}</dd>
          <dt>Valid for</dt>
          <dd>{months(certification.validityMonths)}</dd>
          <dt>Description</dt>
          <dd>{certification.description || <span class="muted">None</span>}</dd>
        </dl>
      </section>
    );
  }

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void run(async () => {
      const done = await withFieldErrors(
        () =>
          updateCertification(certification.id, {
            title: title.trim(),
            description: description.trim(),
            validityMonths: monthsValue(validity),
          }),
        LABELS,
        setErrors,
      );
      if (!done) return undefined;
      props.onSaved(done.certification);
      return 'Details saved';
    });
  };

  return (
    <section class="card" aria-labelledby="certification-details-title">
      <h2 id="certification-details-title">Details</h2>
      <ErrorSummary errors={errors} title="The details were not saved" />
      <Alert message={error} />
      <FieldErrorsContext.Provider value={errors}>
        <form onSubmit={onSubmit} noValidate aria-labelledby="certification-details-title">
          <div class="field-grid">
            <TextInput field="/title" label="Title" value={title} onInput={setTitle} maxLength={120} />
            <ValidityInput value={validity} onInput={setValidity} />
          </div>
          <TextArea
            field="/description"
            label="Description"
            value={description}
            onInput={setDescription}
            rows={3}
          />
          <button type="submit" disabled={busy}>
            {busy ? 'Saving…' : 'Save details'}
          </button>
        </form>
      </FieldErrorsContext.Provider>
      <Status message={status} />
    </section>
  );
}
