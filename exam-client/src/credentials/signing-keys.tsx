import { listSigningKeys, rotateSigningKey } from '../api';
import { Alert, Status } from '../components/form';
import { useLoad } from '../use-load';
import { useSubmit } from '../use-submit';
import { formatDateTime } from '../items/labels';

/**
 * The keys that sign the programme's credentials, and "Rotate key": new credentials are signed with a new
 * key, while the retired ones stay published so the credentials they signed keep verifying.
 */
export function SigningKeys() {
  const keys = useLoad(listSigningKeys);
  const { busy, error, status, run } = useSubmit();
  const list = keys.data?.keys ?? [];

  const rotate = () =>
    run(async () => {
      const { key } = await rotateSigningKey();
      keys.reload();
      return `Key ${key.kid} is now active: credentials issued from now on are signed with it.`;
    });

  return (
    <section class="card signing-keys" aria-labelledby="signing-keys-title">
      <h2 id="signing-keys-title">Signing keys</h2>
      <p class="hint">
        Every credential is signed, so anyone can check it came from this programme. Rotate the key on a
        schedule or if you fear it leaked; retired keys stay published, so what they signed still verifies.
      </p>
      {keys.loading && !keys.data && <p aria-busy="true">Loading keys…</p>}
      <Alert message={keys.error} />
      {keys.data && list.length === 0 && (
        <p class="empty">No key yet: the first credential issued makes one.</p>
      )}
      {list.length > 0 && (
        <table class="data-table stack-table key-table">
          <caption class="visually-hidden">Signing keys, with their status</caption>
          <thead>
            <tr>
              <th scope="col">Key ID</th>
              <th scope="col">Algorithm</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Retired</th>
            </tr>
          </thead>
          <tbody>
            {list.map((key) => (
              <tr key={key.kid}>
                <th scope="row" data-label="Key ID">
                  <code class="key-id">{key.kid}</code>
                </th>
                <td data-label="Algorithm">{key.alg}</td>
                <td data-label="Status">
                  <span class={key.status === 'active' ? 'tag ok' : 'tag muted-tag'}>
                    {key.status === 'active' ? 'Active' : 'Retired'}
                  </span>
                </td>
                <td data-label="Created">{formatDateTime(key.createdAt)}</td>
                <td data-label="Retired">{formatDateTime(key.retiredAt) || <span class="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Alert message={error} />
      <Status message={status} />
      <button type="button" class="secondary" disabled={busy} onClick={rotate}>
        {busy ? 'Rotating…' : 'Rotate key'}
      </button>
    </section>
  );
}
