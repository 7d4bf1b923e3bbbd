import type { TargetedInputEvent } from 'preact';
import { useId, useRef } from 'preact/hooks';

/** The colour format the API accepts: `#rrggbb`. */
export const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;

/** A colour picker and the same colour as editable hex text, kept in step. */
export function ColourField(props: { label: string; value: string; onInput: (value: string) => void }) {
  const id = useId();
  // While the hex text is half-typed, the picker keeps showing the last complete colour.
  const lastValid = useRef('#000000');
  if (HEX_COLOUR.test(props.value)) lastValid.current = props.value.toLowerCase();
  const onInput = (event: TargetedInputEvent<HTMLInputElement>) => props.onInput(event.currentTarget.value);

  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <div class="colour-field">
        <input id={id} type="color" value={lastValid.current} onInput={onInput} />
        <input
          type="text"
          aria-label={`${props.label} (hex)`}
          value={props.value}
          onInput={onInput}
          required
          pattern="#[0-9a-fA-F]{6}"
          maxLength={7}
          autocomplete="off"
          spellcheck={false}
          title="A colour as #rrggbb"
        />
      </div>
    </div>
  );
}
