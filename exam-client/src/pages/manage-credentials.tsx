import { useEffect, useState } from 'preact/hooks';
import { listCertifications, listCredentials } from '../api';
import { setTitle } from '../branding';
import { Alert } from '../components/form';
import { CredentialTable } from '../credentials/credential-table';
import '../credentials/credentials.css';
import { HolderImport } from '../credentials/holder-import';
import { IssueCredentialForm } from '../credentials/issue-form';
import { SigningKeys } from '../credentials/signing-keys';
import '../items/items.css';
import type { TenantPublic } from '../types';
import { useLoad } from '../use-load';

/**
 * The admins' credentials page at /t/<slug>/credentials/manage: every credential of the programme (to
 * suspend, reinstate or revoke), issuing one by hand, importing holders from CSV, and the signing keys.
 */
export function ManageCredentialsPage(props: { tenant: TenantPublic }) {
  useEffect(() => setTitle('Manage credentials', props.tenant.name), [props.tenant.name]);
  const list = useLoad(listCredentials);
  const certifications = useLoad(listCertifications);
  // The first credential ever issued makes the programme's first signing key: the key list then reloads.
  const [issuedCount, setIssuedCount] = useState(0);
  const onIssued = () => {
    list.reload();
    setIssuedCount((count) => count + 1);
  };

  return (
    <>
      <h1>Manage credentials</h1>
      <nav class="on-this-page" aria-label="On this page">
        <a href="#issue-credential-title">Issue a credential</a>
        <a href="#holder-import-title">Import holders</a>
        <a href="#signing-keys-title">Signing keys</a>
      </nav>
      <section class="card" aria-labelledby="credential-list-title">
        <h2 id="credential-list-title">Credentials</h2>
        {list.loading && !list.data && <p aria-busy="true">Loading credentials…</p>}
        <Alert message={list.error} />
        {list.data && list.data.credentials.length === 0 && (
          <p class="empty">No credentials yet: issue one below, or import the holders you already have.</p>
        )}
        {list.data && list.data.credentials.length > 0 && (
          <CredentialTable credentials={list.data.credentials} onChanged={list.reload} />
        )}
      </section>
      {certifications.loading && !certifications.data && <p aria-busy="true">Loading certifications…</p>}
      <Alert message={certifications.error} />
      {certifications.data && (
        <IssueCredentialForm certifications={certifications.data.certifications} onIssued={onIssued} />
      )}
      <HolderImport onImported={onIssued} />
      <SigningKeys key={issuedCount} />
    </>
  );
}
