import { useId, useRef, useState } from 'preact/hooks';
import { Status } from './form';

/**
 * A link shown in a read-only input, with a button that copies it. Where the clipboard is out of reach (an
 * insecure origin, a refused permission) the text is selected instead, for the device's own copy command.
 */
export function CopyLink(props: { label: string; url: string; buttonLabel: string; copied: string }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [feedback, setFeedback] = useState<string | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.url);
      setFeedback(props.copied);
    } catch {
      input.current?.focus();
      input.current?.select();
      setFeedback(
        'Copying is not allowed here: the link is selected, copy it with your device’s copy command.',
      );
    }
  };

  return (
    <div class="field copy-link">
      <label for={id}>{props.label}</label>
      <div class="copy-field">
        <input
          ref={input}
          id={id}
          type="text"
          readOnly
          value={props.url}
          spellcheck={false}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" class="secondary" onClick={copy}>
          {props.buttonLabel}
        </button>
      </div>
      <Status message={feedback} />
    </div>
  );
}
