import { randomBytes } from 'node:crypto';
import { defineCertification } from '../../server/app/certifications/define-certification.js';
import type { CertificationView } from '../../server/app/certifications/certification-view.js';
import { issueCredential } from '../../server/app/credentials/issue-credential.js';
import type { CredentialView } from '../../server/app/credentials/credential-view.js';
import type { AppDeps } from '../../server/app/deps.js';
import type { TenantRow } from '../../server/persistence/repositories/tenants.js';

/** A certification in the tenant (unique code unless given). */
export function makeCertification(
  deps: AppDeps,
  tenant: TenantRow,
  overrides: { code?: string; title?: string; validityMonths?: number } = {},
): Promise<CertificationView> {
  return defineCertification(
    deps,
    { tenantId: tenant.id, userId: null },
    {
      code: overrides.code ?? `C-${randomBytes(3).toString('hex').toUpperCase()}`,
      title: overrides.title ?? 'Cloud Practitioner',
      description: 'Shows working knowledge of cloud networking, security, compute and operations.',
      validityMonths: overrides.validityMonths ?? 24,
    },
  );
}

/** A credential issued by hand through the real use case (signed, PDF hashed, audited). */
export function issueTestCredential(
  deps: AppDeps,
  tenant: TenantRow,
  certification: CertificationView,
  overrides: { name?: string; email?: string; issuedAt?: Date; userId?: string | null } = {},
): Promise<CredentialView> {
  return issueCredential(
    deps,
    { tenantId: tenant.id, userId: null },
    {
      certificationId: certification.id,
      holder: {
        name: overrides.name ?? 'Ada Lovelace',
        email: overrides.email ?? `holder-${randomBytes(4).toString('hex')}@example.test`,
        userId: overrides.userId ?? null,
      },
      issuedAt: overrides.issuedAt ?? deps.clock.now(),
      source: 'manual',
    },
  );
}
