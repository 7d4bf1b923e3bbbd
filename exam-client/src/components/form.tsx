import type { ComponentChildren, TargetedInputEvent } from 'preact';
import { useId } from 'preact/hooks';

/** A labelled input; the label is a real <label for>, so assistive tech and tests find the input by its text. */
export function Field(props: {
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: 'text' | 'email' | 'password';
  name?: string;
  autocomplete?: string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  placeholder?: string;
  hint?: string;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
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
    'aria-describedby': props.hint ? hintId : undefined,
  };
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.type === 'password' ? (
        <input type="password" {...input} />
      ) : props.type === 'email' ? (
        <input type="email" {...input} />
      ) : (
        <input type="text" {...input} />
      )}
      {props.hint && (
        <small id={hintId} class="hint">
          {props.hint}
        </small>
      )}
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
