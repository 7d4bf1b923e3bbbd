import { useEffect } from 'preact/hooks';
import { listMyCredentials } from '../api';
import { setTitle } from '../branding';
import { Alert } from '../components/form';
import { CredentialCard } from '../credentials/credential-card';
import '../credentials/credentials.css';
import type { TenantPublic } from '../types';
import { useLoad } from '../use-load';

/**
 * The signed-in person's credentials at /t/<slug>/credentials: a card for each, with its status, files,
 * verification link and LinkedIn link.
 */
export function MyCredentialsPage(props: { tenant: TenantPublic }) {
  useEffect(() => setTitle('My credentials', props.tenant.name), [props.tenant.name]);
  const list = useLoad(listMyCredentials);
  const credentials = list.data?.credentials ?? [];

  return (
    <>
      <h1>My credentials</h1>
      {list.loading && !list.data && <p aria-busy="true">Loading your credentials…</p>}
      <Alert message={list.error} />
      {list.data && credentials.length === 0 && (
        <section class="card">
          <p class="empty">
            You hold no credentials from {props.tenant.name} yet. When you pass a certification exam, or the
            programme issues you a credential, it appears here with its certificate to download.
          </p>
        </section>
      )}
      {credentials.length > 0 && (
        <ul class="credential-cards" aria-label="Your credentials">
          {credentials.map((credential) => (
            <li key={credential.id}>
              <CredentialCard credential={credential} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
