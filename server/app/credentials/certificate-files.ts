import { bakePng, bakeSvg, loadBadgeArtwork, renderBadgeSvg } from '../../adapters/badge-baking.js';
import { renderBadgePng } from '../../adapters/badge-png.js';
import { renderCertificatePdfOffThread } from '../../adapters/certificate-pdf-thread.js';
import { loadCertificateTemplate } from '../../adapters/certificate-template.js';
import type { CredentialRecord, CredentialRow } from '../../persistence/repositories/credentials.js';
import { credentialUrls } from './credential-urls.js';

/** The credential's signed payload (our own stored VC-JWT, so no signature check is needed to read it). */
export function storedPayload(vcJwt: string): Record<string, unknown> {
  const part = vcJwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** The names a certificate prints. */
export interface PrintedNames {
  readonly issuerName: string;
  readonly certificationTitle: string;
  readonly certificationCode: string;
}

/** The names a credential's payload gives the certificate, else today's (`fallback`). */
function printedNames(payload: Record<string, unknown>, fallback: PrintedNames): PrintedNames {
  const issuer = payload.issuer as { name?: string };
  const subject = payload.credentialSubject as { achievement?: { name?: string; humanCode?: string } };
  return {
    issuerName: issuer.name ?? fallback.issuerName,
    certificationTitle: subject.achievement?.name ?? fallback.certificationTitle,
    certificationCode: subject.achievement?.humanCode ?? fallback.certificationCode,
  };
}

/** What the certificate prints, frozen at issuance: names come from the signed credential, not today's rows. */
function printedFacts(record: CredentialRecord): PrintedNames {
  return printedNames(storedPayload(record.credential.vcJwt), {
    issuerName: record.tenant.name,
    certificationTitle: record.certification.title,
    certificationCode: record.certification.code,
  });
}

/**
 * The PDF certificate: the layout, brand colour and names fixed at issuance, so the same credential
 * renders the same bytes every time (its SHA-256 is recorded when it is issued).
 */
export function renderCertificate(record: CredentialRecord, publicUrl: string): Promise<Buffer> {
  return drawCertificate(record.credential, printedFacts(record), publicUrl);
}

/** The fields of a credential its certificate prints (all fixed before its status-list index is claimed). */
export type PrintedCredential = Pick<
  CredentialRow,
  'holderName' | 'issuedAt' | 'expiresAt' | 'certificateId' | 'certificateLayout'
>;

/** Draws a credential's certificate from its printed fields and names (see `renderCertificate`). */
export function drawCertificate(
  credential: PrintedCredential,
  names: PrintedNames,
  publicUrl: string,
): Promise<Buffer> {
  const layout = credential.certificateLayout;
  const template = loadCertificateTemplate(layout.template);
  return renderCertificatePdfOffThread(template, {
    ...names,
    holderName: credential.holderName,
    issuedOn: credential.issuedAt,
    expiresOn: credential.expiresAt,
    certificateId: credential.certificateId,
    verificationUrl: credentialUrls(publicUrl).verification(credential.certificateId),
    brandColor: layout.brandColor,
  });
}

/** The badge image as SVG with the signed credential baked in (Open Badges 3.0 baking). */
export function renderBakedBadgeSvg(record: CredentialRecord): string {
  const { credential } = record;
  const facts = printedFacts(record);
  const svg = renderBadgeSvg(loadBadgeArtwork(credential.certificateLayout.template), {
    brandColor: credential.certificateLayout.brandColor,
    certificationCode: facts.certificationCode,
    certificationTitle: facts.certificationTitle,
    issuerName: facts.issuerName,
  });
  return bakeSvg(svg, credential.vcJwt);
}

/** The badge as PNG with the signed credential baked into an `openbadgecredential` iTXt chunk (OB 3.0). */
export function renderBakedBadgePng(record: CredentialRecord): Buffer {
  const { credential } = record;
  return bakePng(renderBadgePng({ brandColor: credential.certificateLayout.brandColor }), credential.vcJwt);
}
