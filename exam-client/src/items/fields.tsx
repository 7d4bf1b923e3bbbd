/**
 * Inputs of the item editor. Each is named by a field key (see error-paths.ts): its id comes from the key,
 * so the error summary can move focus to it, and the server's errors for that key appear right under it,
 * tied to the input with aria-describedby and aria-invalid.
 */
import { type ComponentChildren, createContext, type TargetedEvent, type TargetedInputEvent } from 'preact';
import { useContext } from 'preact/hooks';
import { type FieldKey, fieldDomId, NO_ERRORS, type PlacedErrors } from './error-paths';

/** The errors of the last save, for every field of the form below. */
export const FieldErrorsContext = createContext<PlacedErrors>(NO_ERRORS);

/** A field's error messages, and the attributes that tie them (and an optional hint) to its input. */
function useFieldErrors(field: FieldKey, hint?: string) {
  const messages = useContext(FieldErrorsContext).byField.get(field) ?? [];
  const id = fieldDomId(field);
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, messages.length > 0 ? errorId : null].filter(Boolean).join(' ');
  return {
    id,
    messages,
    errorId,
    hintId,
    aria: {
      'aria-invalid': messages.length > 0 ? ('true' as const) : undefined,
      'aria-describedby': describedBy || undefined,
    },
  };
}

/** The messages of one field, announced with the field when it gets focus. */
export function FieldErrors(props: { id: string; messages: readonly string[] }) {
  if (props.messages.length === 0) return null;
  return (
    <ul id={props.id} class="field-error">
      {props.messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

function Hint(props: { id: string; text?: string }) {
  if (!props.text) return null;
  return (
    <small id={props.id} class="hint">
      {props.text}
    </small>
  );
}

/** A labelled one-line text (or number) input. */
export function TextInput(props: {
  field: FieldKey;
  label: string;
  value: string;
  onInput: (value: string) => void;
  hint?: string;
  number?: boolean;
  /** Number fields: the step between values ('any' for decimals). */
  step?: string;
  maxLength?: number;
  class?: string;
  /** Text inputs: the id of a <datalist> of suggestions. */
  list?: string;
  /** An e-mail address or a calendar day (YYYY-MM-DD) instead of free text. */
  type?: 'email' | 'date';
}) {
  const { id, messages, errorId, hintId, aria } = useFieldErrors(props.field, props.hint);
  const onInput = (event: TargetedInputEvent<HTMLInputElement>) => props.onInput(event.currentTarget.value);
  return (
    <div class={`field ${props.class ?? ''} ${messages.length > 0 ? 'invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      {props.number ? (
        <input
          id={id}
          type="number"
          inputMode="decimal"
          step={props.step ?? 'any'}
          value={props.value}
          onInput={onInput}
          {...aria}
        />
      ) : props.type === 'email' ? (
        <input
          id={id}
          type="email"
          value={props.value}
          onInput={onInput}
          maxLength={props.maxLength}
          autocomplete="off"
          spellcheck={false}
          {...aria}
        />
      ) : props.type === 'date' ? (
        <input id={id} type="date" value={props.value} onInput={onInput} {...aria} />
      ) : (
        <input
          id={id}
          type="text"
          value={props.value}
          onInput={onInput}
          maxLength={props.maxLength}
          list={props.list}
          autocomplete="off"
          {...aria}
        />
      )}
      <Hint id={hintId} text={props.hint} />
      <FieldErrors id={errorId} messages={messages} />
    </div>
  );
}

/** A labelled multi-line text input. */
export function TextArea(props: {
  field: FieldKey;
  label: string;
  value: string;
  onInput: (value: string) => void;
  hint?: string;
  rows?: number;
}) {
  const { id, messages, errorId, hintId, aria } = useFieldErrors(props.field, props.hint);
  return (
    <div class={`field ${messages.length > 0 ? 'invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <textarea
        id={id}
        rows={props.rows ?? 3}
        value={props.value}
        onInput={(event: TargetedInputEvent<HTMLTextAreaElement>) => props.onInput(event.currentTarget.value)}
        {...aria}
      />
      <Hint id={hintId} text={props.hint} />
      <FieldErrors id={errorId} messages={messages} />
    </div>
  );
}

/**
 * A labelled drop-down. With a `placeholder` it starts empty (value '') showing that prompt, so nothing is
 * chosen for the user: a choice that matters (a public reason) must be made on purpose.
 */
export function SelectInput<T extends string>(props: {
  field: FieldKey;
  label: string;
  value: T | '';
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  hint?: string;
  class?: string;
  placeholder?: string;
  required?: boolean;
}) {
  const { id, messages, errorId, hintId, aria } = useFieldErrors(props.field, props.hint);
  const onChange = (event: TargetedEvent<HTMLSelectElement>) => {
    const chosen = props.options.find((option) => option.value === event.currentTarget.value);
    if (chosen) props.onChange(chosen.value);
  };
  return (
    <div class={`field ${props.class ?? ''} ${messages.length > 0 ? 'invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={onChange} required={props.required} {...aria}>
        {props.placeholder !== undefined && (
          <option value="" disabled>
            {props.placeholder}
          </option>
        )}
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <Hint id={hintId} text={props.hint} />
      <FieldErrors id={errorId} messages={messages} />
    </div>
  );
}

/** A checkbox in its label (a 44px touch target), with a hint and its errors below. */
export function CheckInput(props: {
  field: FieldKey;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
}) {
  const { id, messages, errorId, hintId, aria } = useFieldErrors(props.field, props.hint);
  return (
    <div class={`field ${messages.length > 0 ? 'invalid' : ''}`}>
      <label class="check">
        <input
          id={id}
          type="checkbox"
          checked={props.checked}
          onChange={(event: TargetedEvent<HTMLInputElement>) => props.onChange(event.currentTarget.checked)}
          {...aria}
        />
        <span>{props.label}</span>
      </label>
      <Hint id={hintId} text={props.hint} />
      <FieldErrors id={errorId} messages={messages} />
    </div>
  );
}

/**
 * A group of inputs with a legend (the answer key, the options list): the fieldset carries the field's id,
 * so the summary can focus it, and its errors sit right under the legend.
 */
export function FieldGroup(props: {
  field: FieldKey;
  legend: string;
  hint?: string;
  class?: string;
  children: ComponentChildren;
}) {
  const { id, messages, errorId, hintId, aria } = useFieldErrors(props.field, props.hint);
  return (
    <fieldset
      id={id}
      tabIndex={-1}
      class={`group ${props.class ?? ''} ${messages.length > 0 ? 'invalid' : ''}`}
      aria-describedby={aria['aria-describedby']}
    >
      <legend>{props.legend}</legend>
      <Hint id={hintId} text={props.hint} />
      <FieldErrors id={errorId} messages={messages} />
      {props.children}
    </fieldset>
  );
}
