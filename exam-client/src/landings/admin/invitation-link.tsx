import { useId, useRef, useState } from 'preact/hooks';
import { Status } from '../../components/form';

const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** The one-time registration link of an invitation just sent, read-only, with a "Copy link" button. */
export function InvitationLink(props: { url: string; expiresAt: string; label?: string }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const input = useRef<HTMLInputElement>(null);
  const [copyStatus, setCopyStatus] = useState<string | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.url);
      setCopyStatus('Link copied');
    } catch {
      // No clipboard access (an insecure origin, or permission refused): select the text for a manual copy.
      input.current?.select();
      setCopyStatus('The link is selected: copy it with your device’s copy command.');
    }
  };

  const expires = new Date(props.expiresAt);
  return (
    <div class="field invitation-link">
      <label for={id}>{props.label ?? 'Invitation link'}</label>
      <div class="copy-field">
        <input
          ref={input}
          id={id}
          type="text"
          readOnly
          value={props.url}
          aria-describedby={hintId}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" class="secondary" onClick={copy}>
          Copy link
        </button>
      </div>
      <small id={hintId} class="hint">
        This link was e-mailed to the invitee; you may also pass it on yourself. It works once
        {Number.isNaN(expires.getTime()) ? '' : `, until ${date.format(expires)}`}.
      </small>
      <Status message={copyStatus} />
    </div>
  );
}
