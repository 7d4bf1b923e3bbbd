/**
 * pdfkit builds a standard font's metrics (its glyph widths and a few thousand kerning pairs) afresh for every
 * document that uses the font: about half the CPU of drawing a certificate, which uses four of them. The
 * metrics never change, so documents share them here. Each document still gets its own font object, with the id
 * pdfkit would give it (in the order the document first uses the font) and its own dictionary; only the
 * read-only metrics are shared, so the bytes are those pdfkit draws on its own (certificate-pdf.test.ts holds
 * them). Should pdfkit's fonts ever look otherwise than expected, documents go pdfkit's own way.
 */
import PDFDocument from 'pdfkit';

const STANDARD_FONTS = new Set([
  'Courier',
  'Courier-Bold',
  'Courier-BoldOblique',
  'Courier-Oblique',
  'Helvetica',
  'Helvetica-Bold',
  'Helvetica-BoldOblique',
  'Helvetica-Oblique',
  'Symbol',
  'Times-Bold',
  'Times-BoldItalic',
  'Times-Italic',
  'Times-Roman',
  'ZapfDingbats',
]);

/**
 * A standard font object as pdfkit builds it: its document and id, its name, the metrics (`font`) and the numbers
 * its constructor copies from them.
 */
interface StandardFontObject {
  document: unknown;
  id: string;
  name: string;
  font: object;
  bbox: number[];
}

/** The font state of a pdfkit document (its fonts mixin's fields). */
interface FontState {
  _fontFamilies: Record<string, unknown>;
  _registeredFonts: Record<string, unknown>;
  _fontCount: number;
  _font: unknown;
  _fontSource: unknown;
  _fontFamily: unknown;
  fontSize(size: number): unknown;
}

type FontMethod = (this: FontState, src: unknown, family?: unknown, size?: unknown) => unknown;

/** A font of each standard name as pdfkit built it once, or null when it does not look as expected. */
const built = new Map<string, StandardFontObject | null>();

function builtOnce(name: string, pdfkitFont: FontMethod): StandardFontObject | null {
  let found = built.get(name);
  if (found === undefined) {
    // A document without a default font, given this one the way pdfkit gives it.
    const scratch = new PDFDocument({ font: null as unknown as string }) as unknown as FontState;
    pdfkitFont.call(scratch, name);
    const font = scratch._font as Partial<StandardFontObject> | null;
    const expected =
      font?.constructor?.name === 'StandardFont' &&
      font.name === name &&
      typeof font.font === 'object' &&
      Array.isArray(font.bbox) &&
      // Nothing of a document's own yet (its dictionary comes with its first use), so copying it shares nothing.
      !('dictionary' in font);
    found = expected ? (font as StandardFontObject) : null;
    built.set(name, found);
  }
  return found;
}

let installed = false;

/** Makes every pdfkit document of this process share the standard fonts' metrics (once; later calls do nothing). */
export function shareStandardFontMetrics(): void {
  if (installed) return;
  installed = true;
  const proto = PDFDocument.prototype as unknown as { font: FontMethod };
  const pdfkitFont = proto.font;
  proto.font = function font(this: FontState, src, family, size) {
    // Only a plain standard name this document has not used yet (a family name, a registered font, or a font
    // file goes pdfkit's way, as does a font already used, which pdfkit finds itself).
    const plain =
      typeof src === 'string' && (family === undefined || family === null || typeof family === 'number');
    if (!plain || !STANDARD_FONTS.has(src) || this._registeredFonts[src] || this._fontFamilies[src])
      return pdfkitFont.call(this, src, family, size);
    const shared = builtOnce(src, pdfkitFont);
    if (!shared) return pdfkitFont.call(this, src, family, size);
    // What pdfkit's own `font` does for a standard font it has not used yet, with the metrics shared.
    this._fontSource = src;
    this._fontFamily = typeof family === 'number' ? null : family;
    const points = typeof family === 'number' ? family : size;
    if (points !== undefined && points !== null) this.fontSize(points as number);
    // The same fields as the font built once, but this document's own, under the id pdfkit gives it next.
    const own: StandardFontObject = Object.assign(Object.create(Object.getPrototypeOf(shared)), shared, {
      document: this,
      id: `F${++this._fontCount}`,
    });
    this._font = own;
    this._fontFamilies[src] = own;
    return this;
  };
}
