import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { renderBadgePng } from '../../../server/adapters/badge-png.js';
import {
  type CertificateFields,
  formatCertificateDate,
  renderCertificatePdf,
} from '../../../server/adapters/certificate-pdf.js';
import { renderCertificatePdfOffThread } from '../../../server/adapters/certificate-pdf-thread.js';
import { loadCertificateTemplate } from '../../../server/adapters/certificate-template.js';
import { toWinAnsi } from '../../../server/adapters/certificate-text.js';
import { decodeQrCodes, pdfText, pdfToPng } from '../../support/pdf-tools.js';

const fields: CertificateFields = {
  holderName: 'Zoë Ångström',
  certificationTitle: 'Certified Cloud Practitioner',
  certificationCode: 'ACME-CCP-101',
  issuerName: 'Acme Cloud Academy',
  issuedOn: new Date('2026-11-22T09:00:00.000Z'),
  expiresOn: new Date('2029-11-22T00:00:00.000Z'),
  certificateId: 'ACME-7K3F-9Q2M-X4TB-QZ',
  verificationUrl: 'https://certamen.example/verify/ACME-7K3F-9Q2M-X4TB-QZ',
  brandColor: '#1d4ed8',
};

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** pdftotext's text with runs of spaces folded, so assertions do not depend on the layout's columns. */
const textOf = async (pdf: Buffer) => (await pdfText(pdf)).replace(/[ \t]+/g, ' ');

describe('certificate PDF rendering', () => {
  const template = loadCertificateTemplate('default');

  it('renders byte-identical PDFs for the same template and fields', async () => {
    const first = await renderCertificatePdf(template, fields);
    const second = await renderCertificatePdf(template, fields);
    expect(first.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    expect(second.equals(first)).to.equal(true);
    expect(sha256(second)).to.equal(sha256(first));
  });

  it('draws the bytes pdfkit draws on its own, so a stored certificate hash can be drawn again', async () => {
    // Hashes of these two certificates as pdfkit 0.20.2 drew them before documents shared the standard fonts'
    // metrics (pdfkit-shared-fonts.ts); a credential's pdfSha256 is checked against a certificate drawn anew.
    const plain = await renderCertificatePdf(template, fields);
    const noLogoNoExpiry = await renderCertificatePdf(template, {
      ...fields,
      holderName: 'Grace Brewster Murray Hopper',
      expiresOn: null,
      logoPath: null,
    });
    expect(sha256(plain)).to.equal('7e1b89bbec301718803414dae8677cba09a09d4bd8bf801e0e58bd9d5d506ece');
    expect(sha256(noLogoNoExpiry)).to.equal(
      'e69d14c6f315cfc36200b33405356f303b8ff06ee7ebaa6eaaf14ead7ba061c1',
    );
  });

  it('renders different bytes for another holder', async () => {
    const first = await renderCertificatePdf(template, fields);
    const other = await renderCertificatePdf(template, { ...fields, holderName: 'Ada Lovelace' });
    expect(sha256(other)).to.not.equal(sha256(first));
  });

  it('shows the holder, certification, issuer, dates and certificate ID as text', async () => {
    const text = await textOf(await renderCertificatePdf(template, fields));
    expect(text).to.include('Zoë Ångström');
    expect(text).to.include('Certified Cloud Practitioner');
    expect(text).to.include('ACME-CCP-101');
    expect(text).to.include('Acme Cloud Academy');
    expect(text).to.include('Issued on 22 November 2026');
    expect(text).to.include('Valid until 22 November 2029');
    expect(text).to.include('Certificate ID ACME-7K3F-9Q2M-X4TB-QZ');
    expect(text).to.include('Programme Director');
    expect(text.split('\f').filter((page) => page.trim() !== '')).to.have.length(1);
  });

  it('carries a QR code that decodes to exactly the verification URL', async () => {
    const png = await pdfToPng(await renderCertificatePdf(template, fields));
    expect(await decodeQrCodes(png)).to.deep.equal([fields.verificationUrl]);
  });

  it('says "No expiry" for a credential that does not expire', async () => {
    const text = await textOf(await renderCertificatePdf(template, { ...fields, expiresOn: null }));
    expect(text).to.include('No expiry');
    expect(text).to.not.include('Valid until');
  });

  it('shrinks a long name to fit its field, on one line of the one page', async () => {
    const holderName = 'Maximiliane Konstantina Alexandra von Hohenzollern-Sigmaringen';
    const text = await textOf(await renderCertificatePdf(template, { ...fields, holderName }));
    expect(text.split('\n').some((line) => line.trim() === holderName)).to.equal(true);
    expect(text.split('\f').filter((page) => page.trim() !== '')).to.have.length(1);
  });

  it('cuts a name too long even at the smallest size with an ellipsis', async () => {
    const holderName = 'Wolfeschlegelsteinhausenbergerdorff '.repeat(8).trim();
    const text = await textOf(await renderCertificatePdf(template, { ...fields, holderName }));
    const line = text.split('\n').find((candidate) => candidate.includes('Wolfeschlegel'));
    expect(line?.trim()).to.match(/^Wolfeschlegelsteinhausenbergerdorff .*…$/);
    expect(line!.trim().length).to.be.below(holderName.length);
  });

  it('transliterates letters the standard fonts lack instead of failing', async () => {
    const holderName = 'Łukasz Wrześniewski 李小龍';
    const text = await textOf(await renderCertificatePdf(template, { ...fields, holderName }));
    expect(text).to.include('Lukasz Wrzesniewski ???');
  });

  it("prints the issuer's name in the logo's place when the tenant has no logo", async () => {
    const withLogo = await textOf(await renderCertificatePdf(template, fields));
    const withoutLogo = await textOf(await renderCertificatePdf(template, { ...fields, logoPath: null }));
    expect(withLogo.match(/Acme Cloud Academy/g)).to.have.length(1);
    expect(withoutLogo.match(/Acme Cloud Academy/g)).to.have.length(2);
  });

  it("draws a tenant's own logo file instead of the template's", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certamen-logo-'));
    try {
      const logoPath = path.join(dir, 'logo.png');
      fs.writeFileSync(logoPath, renderBadgePng({ brandColor: '#b91c1c' }, 64));
      const tenant = await renderCertificatePdf(template, { ...fields, logoPath });
      const plain = await renderCertificatePdf(template, fields);
      expect(tenant.equals(plain)).to.equal(false);
      expect((await renderCertificatePdf(template, { ...fields, logoPath })).equals(tenant)).to.equal(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a brand colour that is not #rrggbb', async () => {
    const refused = await renderCertificatePdf(template, { ...fields, brandColor: 'blue' }).then(
      () => undefined,
      (error: Error) => error,
    );
    expect(refused?.message).to.match(/brand colour "blue"/);
  });
});

describe('certificate text helpers', () => {
  it('formats dates in UTC with English month names', () => {
    expect(formatCertificateDate(new Date('2026-11-22T09:00:00Z'))).to.equal('22 November 2026');
    // 23:30 in New York on the 22nd is already the 23rd in UTC.
    expect(formatCertificateDate(new Date('2026-11-22T23:30:00-05:00'))).to.equal('23 November 2026');
    expect(formatCertificateDate(new Date('2027-01-05T00:00:00Z'))).to.equal('5 January 2027');
  });

  it('keeps WinAnsi text and replaces or transliterates the rest', () => {
    expect(toWinAnsi('Zoë Ångström – “Œuvre” €')).to.equal('Zoë Ångström – “Œuvre” €');
    expect(toWinAnsi('Łódź Șerban Gülşen Erdős')).to.equal('Lódz Serban Gülsen Erdös');
    expect(toWinAnsi('李 😀\tx')).to.equal('? ? x');
  });
});

describe('certificate PDFs drawn on the renderer thread', function () {
  this.timeout(30_000);
  const template = loadCertificateTemplate('default');

  it('gives the same bytes as drawing on the calling thread, for certificates drawn at once', async () => {
    const holders = ['Ada Lovelace', 'Zoë Ångström', 'Grace Hopper'];
    const off = await Promise.all(
      holders.map((holderName) => renderCertificatePdfOffThread(template, { ...fields, holderName })),
    );
    for (const [i, holderName] of holders.entries()) {
      const here = await renderCertificatePdf(template, { ...fields, holderName });
      expect(off[i]?.equals(here), holderName).to.equal(true);
    }
  });

  it('refuses a certificate that cannot be drawn with the reason, and draws the next one', async () => {
    let refusal: unknown;
    await renderCertificatePdfOffThread(template, { ...fields, brandColor: 'red' }).catch((error) => {
      refusal = error;
    });
    expect(String(refusal)).to.match(/brand colour "red" is not #rrggbb/);
    const next = await renderCertificatePdfOffThread(template, { ...fields, expiresOn: null });
    expect(next.equals(await renderCertificatePdf(template, { ...fields, expiresOn: null }))).to.equal(true);
  });
});

describe('certificate templates', () => {
  let dir: string;
  const defaultFolder = loadCertificateTemplate('default').dir;

  /** A copy of the default template under a new name, with its layout changed by `edit`. */
  function variant(
    name: string,
    edit: (layout: Record<string, unknown> & { fields: Record<string, unknown>[] }) => void,
  ) {
    fs.cpSync(defaultFolder, path.join(dir, name), { recursive: true });
    const file = path.join(dir, name, 'certificate.json');
    const layout = JSON.parse(fs.readFileSync(file, 'utf8'));
    edit(layout);
    fs.writeFileSync(file, JSON.stringify(layout));
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'certamen-templates-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads the default template: valid, versioned, and cached per path', () => {
    const template = loadCertificateTemplate('default');
    expect(template).to.include({ version: 1, name: 'default' });
    expect(template.page).to.deep.equal({ size: 'A4', orientation: 'landscape' });
    expect(loadCertificateTemplate('default')).to.equal(template);
    expect(Object.isFrozen(template.fields[0])).to.equal(true);
  });

  it('loads a valid copy from another folder', () => {
    variant('copy', () => {});
    expect(loadCertificateTemplate('copy', dir).fields).to.deep.equal(
      loadCertificateTemplate('default').fields,
    );
  });

  it('refuses a field with an unknown `field`, naming its path', () => {
    variant('unknown-field', (layout) => {
      layout.fields[2]!.field = 'nickname';
    });
    expect(() => loadCertificateTemplate('unknown-field', dir)).to.throw(/\/fields\/2\/field must be one of/);
  });

  it('refuses a field without x, naming its path', () => {
    variant('no-x', (layout) => {
      delete layout.fields[0]!.x;
    });
    expect(() => loadCertificateTemplate('no-x', dir)).to.throw(/\/fields\/0\/x is required/);
  });

  it('refuses a static field without text and an unknown property', () => {
    variant('static', (layout) => {
      delete layout.fields[0]!.text;
      layout.fields[1]!.colour = 'red';
    });
    expect(() => loadCertificateTemplate('static', dir)).to.throw(/\/fields\/0\/text is required/);
    expect(() => loadCertificateTemplate('static', dir)).to.throw(
      /\/fields\/1\/colour is not an allowed property/,
    );
  });

  it('refuses a box that runs off the page and an image that is not there', () => {
    variant('off-page', (layout) => {
      layout.fields[3]!.x = 700;
      (layout.signature as Record<string, unknown>).file = 'missing.png';
    });
    expect(() => loadCertificateTemplate('off-page', dir)).to.throw(
      /\/fields\/3 runs past the page's right edge/,
    );
    expect(() => loadCertificateTemplate('off-page', dir)).to.throw(/\/signature\/file names a file/);
  });

  it('refuses a template name that is not a folder name', () => {
    expect(() => loadCertificateTemplate('../default', dir)).to.throw(/not a folder name/);
  });
});
