import type { TextBox } from './certificate-template.js';

// Text on a certificate: what the PDF standard fonts can show, and fitting one line into its box.

type Doc = PDFKit.PDFDocument;

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

/** Draws one line of text in its box: transliterated, fitted, then aligned on the baseline. */
export function drawText(doc: Doc, raw: string, box: TextBox, color: string): void {
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
