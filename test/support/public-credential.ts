import type { PublicCredential } from '../../server/app/credentials/verify-credential.js';

/** The certificate ID the page-rendering tests use. */
export const SAMPLE_CERTIFICATE_ID = 'ACME-7K3F-9Q2M-X4TB-QZ';

/** A credential as the verification use case presents it; each test changes what it is about. */
export function samplePublicCredential(overrides: Partial<PublicCredential> = {}): PublicCredential {
  const id = overrides.certificateId ?? SAMPLE_CERTIFICATE_ID;
  return {
    certificateId: id,
    status: 'active',
    valid: true,
    holderName: 'Ada Lovelace',
    certification: { code: 'ACP-A', title: 'Cloud Practitioner' },
    issuer: {
      id: 'https://certamen.example/issuers/acme',
      name: 'Acme Cloud Academy',
      logoUrl: null,
      primaryColor: '#8a1538',
    },
    issuedAt: '2024-11-22T09:00:00.000Z',
    expiresAt: '2026-11-22T09:00:00.000Z',
    suspendedAt: null,
    revokedAt: null,
    revocationReason: null,
    verificationUrl: `https://certamen.example/verify/${id}`,
    signedCredentialUrl: `https://certamen.example/verify/${id}/credential.jwt`,
    legacyId: null,
    ...overrides,
  };
}
