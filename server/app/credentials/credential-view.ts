import { type CredentialStatus, credentialStatusAt } from '../../domain/credentials/credential-status.js';
import type { CredentialRecord } from '../../persistence/repositories/credentials.js';
import type { AppDeps } from '../deps.js';
import { credentialUrls } from './credential-urls.js';

/** A credential as its holder and the programme's admins see it. */
export interface CredentialView {
  readonly id: string;
  readonly certificateId: string;
  readonly certification: { readonly id: string; readonly code: string; readonly title: string };
  readonly issuer: { readonly name: string };
  readonly holder: { readonly name: string; readonly email: string; readonly userId: string | null };
  readonly status: CredentialStatus;
  readonly issuedAt: string;
  readonly expiresAt: string | null;
  readonly suspendedAt: string | null;
  readonly suspensionReason: string | null;
  readonly revokedAt: string | null;
  readonly revocationReason: string | null;
  readonly source: 'manual' | 'import' | 'attempt';
  readonly attemptId: string | null;
  readonly verificationUrl: string;
  readonly pdfSha256: string;
  readonly downloads: {
    readonly certificate: string;
    readonly badge: string;
    readonly badgePng: string;
    readonly signedCredential: string;
  };
  /** LinkedIn's "Add licence or certification" link, prefilled. */
  readonly linkedInUrl: string;
}

/**
 * LinkedIn's add-to-profile link (https://addtoprofile.linkedin.com): name, issuer, issue and expiry month,
 * certificate ID and the verification URL.
 */
export function linkedInAddToProfileUrl(input: {
  readonly name: string;
  readonly organizationName: string;
  readonly issuedAt: Date;
  readonly expiresAt: Date | null;
  readonly certificateId: string;
  readonly verificationUrl: string;
}): string {
  const params = new URLSearchParams({
    startTask: 'CERTIFICATION_NAME',
    name: input.name,
    organizationName: input.organizationName,
    issueYear: String(input.issuedAt.getUTCFullYear()),
    issueMonth: String(input.issuedAt.getUTCMonth() + 1),
  });
  if (input.expiresAt) {
    params.set('expirationYear', String(input.expiresAt.getUTCFullYear()));
    params.set('expirationMonth', String(input.expiresAt.getUTCMonth() + 1));
  }
  params.set('certUrl', input.verificationUrl);
  params.set('certId', input.certificateId);
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}

/** Presents a credential, its status computed now. */
export function credentialView(
  record: CredentialRecord,
  deps: Pick<AppDeps, 'clock' | 'publicUrl'>,
): CredentialView {
  const { credential: c, certification, tenant } = record;
  const verificationUrl = credentialUrls(deps.publicUrl).verification(c.certificateId);
  const api = `/api/v1/credentials/${c.id}`;
  return {
    id: c.id,
    certificateId: c.certificateId,
    certification: { id: certification.id, code: certification.code, title: certification.title },
    issuer: { name: tenant.name },
    holder: { name: c.holderName, email: c.holderEmail, userId: c.userId },
    status: credentialStatusAt(c, deps.clock.now()),
    issuedAt: c.issuedAt.toISOString(),
    expiresAt: c.expiresAt?.toISOString() ?? null,
    suspendedAt: c.suspendedAt?.toISOString() ?? null,
    suspensionReason: c.suspensionReason,
    revokedAt: c.revokedAt?.toISOString() ?? null,
    revocationReason: c.revocationReason,
    source: c.source,
    attemptId: c.attemptId,
    verificationUrl,
    pdfSha256: c.pdfSha256,
    downloads: {
      certificate: `${api}/certificate.pdf`,
      badge: `${api}/badge.svg`,
      badgePng: `${api}/badge.png`,
      signedCredential: `${api}/credential.jwt`,
    },
    linkedInUrl: linkedInAddToProfileUrl({
      name: certification.title,
      organizationName: tenant.name,
      issuedAt: c.issuedAt,
      expiresAt: c.expiresAt,
      certificateId: c.certificateId,
      verificationUrl,
    }),
  };
}
