import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

// A certificate layout is data (credential-templates/<name>/certificate.json): this module reads one, checks
// it against the JSON Schema and against its page, and hands certificate-pdf.ts a frozen, trusted layout.

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
// PDF points, portrait; pdfkit's own table (js/pdfkit.node.mjs, SIZES) has the same values.
const PAGE_SIZES = { A4: [595.28, 841.89], LETTER: [612, 792] } as const;

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

/** The page in PDF points as [width, height], turned for landscape. */
export function pageSize(page: CertificateTemplate['page']): [number, number] {
  const [short, long] = PAGE_SIZES[page.size];
  return page.orientation === 'landscape' ? [long, short] : [short, long];
}
