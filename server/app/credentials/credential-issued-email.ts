import { dayInWords } from '../../domain/calendar.js';
import type { CertificationRow } from '../../persistence/repositories/certifications.js';
import type { CredentialRow } from '../../persistence/repositories/credentials.js';
import type { OutgoingMessage } from '../../persistence/repositories/outbox.js';
import type { TenantRow } from '../../persistence/repositories/tenants.js';
import { composeEmail } from '../mail/compose-email.js';
import { credentialUrls } from './credential-urls.js';

/** The e-mail telling a holder that a credential was issued to them: its ID, where to check it, where to get it. */
export function credentialIssuedEmail(
  tenant: TenantRow,
  certification: Pick<CertificationRow, 'title'>,
  credential: Pick<CredentialRow, 'holderName' | 'holderEmail' | 'certificateId' | 'expiresAt'>,
  publicUrl: string,
): OutgoingMessage {
  const base = publicUrl.replace(/\/+$/, '');
  return composeEmail(tenant, 'credential-issued', credential.holderEmail, {
    holderName: credential.holderName,
    certificationTitle: certification.title,
    certificateId: credential.certificateId,
    verifyUrl: credentialUrls(base).verification(credential.certificateId),
    credentialsUrl: `${base}/t/${encodeURIComponent(tenant.slug)}/credentials`,
    expiresOn: credential.expiresAt ? dayInWords(credential.expiresAt) : null,
  });
}
