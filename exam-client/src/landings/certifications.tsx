import { listCertifications } from '../api';
import '../items/items.css';
import { Link, pagePath } from '../router';
import { useLoad } from '../use-load';

/** A link to the certifications and their blueprints, and how many still lack a blueprint (admin landing). */
export function CertificationsLanding(props: { slug: string }) {
  const list = useLoad(listCertifications);
  const certifications = list.data?.certifications;
  const missing = certifications?.filter((certification) => certification.blueprintVersion === null).length;
  return (
    <>
      <p>Define certifications and their exam blueprints; check them against the bank and simulate them.</p>
      <div class="item-bank-links">
        <Link href={pagePath(props.slug, 'certifications')} class="button">
          Open certifications
        </Link>
        {certifications !== undefined && (
          <span class="muted">
            {certifications.length} certification{certifications.length === 1 ? '' : 's'}
            {missing ? `, ${missing} without a blueprint` : ''}
          </span>
        )}
      </div>
    </>
  );
}
