import { expect } from 'chai';
import { type CertificateFields, renderCertificatePdf } from '../../../server/adapters/certificate-pdf.js';
import { renderCertificatePdfOffThread } from '../../../server/adapters/certificate-pdf-thread.js';
import { loadCertificateTemplate } from '../../../server/adapters/certificate-template.js';

const fields: CertificateFields = {
  holderName: 'Zoë Ångström',
  certificationTitle: 'Certified Cloud Practitioner',
  certificationCode: 'ACME-CCP-101',
  issuerName: 'Acme Cloud Academy',
  issuedOn: new Date('2026-11-22T09:00:00.000Z'),
  expiresOn: null,
  certificateId: 'ACME-7K3F-9Q2M-X4TB-QZ',
  verificationUrl: 'https://certamen.example/verify/ACME-7K3F-9Q2M-X4TB-QZ',
  brandColor: '#1d4ed8',
};

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
    const next = await renderCertificatePdfOffThread(template, fields);
    expect(next.equals(await renderCertificatePdf(template, fields))).to.equal(true);
  });
});
