import { browserSupportsWebAuthn, startRegistration } from '@simplewebauthn/browser';
import { useEffect, useState } from 'preact/hooks';
import { addPasskey, deletePasskey, listPasskeys, passkeyEnrolmentOptions } from '../api';
import { setTitle } from '../branding';
import { Alert, Field, Status } from '../components/form';
import { describeError } from '../errors';
import { Link, pagePath } from '../router';
import type { Passkey, TenantPublic } from '../types';
import { useLoad } from '../use-load';
import { useSubmit } from '../use-submit';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

/**
 * The signed-in user's passkeys: list, enrol a new one, delete. Sent here from an exam check-in (`?next=exams`),
 * the page offers the way back once a passkey is added.
 */
export function PasskeysPage(props: { tenant: TenantPublic; next?: string | null }) {
  const passkeys = useLoad(listPasskeys);
  const [label, setLabel] = useState('');
  const { busy, error, status, setError, setStatus, run } = useSubmit();
  const supported = browserSupportsWebAuthn();

  useEffect(() => setTitle('Passkeys', props.tenant.name), [props.tenant.name]);

  const onAdd = (event: SubmitEvent) => {
    event.preventDefault();
    void run(async () => {
      const { challengeId, options } = await passkeyEnrolmentOptions();
      const response = await startRegistration({ optionsJSON: options });
      await addPasskey({ challengeId, response, label: label.trim() });
      setLabel('');
      passkeys.reload();
      return 'Passkey added';
    });
  };

  const onDeleted = (passkey: Passkey) => {
    setStatus(`Passkey ${passkey.label} deleted`);
    passkeys.reload();
  };

  const list = passkeys.data?.passkeys ?? [];
  return (
    <>
      <section class="card" aria-labelledby="passkeys-title">
        <h1 id="passkeys-title">Passkeys</h1>
        <p class="muted">
          A passkey signs you in with your device's screen lock or security key, without a password.
        </p>
        {passkeys.loading && !passkeys.data && <p aria-busy="true">Loading passkeys…</p>}
        <Alert message={passkeys.error} />
        {passkeys.data && list.length === 0 && <p class="empty">You have no passkeys yet.</p>}
        {list.length > 0 && (
          <ul class="rows" aria-label="Your passkeys">
            {list.map((passkey) => (
              <PasskeyRow key={passkey.id} passkey={passkey} onDeleted={onDeleted} onError={setError} />
            ))}
          </ul>
        )}
      </section>
      <section class="card" aria-labelledby="add-passkey-title">
        <h2 id="add-passkey-title">Add a passkey</h2>
        <Alert message={error} />
        <Status message={status} />
        {props.next === 'exams' && list.length > 0 && (
          <p>
            <Link href={pagePath(props.tenant.slug, 'exams')}>Back to the exams to check in</Link>
          </p>
        )}
        {supported ? (
          <form onSubmit={onAdd}>
            <Field
              label="Passkey name"
              value={label}
              onInput={setLabel}
              required
              maxLength={100}
              placeholder="e.g. Work laptop"
            />
            <button type="submit" disabled={busy}>
              {busy ? 'Waiting for your device…' : 'Add a passkey'}
            </button>
          </form>
        ) : (
          <p>This browser cannot create passkeys.</p>
        )}
      </section>
    </>
  );
}

function PasskeyRow(props: {
  passkey: Passkey;
  onDeleted: (passkey: Passkey) => void;
  onError: (message: string) => void;
}) {
  const { passkey } = props;
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);

  const onDelete = async () => {
    setDeleting(true);
    try {
      await deletePasskey(passkey.id);
      props.onDeleted(passkey);
    } catch (failure) {
      props.onError(describeError(failure));
      setDeleting(false);
      setConfirming(false);
    }
  };

  return (
    <li class="row">
      <div>
        <strong>{passkey.label}</strong>
        <div class="muted">
          Added {formatDate(passkey.createdAt)} ·{' '}
          {passkey.lastUsedAt ? `last used ${formatDate(passkey.lastUsedAt)}` : 'never used'}
          {passkey.backedUp ? ' · synced' : ''}
        </div>
      </div>
      <div class="actions">
        {confirming ? (
          <>
            <button type="button" class="danger" onClick={onDelete} disabled={deleting}>
              {deleting ? 'Deleting…' : 'Confirm delete'}
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)} disabled={deleting}>
              Cancel
            </button>
          </>
        ) : (
          <button
            type="button"
            class="secondary"
            onClick={() => setConfirming(true)}
            aria-label={`Delete passkey ${passkey.label}`}
          >
            Delete
          </button>
        )}
      </div>
    </li>
  );
}
