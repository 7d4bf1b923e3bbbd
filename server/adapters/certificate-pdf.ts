import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { readPngChunks } from './badge-baking.js';

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

/** A PDF standard font with Latin letters: no font files, the same output on every machine. */
export type StandardFont =
  | 'Helvetica'
  | 'Helvetica-Bold'
  | 'Helvetica-Oblique'
  | 'Helvetica-BoldOblique'
  | 'Times-Roman'
  | 'Times-Bold'
  | 'Times-Italic'
  | 'Times-BoldItalic'
  | 'Courier'
  | 'Courier-Bold'
  | 'Courier-Oblique'
  | 'Courier-BoldOblique';

/** '#rrggbb' or a name from the template's palette. */
export type ColorRef = 'primary' | 'text' | 'muted' | `#${string}`;

/** One line of text in a box: y is the baseline; too long a text shrinks to minSize, then is cut. */
export interface TextBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly align?: 'left' | 'center' | 'right';
  readonly font: StandardFont;
  readonly size: number;
  readonly minSize?: number;
  readonly color: ColorRef;
  readonly characterSpacing?: number;
}

/** Which certificate field a text box shows; `static` shows only its `text`. */
export type CertificateFieldName =
  | 'holderName'
  | 'certificationTitle'
  | 'certificationCode'
  | 'issuerName'
  | 'issuedOn'
  | 'expiresOn'
  | 'certificateId'
  | 'verificationUrl'
  | 'static';

/** A certificate field placed on the page, after an optional prefix `text`. */
export interface PlacedField extends TextBox {
  readonly field: CertificateFieldName;
  readonly text?: string;
  readonly whenEmpty?: string;
}

/** An image file (relative to the template folder) fitted, centred, into a box. */
export interface ImageBox {
  readonly file: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A rectangle stroked `inset` points inside the page edge. */
export interface Frame {
  readonly color: ColorRef;
  readonly width: number;
  readonly inset: number;
}

/** A certificate layout as `credential-templates/<name>/certificate.json` describes it (see its schema). */
export interface CertificateTemplate {
  readonly version: 1;
  readonly name: string;
  readonly description?: string;
  readonly page: { readonly size: 'A4' | 'LETTER'; readonly orientation: 'landscape' | 'portrait' };
  readonly colors: { readonly primary: string; readonly text: string; readonly muted: string };
  readonly background: {
    readonly color: ColorRef;
    readonly image?: ImageBox;
    readonly border?: Frame;
    readonly innerBorder?: Frame;
    readonly rules?: readonly {
      readonly x: number;
      readonly y: number;
      readonly width: number;
      readonly thickness: number;
      readonly color: ColorRef;
    }[];
  };
  readonly logo: {
    readonly file?: string;
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
    readonly fallback: TextBox;
  };
  readonly fields: readonly PlacedField[];
  readonly signature?: ImageBox & {
    readonly lineColor?: ColorRef;
    readonly caption?: {
      readonly text: string;
      readonly font: StandardFont;
      readonly size: number;
      readonly color: ColorRef;
    };
  };
  readonly qr: { readonly x: number; readonly y: number; readonly size: number; readonly color?: ColorRef };
  /** The template's folder, against which its image files resolve (added by the loader). */
  readonly dir: string;
}

const TEMPLATES_DIR = fileURLToPath(new URL('../../credential-templates/', import.meta.url));
const TEMPLATE_NAME = /^[a-z0-9][a-z0-9-]*$/;
const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;
// PDF points, portrait; pdfkit's own table (js/pdfkit.node.mjs, SIZES) has the same values.
const PAGE_SIZES = { A4: [595.28, 841.89], LETTER: [612, 792] } as const;
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const QUIET_ZONE_MODULES = 4; // ISO/IEC 18004 §6.3.8
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

type Doc = PDFKit.PDFDocument;

let validateLayout: ValidateFunction | undefined;
const templates = new Map<string, CertificateTemplate>();

function layoutValidator(): ValidateFunction {
  if (!validateLayout) {
    const schema = JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, 'template.schema.json'), 'utf8'));
    validateLayout = new Ajv({ allErrors: true, strict: true }).compile(schema);
  }
  return validateLayout;
}

function describeError(error: ErrorObject): string {
  const at = error.instancePath || '';
  if (error.keyword === 'required')
    return `${at}/${(error.params as { missingProperty: string }).missingProperty} is required`;
  if (error.keyword === 'additionalProperties')
    return `${at}/${(error.params as { additionalProperty: string }).additionalProperty} is not an allowed property`;
  if (error.keyword === 'enum')
    return `${at || '/'} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return `${at || '/'} ${error.message ?? 'is not valid'}`;
}

/** Problems a schema cannot see: boxes off the page, image files that are not there. */
function layoutProblems(layout: Omit<CertificateTemplate, 'dir'>, dir: string): string[] {
  const [width, height] = pageSize(layout.page);
  const problems: string[] = [];
  const within = (at: string, box: { x: number; y: number; width?: number; height?: number }) => {
    if (box.x + (box.width ?? 0) > width + 0.01)
      problems.push(`${at} runs past the page's right edge (x + width > ${width})`);
    if (box.y + (box.height ?? 0) > height + 0.01)
      problems.push(`${at} runs past the page's bottom edge (y + height > ${height})`);
  };
  const exists = (at: string, file: string | undefined) => {
    if (file !== undefined && !fs.existsSync(path.join(dir, file)))
      problems.push(`${at} names a file that is not in ${dir}`);
  };
  within('/logo', layout.logo);
  within('/logo/fallback', layout.logo.fallback);
  exists('/logo/file', layout.logo.file);
  for (const [i, field] of layout.fields.entries()) within(`/fields/${i}`, field);
  if (layout.background.image) {
    within('/background/image', layout.background.image);
    exists('/background/image/file', layout.background.image.file);
  }
  for (const [i, rule] of (layout.background.rules ?? []).entries()) within(`/background/rules/${i}`, rule);
  if (layout.signature) {
    within('/signature', layout.signature);
    exists('/signature/file', layout.signature.file);
  }
  within('/qr', { ...layout.qr, width: layout.qr.size, height: layout.qr.size });
  return problems;
}

/**
 * Reads `<dir>/<name>/certificate.json`, checks it against `credential-templates/template.schema.json`
 * and against the page, and caches it per path. An invalid layout throws, naming the JSON path at fault.
 */
export function loadCertificateTemplate(name: string, dir: string = TEMPLATES_DIR): CertificateTemplate {
  if (!TEMPLATE_NAME.test(name)) throw new Error(`certificate template name "${name}" is not a folder name`);
  const folder = path.resolve(dir, name);
  const file = path.join(folder, 'certificate.json');
  const cached = templates.get(file);
  if (cached) return cached;
  let layout: unknown;
  try {
    layout = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`certificate template ${file} could not be read: ${(error as Error).message}`);
  }
  const validate = layoutValidator();
  if (!validate(layout)) {
    const errors = (validate.errors ?? []).filter((error) => error.keyword !== 'if');
    throw new Error(
      `certificate template ${file} is invalid: ${errors.slice(0, 5).map(describeError).join('; ')}`,
    );
  }
  const problems = layoutProblems(layout as Omit<CertificateTemplate, 'dir'>, folder);
  if (problems.length > 0) throw new Error(`certificate template ${file} is invalid: ${problems.join('; ')}`);
  const template = deepFreeze({ ...(layout as Omit<CertificateTemplate, 'dir'>), dir: folder });
  templates.set(file, template);
  return template;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function pageSize(page: CertificateTemplate['page']): [number, number] {
  const [short, long] = PAGE_SIZES[page.size];
  return page.orientation === 'landscape' ? [long, short] : [short, long];
}

/**
 * An image ready to embed: pdfkit decodes a PNG with transparency, splits off its alpha channel and
 * deflates both on every document (milliseconds per image); done once here, a render only writes the
 * two streams. Other images (opaque PNGs, which pdfkit embeds without decoding, JPEGs) keep their bytes.
 */
type PreparedImage =
  | {
      readonly kind: 'split';
      readonly width: number;
      readonly height: number;
      readonly colorSpace: 'DeviceRGB' | 'DeviceGray';
      readonly colour: Buffer;
      readonly alpha: Buffer;
    }
  | { readonly kind: 'bytes'; readonly bytes: Buffer };

const images = new Map<string, { mtimeMs: number; size: number; image: PreparedImage }>();

/** An image file, prepared once and again only when the file changes (a tenant may replace its logo). */
function preparedImage(file: string): PreparedImage {
  const stat = fs.statSync(file);
  const hit = images.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.image;
  const bytes = fs.readFileSync(file);
  const image = splitPngAlpha(bytes) ?? { kind: 'bytes', bytes };
  images.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, image });
  return image;
}

/** Colour and alpha planes (deflated) of an 8-bit, non-interlaced grey+alpha or RGBA PNG; else undefined. */
function splitPngAlpha(bytes: Buffer): PreparedImage | undefined {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  const chunks = readPngChunks(bytes);
  const header = chunks[0]!.data;
  const [width, height] = [header.readUInt32BE(0), header.readUInt32BE(4)];
  const [bitDepth, colourType, interlace] = [header[8], header[9], header[12]];
  if (bitDepth !== 8 || interlace !== 0 || (colourType !== 4 && colourType !== 6)) return undefined;
  const channels = colourType === 6 ? 4 : 2;
  const idat = Buffer.concat(chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data));
  const pixels = unfilterScanlines(zlib.inflateSync(idat), width, height, channels);
  const colour = new Uint8Array(width * height * (channels - 1));
  const alpha = new Uint8Array(width * height);
  for (let i = 0, c = 0; i < width * height; i++) {
    for (let k = 0; k < channels - 1; k++) colour[c++] = pixels[i * channels + k]!;
    alpha[i] = pixels[i * channels + channels - 1]!;
  }
  return {
    kind: 'split',
    width,
    height,
    colorSpace: channels === 4 ? 'DeviceRGB' : 'DeviceGray',
    colour: zlib.deflateSync(colour),
    alpha: zlib.deflateSync(alpha),
  };
}

/** Reverses PNG's per-scanline filters (PNG spec §9: None, Sub, Up, Average, Paeth) for 8-bit samples. */
function unfilterScanlines(data: Buffer, width: number, height: number, bytesPerPixel: number): Uint8Array {
  const stride = width * bytesPerPixel;
  const out = new Uint8Array(stride * height);
  for (let y = 0, at = 0; y < height; y++) {
    const filter = data[at++];
    const row = y * stride;
    for (let x = 0; x < stride; x++, at++) {
      const a = x >= bytesPerPixel ? out[row + x - bytesPerPixel]! : 0;
      const b = y > 0 ? out[row - stride + x]! : 0;
      const c = x >= bytesPerPixel && y > 0 ? out[row - stride + x - bytesPerPixel]! : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[row + x] = (data[at]! + predictor) & 0xff;
    }
  }
  return out;
}

/**
 * What pdfkit's `doc.image` accepts besides bytes: an opened image (as `doc.openImage` returns) that
 * embeds itself on first use. This one writes the prepared planes as an image XObject with a soft mask.
 */
interface EmbeddableImage {
  readonly width: number;
  readonly height: number;
  readonly label: string;
  obj: PDFKit.PDFKitReference | null;
  embed(doc: Doc): void;
}

function embeddable(image: Extract<PreparedImage, { kind: 'split' }>, label: string): EmbeddableImage {
  return {
    width: image.width,
    height: image.height,
    label,
    obj: null,
    embed(doc) {
      const common = { Type: 'XObject', Subtype: 'Image', Width: image.width, Height: image.height };
      const mask = doc.ref({
        ...common,
        BitsPerComponent: 8,
        Filter: 'FlateDecode',
        ColorSpace: 'DeviceGray',
      });
      mask.end(image.alpha);
      const obj = doc.ref({
        ...common,
        BitsPerComponent: 8,
        Filter: 'FlateDecode',
        ColorSpace: image.colorSpace,
        SMask: mask,
      });
      obj.end(image.colour);
      this.obj = obj;
    },
  };
}

/** "22 November 2026": UTC, English month names, independent of the process locale. */
export function formatCertificateDate(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new Error('certificate date is not a valid date');
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

// The standard fonts are encoded with WinAnsiEncoding: Latin-1 plus these code points in 0x80–0x9F.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
// Letters that have no decomposition to a base letter but a conventional ASCII/Latin-1 stand-in.
const STAND_INS: Record<string, string> = {
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ħ: 'h',
  Ħ: 'H',
  ı: 'i',
  ŋ: 'ng',
  Ŋ: 'NG',
  ő: 'ö',
  Ő: 'Ö',
  ű: 'ü',
  Ű: 'Ü',
};

function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char);
}

/**
 * Text the standard fonts can show. pdfkit writes each character's code as a byte of WinAnsiEncoding,
 * so a character outside it would print as garbage; instead it is transliterated: known stand-ins
 * (ł→l, ő→ö), else its decomposition without accents (ș→s, ğ→g, ﬁ→fi), else "?" (CJK, emoji…).
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (isWinAnsi(char)) out += char;
    else if (/\s/.test(char)) out += ' ';
    else if (STAND_INS[char]) out += STAND_INS[char];
    else {
      const base = char.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base !== '' && [...base].every(isWinAnsi) ? base : '?';
    }
  }
  return out;
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

/** The largest size (in quarter points, from box.size down to minSize) at which the text fits; else cut. */
function fitText(doc: Doc, text: string, box: TextBox): { text: string; size: number } {
  const spacing = box.characterSpacing ?? 0;
  const widthAt = (candidate: string, size: number) =>
    doc.fontSize(size).widthOfString(candidate, { characterSpacing: spacing });
  const minSize = Math.min(box.minSize ?? Math.min(box.size, 6), box.size);
  const natural = widthAt(text, box.size);
  if (natural <= box.width) return { text, size: box.size };
  // Width grows linearly with size (spacing aside): start from the proportional guess, then step down.
  let size = Math.max(minSize, Math.floor(((box.size * box.width) / natural) * 4) / 4);
  while (size > minSize && widthAt(text, size) > box.width) size = Math.max(minSize, size - 0.25);
  if (widthAt(text, size) <= box.width) return { text, size };
  let keep = text.length;
  while (keep > 0 && widthAt(`${text.slice(0, keep).trimEnd()}…`, size) > box.width) keep--;
  return { text: `${text.slice(0, keep).trimEnd()}…`, size };
}

function drawText(doc: Doc, raw: string, box: TextBox, color: string): void {
  const text = toWinAnsi(raw);
  if (text === '') return;
  doc.font(box.font);
  const fitted = fitText(doc, text, box);
  const spacing = box.characterSpacing ?? 0;
  const width = doc.fontSize(fitted.size).widthOfString(fitted.text, { characterSpacing: spacing });
  const free = box.width - width;
  const x = box.x + (box.align === 'center' ? free / 2 : box.align === 'right' ? free : 0);
  doc.fillColor(color).text(fitted.text, x, box.y, {
    lineBreak: false,
    baseline: 'alphabetic',
    characterSpacing: spacing,
  });
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

function drawImage(doc: Doc, file: string, box: Omit<ImageBox, 'file'>, label: string): void {
  const image = preparedImage(file);
  const source = image.kind === 'split' ? (embeddable(image, label) as unknown as Buffer) : image.bytes;
  doc.image(source, box.x, box.y, { fit: [box.width, box.height], align: 'center', valign: 'center' });
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
