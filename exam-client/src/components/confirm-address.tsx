import { requestEmailVerification } from '../api';
import { useSubmit } from '../use-submit';
import { Alert, Status } from './form';

/**
 * Shown while the signed-in person has not confirmed their address: where the link went, and a button that
 * sends a new one. Until then nothing issued to the address appears in the account.
 */
export function ConfirmAddress(props: { email: string }) {
  const { busy, error, status, run } = useSubmit();
  const resend = () =>
    run(async () => {
      const sent = await requestEmailVerification();
      return `We sent a new link to ${sent.email}. Earlier links no longer work.`;
    });
  return (
    <section class="card" aria-labelledby="confirm-address-title" data-confirm-address>
      <h2 id="confirm-address-title">Confirm your address</h2>
      <p>
        We sent a link to <strong>{props.email}</strong>. Open it to confirm that this address is yours;
        credentials issued to it appear in your account once it is confirmed.
      </p>
      <Alert message={error} />
      <Status message={status} />
      <button type="button" class="secondary" disabled={busy} onClick={() => void resend()}>
        {busy ? 'Sending…' : 'Send a new link'}
      </button>
    </section>
  );
}
