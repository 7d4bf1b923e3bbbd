import type {
  ComponentChildren,
  PartialInputHTMLAttributes,
  TargetedEvent,
  TargetedInputEvent,
} from 'preact';
import { useId } from 'preact/hooks';

/** Kinds of text the Field component takes. */
type FieldType = 'text' | 'email' | 'password' | 'number' | 'url';

/**
 * A labelled input; the label is a real <label for>, so assistive tech and tests find the input by its text.
 * `errors` (sentences naming the field, see field-errors.ts) show under it and mark it invalid.
 */
export function Field(props: {
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: FieldType;
  name?: string;
  autocomplete?: string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  /** Bounds of a number field. */
  min?: number;
  max?: number;
  pattern?: string;
  placeholder?: string;
  hint?: string;
  errors?: readonly string[];
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const errors = props.errors ?? [];
  const describedBy = [props.hint ? hintId : null, errors.length > 0 ? errorId : null]
    .filter(Boolean)
    .join(' ');
  const input = {
    id,
    name: props.name,
    value: props.value,
    onInput: (event: TargetedInputEvent<HTMLInputElement>) => props.onInput(event.currentTarget.value),
    autocomplete: props.autocomplete,
    required: props.required,
    minLength: props.minLength,
    maxLength: props.maxLength,
    pattern: props.pattern,
    placeholder: props.placeholder,
    'aria-describedby': describedBy || undefined,
    'aria-invalid': errors.length > 0 ? ('true' as const) : undefined,
  };
  return (
    <div class={`field ${errors.length > 0 ? 'invalid' : ''}`}>
      <label for={id}>{props.label}</label>
      {typedInput(props.type ?? 'text', input, props)}
      {props.hint && (
        <small id={hintId} class="hint">
          {props.hint}
        </small>
      )}
      {errors.length > 0 && (
        <ul id={errorId} class="field-error">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

type InputAttributes = Omit<PartialInputHTMLAttributes<HTMLInputElement>, 'type' | 'role'>;

/** One literal `type` per branch: Preact's input typings narrow the allowed attributes by type. */
function typedInput(type: FieldType, input: InputAttributes, bounds: { min?: number; max?: number }) {
  switch (type) {
    case 'password':
      return <input type="password" {...input} />;
    case 'email':
      return <input type="email" {...input} />;
    case 'url':
      return <input type="url" {...input} />;
    case 'number':
      return <input type="number" inputMode="numeric" min={bounds.min} max={bounds.max} {...input} />;
    default:
      return <input type="text" {...input} />;
  }
}

/** A checkbox wrapped in its label, with a touch-sized hit area and an optional hint below. */
export function Checkbox(props: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
}) {
  const hintId = `${useId()}-hint`;
  const box = (
    <label class="check">
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(event: TargetedEvent<HTMLInputElement>) => props.onChange(event.currentTarget.checked)}
        aria-describedby={props.hint ? hintId : undefined}
      />
      <span>{props.label}</span>
    </label>
  );
  if (!props.hint) return box;
  return (
    <div class="field">
      {box}
      <small id={hintId} class="hint">
        {props.hint}
      </small>
    </div>
  );
}

/** A labelled drop-down of fixed options. */
export function SelectField<T extends string>(props: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
}) {
  const id = useId();
  const onChange = (event: TargetedEvent<HTMLSelectElement>) => {
    const chosen = props.options.find((option) => option.value === event.currentTarget.value);
    if (chosen) props.onChange(chosen.value);
  };
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={onChange}>
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** An error message announced to screen readers; renders nothing without a message. */
export function Alert(props: { message: string | null }) {
  if (!props.message) return null;
  return (
    <p role="alert" class="alert">
      {props.message}
    </p>
  );
}

/** A polite success/progress message. */
export function Status(props: { message: string | null }) {
  return (
    <p role="status" class="status">
      {props.message ?? ''}
    </p>
  );
}

/** A full-width card holding a page's main content. */
export function Card(props: { children: ComponentChildren; class?: string }) {
  return <div class={`card ${props.class ?? ''}`}>{props.children}</div>;
}
