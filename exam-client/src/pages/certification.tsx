import { useEffect, useState } from 'preact/hooks';
import { getCertification } from '../api';
import { setTitle } from '../branding';
import { BlueprintEditor } from '../certifications/blueprint-editor';
import { CertificationDetails, months } from '../certifications/certification-fields';
import { takePendingNotice } from '../certifications/notice';
import { Alert, Status } from '../components/form';
import '../items/items.css';
import '../certifications/certifications.css';
import { AttemptsPanel } from '../exam-admin/attempts-panel';
import '../exam-admin/exam-admin.css';
import { CandidatePolicyForm } from '../exam-admin/policy-form';
import { VoucherPools } from '../exam-admin/voucher-pools';
import { Link, pagePath } from '../router';
import type { Session } from '../session';
import type { BlueprintVersion, Certification, TenantPublic } from '../types';
import { useLoad } from '../use-load';

/**
 * One certification at /t/<slug>/certifications/<id>: its details (editable by admins) and its exam
 * blueprint, which authors may read, check against the bank and simulate, and admins save; for admins also
 * its candidate policy, voucher pools, and attempts with their results.
 */
export function CertificationPage(props: { tenant: TenantPublic; session: Session; id: string }) {
  const loaded = useLoad(() => getCertification(props.id));
  const [notice] = useState(takePendingNotice);
  const [certification, setCertification] = useState<Certification | null>(null);
  const [saved, setSaved] = useState<BlueprintVersion | null>(null);
  useEffect(() => {
    if (!loaded.data) return;
    setCertification(loaded.data.certification);
    setSaved(loaded.data.blueprint);
  }, [loaded.data]);
  const heading = certification ? `${certification.code}: ${certification.title}` : 'Certification';
  useEffect(() => setTitle(heading, props.tenant.name), [heading, props.tenant.name]);
  const isAdmin = props.session.user.roles.includes('admin');

  if (!loaded.data || !certification) {
    return (
      <>
        <BackLink slug={props.tenant.slug} />
        {loaded.loading && <p aria-busy="true">Loading the certification…</p>}
        <Alert message={loaded.error} />
      </>
    );
  }

  return (
    <>
      <BackLink slug={props.tenant.slug} />
      <h1>{heading}</h1>
      <p class="item-meta">
        <span>Valid for {months(certification.validityMonths)}</span>
        <span>{saved ? `Blueprint version ${saved.version}` : 'No blueprint yet'}</span>
      </p>
      <Status message={notice} />
      <CertificationDetails certification={certification} canEdit={isAdmin} onSaved={setCertification} />
      <BlueprintEditor
        certification={certification}
        saved={saved}
        canSave={isAdmin}
        onSaved={(version) => {
          setSaved(version);
          setCertification({ ...certification, blueprintVersion: version.version });
        }}
      />
      {isAdmin && (
        <>
          <CandidatePolicyForm certification={certification} />
          <VoucherPools certification={certification} />
          <AttemptsPanel certification={certification} />
        </>
      )}
    </>
  );
}

function BackLink(props: { slug: string }) {
  return (
    <p class="back">
      <Link href={pagePath(props.slug, 'certifications')}>← Certifications</Link>
    </p>
  );
}
