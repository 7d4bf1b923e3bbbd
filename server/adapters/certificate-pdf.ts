import path from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { dayInWords } from '../domain/calendar.js';
import { drawImage } from './certificate-image.js';
import {
  type CertificateTemplate,
  type ColorRef,
  type PlacedField,
  pageSize,
} from './certificate-template.js';
import { drawText } from './certificate-text.js';
import { shareStandardFontMetrics } from './pdfkit-shared-fonts.js';

/** What a certificate says about one credential. */
export interface CertificateFields {
  readonly holderName: string;
  readonly certificationTitle: string;
  readonly certificationCode: string;
  readonly issuerName: string;
  /** Printed as "22 November 2026" (UTC); also the PDF's creation and modification date. */
  readonly issuedOn: Date;
  /** null: the credential does not expire (the template's `whenEmpty` text, "No expiry" by default). */
  readonly expiresOn: Date | null;
  readonly certificateId: string;
  /** What the QR code opens. */
  readonly verificationUrl: string;
  /** The tenant's colour, '#rrggbb', used wherever the template's palette says "{brand}". */
  readonly brandColor: string;
  /**
   * The tenant's logo (PNG/JPEG file). A path replaces the template's logo; null means the tenant has no
   * logo and the issuer name is printed in its place; left out, the template's own logo file is used.
   */
  readonly logoPath?: string | null;
}

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
const QUIET_ZONE_MODULES = 4; // ISO/IEC 18004 §6.3.8

type Doc = PDFKit.PDFDocument;

// Half the work of drawing a certificate otherwise goes into the same font metrics, built again for each one.
shareStandardFontMetrics();

/** "22 November 2026": UTC, English month names, independent of the process locale. */
export function formatCertificateDate(date: Date): string {
  return dayInWords(date);
}

function fieldText(placed: PlacedField, fields: CertificateFields): string {
  const prefix = placed.text ?? '';
  switch (placed.field) {
    case 'static':
      return prefix;
    case 'issuedOn':
      return prefix + formatCertificateDate(fields.issuedOn);
    case 'expiresOn':
      return fields.expiresOn === null
        ? (placed.whenEmpty ?? 'No expiry')
        : prefix + formatCertificateDate(fields.expiresOn);
    default: {
      const value = fields[placed.field].trim();
      return value === '' && placed.whenEmpty !== undefined ? placed.whenEmpty : prefix + value;
    }
  }
}

/** The QR code as filled rectangles, one per run of dark modules in a row, on a light quiet zone. */
function drawQr(doc: Doc, url: string, box: CertificateTemplate['qr'], color: string): void {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: 'M' });
  const count = modules.size;
  const module = box.size / (count + 2 * QUIET_ZONE_MODULES);
  const origin = QUIET_ZONE_MODULES * module;
  doc.rect(box.x, box.y, box.size, box.size).fill('#ffffff');
  for (let row = 0; row < count; row++) {
    let col = 0;
    while (col < count) {
      if (!modules.data[row * count + col]) {
        col++;
        continue;
      }
      const start = col;
      while (col < count && modules.data[row * count + col]) col++;
      doc.rect(
        box.x + origin + start * module,
        box.y + origin + row * module,
        (col - start) * module,
        module,
      );
    }
  }
  doc.fill(color);
}

/**
 * Renders one certificate as a single-page PDF. The same template and fields give the same bytes: the
 * dates in the document info are `issuedOn`, the trailer ID is pdfkit's MD5 of that info (no clock, no
 * randomness), fonts are standard ones (never subset, so no random subset tags) and the QR is vector.
 */
export async function renderCertificatePdf(
  template: CertificateTemplate,
  fields: CertificateFields,
): Promise<Buffer> {
  if (!HEX_COLOR.test(fields.brandColor))
    throw new Error(`brand colour "${fields.brandColor}" is not #rrggbb`);
  const issuedOn = new Date(fields.issuedOn.getTime());
  formatCertificateDate(issuedOn);
  const palette: Record<string, string> = {
    primary: template.colors.primary === '{brand}' ? fields.brandColor : template.colors.primary,
    text: template.colors.text,
    muted: template.colors.muted,
  };
  const color = (ref: ColorRef) => palette[ref] ?? ref;
  const [width, height] = pageSize(template.page);
  const doc = new PDFDocument({
    size: [width, height],
    margin: 0,
    compress: true,
    lang: 'en',
    displayTitle: true,
    info: {
      Title: `${fields.certificationTitle} — ${fields.holderName}`,
      Author: fields.issuerName,
      Subject: `Certificate ${fields.certificateId}`,
      Creator: 'Certamen',
      Producer: 'Certamen certificate renderer',
      CreationDate: issuedOn,
      ModDate: issuedOn,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const { background, logo, signature } = template;
  doc.rect(0, 0, width, height).fill(color(background.color));
  if (background.image)
    drawImage(doc, path.join(template.dir, background.image.file), background.image, 'Background');
  for (const frame of [background.border, background.innerBorder]) {
    if (!frame) continue;
    doc
      .lineWidth(frame.width)
      .rect(frame.inset, frame.inset, width - 2 * frame.inset, height - 2 * frame.inset)
      .stroke(color(frame.color));
  }
  for (const rule of background.rules ?? [])
    doc.rect(rule.x, rule.y, rule.width, rule.thickness).fill(color(rule.color));

  const logoFile =
    fields.logoPath === null
      ? undefined
      : (fields.logoPath ?? (logo.file === undefined ? undefined : path.join(template.dir, logo.file)));
  if (logoFile) drawImage(doc, logoFile, logo, 'Logo');
  else drawText(doc, fields.issuerName, logo.fallback, color(logo.fallback.color));

  if (signature) {
    drawImage(doc, path.join(template.dir, signature.file), signature, 'Signature');
    const lineY = signature.y + signature.height + 2;
    doc
      .lineWidth(0.75)
      .moveTo(signature.x, lineY)
      .lineTo(signature.x + signature.width, lineY)
      .stroke(color(signature.lineColor ?? 'muted'));
    const { caption } = signature;
    if (caption) {
      const box = { ...caption, x: signature.x, y: lineY + caption.size + 3, width: signature.width };
      drawText(doc, caption.text, { ...box, align: 'center' }, color(caption.color));
    }
  }

  for (const placed of template.fields) drawText(doc, fieldText(placed, fields), placed, color(placed.color));
  drawQr(doc, fields.verificationUrl, template.qr, color(template.qr.color ?? 'text'));
  doc.end();
  return done;
}
