import { useEffect } from 'preact/hooks';
import { listCertifications } from '../api';
import { setTitle } from '../branding';
import { DefineCertificationForm, months } from '../certifications/certification-fields';
import { setPendingNotice } from '../certifications/notice';
import { Alert } from '../components/form';
import '../items/items.css';
import '../certifications/certifications.css';
import { certificationPath, Link, navigate } from '../router';
import type { Session } from '../session';
import type { TenantPublic } from '../types';
import { useLoad } from '../use-load';

/**
 * The programme's certifications at /t/<slug>/certifications: code, title, validity and blueprint version
 * of each; admins also define new ones here.
 */
export function CertificationsPage(props: { tenant: TenantPublic; session: Session }) {
  const { slug } = props.tenant;
  useEffect(() => setTitle('Certifications', props.tenant.name), [props.tenant.name]);
  const list = useLoad(listCertifications);
  const isAdmin = props.session.user.roles.includes('admin');

  return (
    <>
      <h1>Certifications</h1>
      <section class="card" aria-labelledby="certification-list-title">
        <h2 id="certification-list-title" class="visually-hidden">
          All certifications
        </h2>
        {list.loading && !list.data && <p aria-busy="true">Loading certifications…</p>}
        <Alert message={list.error} />
        {list.data && list.data.certifications.length === 0 && (
          <p class="empty">No certifications yet{isAdmin ? ': define the first one below.' : '.'}</p>
        )}
        {list.data && list.data.certifications.length > 0 && (
          // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard.
          <section class="table-scroll" aria-label="Certifications" tabIndex={0}>
            <table class="data-table">
              <caption class="visually-hidden">Certifications of the programme</caption>
              <thead>
                <tr>
                  <th scope="col">Code</th>
                  <th scope="col">Title</th>
                  <th scope="col">Valid for</th>
                  <th scope="col">Blueprint</th>
                </tr>
              </thead>
              <tbody>
                {list.data.certifications.map((certification) => (
                  <tr key={certification.id}>
                    <th scope="row">
                      <Link href={certificationPath(slug, certification.id)}>{certification.code}</Link>
                    </th>
                    <td>{certification.title}</td>
                    <td>{months(certification.validityMonths)}</td>
                    <td>
                      {certification.blueprintVersion === null ? (
                        <span class="tag warn">None yet</span>
                      ) : (
                        `Version ${certification.blueprintVersion}`
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        )}
      </section>
      {isAdmin && (
        <DefineCertificationForm
          onDefined={(certification) => {
            setPendingNotice(`Certification ${certification.code} defined: now write its exam blueprint.`);
            navigate(certificationPath(slug, certification.id));
          }}
        />
      )}
    </>
  );
}
