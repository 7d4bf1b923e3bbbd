import fs from 'node:fs';
import { expect } from 'chai';
import PDFDocument from 'pdfkit';
import {
  MAX_CERTIFICATION_TITLE_CHARS,
  MAX_HOLDER_NAME_CHARS,
} from '../../../server/domain/credentials/name-limits.js';

interface Box {
  field: string;
  width: number;
  font: string;
  size: number;
  minSize?: number;
  characterSpacing?: number;
}

const template = JSON.parse(fs.readFileSync('credential-templates/default/certificate.json', 'utf8')) as {
  fields: Box[];
};
const boxOf = (field: string) => template.fields.find((box) => box.field === field)!;

/** Whether `text` fits its box at the smallest size the renderer shrinks to (beyond it, it cuts with "…"). */
function fitsAtMinimum(box: Box, text: string): boolean {
  const doc = new PDFDocument();
  doc.font(box.font).fontSize(box.minSize ?? box.size);
  return doc.widthOfString(text, { characterSpacing: box.characterSpacing ?? 0 }) <= box.width;
}

describe('name and title limits match the default certificate', () => {
  it(`prints a holder name of ${MAX_HOLDER_NAME_CHARS} characters whole`, () => {
    const name = 'Maria Fernanda de los Angeles Gonzalez-Montenegro Wolfeschlegelsteinhausenberger';
    expect(fitsAtMinimum(boxOf('holderName'), name.slice(0, MAX_HOLDER_NAME_CHARS))).to.equal(true);
    // The 400-character name that once overflowed would be cut.
    expect(fitsAtMinimum(boxOf('holderName'), name.repeat(5))).to.equal(false);
  });

  it(`prints a certification title of ${MAX_CERTIFICATION_TITLE_CHARS} characters whole`, () => {
    const title =
      'Certified Cloud Security Architecture Professional: Advanced Infrastructure Design and Operations Programme';
    const long = `${title} ${title}`.slice(0, MAX_CERTIFICATION_TITLE_CHARS);
    expect(fitsAtMinimum(boxOf('certificationTitle'), long)).to.equal(true);
  });
});
