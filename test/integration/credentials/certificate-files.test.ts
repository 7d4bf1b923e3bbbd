import { createHash } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { extractFromPng, extractFromSvg } from '../../../server/adapters/badge-baking.js';
import type { TenantRow } from '../../../server/persistence/repositories/tenants.js';
import { createTestContext, TEST_ORIGIN, type TestContext } from '../../support/context.js';
import { makeCertification } from '../../support/credentials.js';
import { makeTenant, makeUser, tokenFor } from '../../support/factories.js';
import { decodeQrCodes, pdfText, pdfToPng } from '../../support/pdf-tools.js';

/** Reads a binary response body into a Buffer (supertest leaves PDFs and JWTs as text otherwise). */
function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('certificate files: the PDF, its QR code and the baked badge', () => {
  let ctx: TestContext;
  let tenant: TenantRow;
  let token: string;
  let credential: { id: string; certificateId: string; pdfSha256: string; verificationUrl: string };

  before(async () => {
    ctx = await createTestContext();
    tenant = await makeTenant(ctx.deps, { name: 'Northwind Partner Academy' });
    token = tokenFor(ctx.deps, tenant, await makeUser(ctx.deps, tenant, { roles: ['admin'] }));
    const certification = await makeCertification(ctx.deps, tenant, {
      code: 'NW-SEC',
      title: 'Network Security Specialist',
    });
    const issued = await request(ctx.app)
      .post('/api/v1/credentials')
      .set('Authorization', `Bearer ${token}`)
      .send({
        certificationId: certification.id,
        holderName: 'Dorothy Vaughan',
        holderEmail: 'dorothy@example.test',
        issuedOn: '2026-03-14',
      })
      .expect(201);
    credential = issued.body.credential;
  });
  after(() => ctx.close());

  const download = (file: string) =>
    request(ctx.app)
      .get(`/api/v1/credentials/${credential.id}/${file}`)
      .set('Authorization', `Bearer ${token}`)
      .buffer(true)
      .parse(binary);

  it('renders the same PDF bytes on every download, matching the hash recorded at issuance', async () => {
    const first = await download('certificate.pdf');
    const second = await download('certificate.pdf');
    expect(first.status).to.equal(200);
    expect(first.headers['content-type']).to.match(/^application\/pdf/);
    expect(first.headers['content-disposition']).to.equal(
      `attachment; filename="${credential.certificateId}.pdf"`,
    );
    const bytes = first.body as Buffer;
    expect(bytes.subarray(0, 5).toString()).to.equal('%PDF-');
    expect(Buffer.compare(bytes, second.body as Buffer)).to.equal(0);
    expect(createHash('sha256').update(bytes).digest('hex')).to.equal(credential.pdfSha256);
    const text = await pdfText(bytes);
    for (const shown of [
      'Dorothy Vaughan',
      'Network Security Specialist',
      'Northwind Partner Academy',
      credential.certificateId,
      '14 March 2026',
      '14 March 2028',
    ]) {
      expect(text, shown).to.include(shown);
    }
  });

  it('prints a QR code that opens the verification page, which says the credential is valid', async function () {
    this.timeout(60_000);
    const pdf = (await download('certificate.pdf')).body as Buffer;
    const codes = await decodeQrCodes(await pdfToPng(pdf));
    expect(codes).to.deep.equal([`${TEST_ORIGIN}/verify/${credential.certificateId}`]);
    const url = new URL(codes[0] as string);
    const page = await request(ctx.app).get(url.pathname);
    expect(page.status).to.equal(200);
    expect(page.headers['content-type']).to.match(/^text\/html/);
    expect(page.text).to.include('Valid until');
    expect(page.text).to.include('Dorothy Vaughan');
    expect(page.text).not.to.match(/<script/i);
  });

  it('bakes the signed credential into the badge, as SVG and as PNG', async () => {
    const badge = await download('badge.svg');
    const jwt = await download('credential.jwt');
    expect(badge.headers['content-type']).to.match(/^image\/svg\+xml/);
    const svg = (badge.body as Buffer).toString('utf8');
    expect(svg).to.include('xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"');
    expect(extractFromSvg(svg)).to.equal((jwt.body as Buffer).toString('utf8'));
    const png = await download('badge.png');
    expect(png.headers['content-type']).to.match(/^image\/png/);
    expect(extractFromPng(png.body as Buffer)).to.equal((jwt.body as Buffer).toString('utf8'));
  });
});
