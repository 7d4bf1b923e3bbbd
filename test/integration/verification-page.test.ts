import { randomUUID } from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import { expect } from 'chai';
import express, { type Express, type RequestHandler } from 'express';
import request from 'supertest';
import { bakePng, PNG_CREDENTIAL_KEYWORD } from '../../server/adapters/badge-baking.js';
import { renderBadgePng } from '../../server/adapters/badge-png.js';
import { readPngChunks, writePngChunks } from '../../server/adapters/png.js';
import { changeCredentialStanding } from '../../server/app/credentials/change-credential-standing.js';
import { credentialFile } from '../../server/app/credentials/credential-queries.js';
import type { CredentialView } from '../../server/app/credentials/credential-view.js';
import { importCredentialHolders } from '../../server/app/credentials/import-credential-holders.js';
import type { AppDeps } from '../../server/app/deps.js';
import { DomainError } from '../../server/domain/errors.js';
import { errorHandler } from '../../server/http/middleware/errors.js';
import { verificationPages } from '../../server/http/verification-pages.js';
import { type TenantRow, updateTenant } from '../../server/persistence/repositories/tenants.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { issueTestCredential, makeCertification } from '../support/credentials.js';
import { makeTenant } from '../support/factories.js';
import { FakeClock } from '../support/fake-clock.js';

const passThrough: RequestHandler = (_req, _res, next) => next();

/** The pages mounted as app.ts mounts them: the same app settings, the router, then the error handler. */
function pagesApp(deps: AppDeps, rateLimiter: RequestHandler = passThrough): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(verificationPages({ ...deps, rateLimiter }));
  app.use(errorHandler);
  return app;
}

/** The text a reader sees: tags dropped, entities decoded, white space collapsed. */
function textOf(page: string): string {
  return page
    .replace(/<style>[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** The same ID with its check character changed: a single-character typo the check always catches. */
const withWrongCheck = (id: string) => id.slice(0, -1) + (id.endsWith('0') ? '1' : '0');

describe('public verification pages (HTML, no script)', () => {
  // 22 November 2026, 09:00 UTC.
  const clock = new FakeClock();
  let ctx: TestContext;
  let app: Express;
  let tenant: TenantRow;
  let certification: Awaited<ReturnType<typeof makeCertification>>;

  before(async () => {
    ctx = await createTestContext({ clock });
    app = pagesApp(ctx.deps);
    tenant = await makeTenant(ctx.deps, { name: 'Acme Cloud Academy' });
    certification = await makeCertification(ctx.deps, tenant, {
      code: 'ACP-A',
      title: 'Cloud Practitioner',
      validityMonths: 24,
    });
  });
  after(() => ctx.close());

  const issue = (name = 'Ada Lovelace', t: TenantRow = tenant, issuedAt?: Date) =>
    issueTestCredential(ctx.deps, t, certification, { name, ...(issuedAt ? { issuedAt } : {}) });

  const actorFor = (t: TenantRow) => ({
    userId: randomUUID(),
    tenantId: t.id,
    tenantSlug: t.slug,
    roles: ['admin' as const],
  });

  async function fileOf(c: CredentialView, kind: 'signed' | 'badge'): Promise<string> {
    return String((await credentialFile(ctx.deps, actorFor(tenant), c.id, kind)).body);
  }

  describe('looking up a certificate ID', () => {
    it('shows a valid credential: Valid until the expiry, holder, certification, issuer, dates', async () => {
      const c = await issue();
      const res = await request(app).get(`/verify/${c.certificateId}`).expect(200);
      expect(res.headers['content-type']).to.match(/^text\/html; charset=utf-8/);
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(res.headers['x-robots-tag']).to.equal('noindex');
      const text = textOf(res.text);
      expect(text).to.contain('Valid until 22 November 2028');
      expect(text).to.contain('Holder Ada Lovelace');
      expect(text).to.contain('Cloud Practitioner (ACP-A)');
      expect(text).to.contain('Issuer Acme Cloud Academy');
      expect(text).to.contain('Issued 22 November 2026');
      expect(text).to.contain(`Certificate ID ${c.certificateId}`);
      expect(res.text).to.contain(`href="http://localhost:3000/verify/${c.certificateId}/credential.jwt"`);
      expect(res.text).to.not.contain('<script');
    });

    it('sends a typed ID in lower case, with spaces or without dashes to the canonical URL', async () => {
      const c = await issue();
      const bare = c.certificateId.replace(/-/g, '');
      const spaced = c.certificateId.toLowerCase().replace(/-/g, ' ');
      for (const typed of [c.certificateId.toLowerCase(), bare, ` ${spaced} `]) {
        const res = await request(app).get('/verify').query({ id: typed }).expect(303);
        expect(res.headers.location, typed).to.equal(`/verify/${c.certificateId}`);
      }
      for (const typed of [c.certificateId.toLowerCase(), bare]) {
        const res = await request(app)
          .get(`/verify/${encodeURIComponent(typed)}`)
          .expect(301);
        expect(res.headers.location).to.equal(`/verify/${c.certificateId}`);
      }
      const landed = await request(app)
        .get(`/verify/${encodeURIComponent(spaced)}`)
        .redirects(1)
        .expect(200);
      expect(textOf(landed.text)).to.contain('Valid until 22 November 2028');
    });

    it('sends any other typed text to its own page, URL-encoded, where it is not found', async () => {
      const res = await request(app).get('/verify').query({ id: ' no such/id ' }).expect(303);
      expect(res.headers.location).to.equal('/verify/no%20such%2Fid');
      const page = await request(app)
        .get(res.headers.location as string)
        .expect(404);
      expect(textOf(page.text)).to.contain('You typed no such/id');
    });

    it('serves the empty form at /verify and asks for an ID when none was typed', async () => {
      const form = await request(app).get('/verify').expect(200);
      expect(form.text).to.contain('<label for="certificate-id">Certificate ID</label>');
      expect(form.headers['x-robots-tag']).to.equal(undefined);
      const empty = await request(app).get('/verify').query({ id: '  ' }).expect(400);
      expect(textOf(empty.text)).to.contain('Type a certificate ID to check.');
    });

    it('answers a wrong check character with 400 and no database lookup', async () => {
      const c = await issue();
      const res = await request(app)
        .get(`/verify/${withWrongCheck(c.certificateId)}`)
        .expect(400);
      expect(textOf(res.text)).to.contain('Check the ID: a character is wrong.');
      // Against a closed database a lookup fails; the mistyped ID still gets its page, so none was made.
      const gone = await createTestContext({ clock });
      await gone.close();
      const closed = pagesApp(gone.deps);
      const typo = await request(closed)
        .get(`/verify/${withWrongCheck(c.certificateId)}`)
        .expect(400);
      expect(textOf(typo.text)).to.contain('a character is wrong');
      await request(closed).get(`/verify/${c.certificateId}`).expect(500);
    });

    it('answers an unknown ID with 404 "No credential has this ID" and the ID as typed', async () => {
      const c = await issue();
      // A well-formed ID (right check character) under a prefix nobody uses.
      const unknown = `ZZ${c.certificateId.slice(c.certificateId.indexOf('-'))}`;
      const res = await request(app).get(`/verify/${unknown}`).expect(404);
      const text = textOf(res.text);
      expect(text).to.contain('Not found');
      expect(text).to.contain('No credential has this ID');
      expect(text).to.contain(`You typed ${unknown}`);
      expect(res.text).to.contain(`value="${unknown}"`);
    });

    it('shows Revoked with the date and the reason in words', async () => {
      const c = await issue();
      clock.advance(86_400_000);
      await changeCredentialStanding(ctx.deps, { tenantId: tenant.id, userId: null }, c.id, {
        change: 'revoke',
        reason: 'issued_in_error',
        note: 'private: wrong person',
      });
      clock.set('2026-11-22T09:00:00.000Z');
      const text = textOf((await request(app).get(`/verify/${c.certificateId}`).expect(200)).text);
      expect(text).to.contain('Revoked on 23 November 2026');
      expect(text).to.contain('Reason: issued in error');
      expect(text).to.not.contain('wrong person');
      expect(text).to.not.contain('Valid until');
    });

    it('shows Suspended', async () => {
      const c = await issue();
      await changeCredentialStanding(ctx.deps, { tenantId: tenant.id, userId: null }, c.id, {
        change: 'suspend',
        reason: 'investigation',
      });
      const text = textOf((await request(app).get(`/verify/${c.certificateId}`).expect(200)).text);
      expect(text).to.contain('Suspended');
      expect(text).to.contain('suspended this credential on 22 November 2026');
    });

    it('shows Expired on the date for a 24-month certification issued three years ago', async () => {
      const c = await issue('Ada Lovelace', tenant, new Date('2023-11-22T09:00:00.000Z'));
      const text = textOf((await request(app).get(`/verify/${c.certificateId}`).expect(200)).text);
      expect(text).to.contain('Expired on 22 November 2025');
    });

    it("shows initials or withholds the name as the tenant's privacy setting says", async () => {
      const initials = await makeTenant(ctx.deps, { settings: { verificationPrivacy: 'initials' } });
      const hidden = await makeTenant(ctx.deps, { settings: { verificationPrivacy: 'hidden' } });
      const cert = (t: TenantRow) => makeCertification(ctx.deps, t);
      const a = await issueTestCredential(ctx.deps, initials, await cert(initials), { name: 'Ada Lovelace' });
      const b = await issueTestCredential(ctx.deps, hidden, await cert(hidden), { name: 'Ada Lovelace' });
      const first = textOf((await request(app).get(`/verify/${a.certificateId}`).expect(200)).text);
      expect(first).to.contain('Holder A. L.');
      expect(first).to.not.contain('Lovelace');
      const second = textOf((await request(app).get(`/verify/${b.certificateId}`).expect(200)).text);
      expect(second).to.contain('Name withheld by the issuer');
      expect(second).to.not.contain('Ada');
    });

    it('finds a credential by the legacy ID printed on an imported certificate, and says so', async () => {
      const legacyId = `OLD-${randomUUID().slice(0, 8)}`;
      const csv = `name,email,certification,issued,expires,legacy id\nGrace Hopper,grace@example.test,ACP-A,2026-01-15,2028-01-15,${legacyId}\n`;
      const [imported] = (await importCredentialHolders(ctx.deps, { tenantId: tenant.id, userId: null }, csv))
        .holders;
      const res = await request(app).get('/verify').query({ id: legacyId }).redirects(1).expect(200);
      const text = textOf(res.text);
      expect(text).to.contain(`legacy ID ${legacyId}`);
      expect(text).to.contain(`Certificate ID ${imported?.certificateId}`);
      expect(text).to.contain('Valid until 15 January 2028');
    });

    it('renders markup in a holder name as text', async () => {
      const c = await issue('<script>alert(1)</script>');
      const res = await request(app).get(`/verify/${c.certificateId}`).expect(200);
      expect(res.text).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(res.text).to.not.contain('<script');
    });

    it("brands the page with the issuer's colour and logo", async () => {
      const branded = await makeTenant(ctx.deps, { name: 'Globex Partner Academy' });
      await updateTenant(ctx.deps.db, branded.id, {
        branding: { primaryColor: '#8a1538', logoUrl: 'https://cdn.example.test/globex.png' },
      });
      const c = await issueTestCredential(ctx.deps, branded, await makeCertification(ctx.deps, branded));
      const res = await request(app).get(`/verify/${c.certificateId}`).expect(200);
      expect(res.text).to.contain('--accent:#8a1538');
      expect(res.text).to.contain('<img src="https://cdn.example.test/globex.png" alt="">');
      expect(textOf(res.text)).to.contain('Globex Partner Academy Credential verification');
    });

    it("lets the app's CSP run these pages: inline style allowed, no script needed", async () => {
      const csp = String((await request(ctx.app).get('/healthz')).headers['content-security-policy']);
      expect(csp).to.match(/style-src [^;]*'unsafe-inline'/);
      expect(csp).to.match(/form-action 'self'/);
    });
  });

  describe('downloading the signed credential', () => {
    it('returns the stored VC-JWT as a .jwt attachment', async () => {
      const c = await issue();
      const jwt = await fileOf(c, 'signed');
      const res = await request(app)
        .get(`/verify/${c.certificateId}/credential.jwt`)
        .responseType('blob')
        .expect(200);
      expect(res.headers['content-type']).to.equal('application/jwt');
      expect(res.headers['content-disposition']).to.equal(`attachment; filename="${c.certificateId}.jwt"`);
      expect(res.headers['cache-control']).to.equal('no-store');
      expect(Buffer.from(res.body as Buffer).toString('utf8')).to.equal(jwt);
    });

    it('redirects a non-canonical ID and answers an unknown or mistyped one with a 404 page', async () => {
      const c = await issue();
      const res = await request(app)
        .get(`/verify/${c.certificateId.toLowerCase()}/credential.jwt`)
        .expect(301);
      expect(res.headers.location).to.equal(`/verify/${c.certificateId}/credential.jwt`);
      const missing = await request(app).get(`/verify/${withWrongCheck(c.certificateId)}/credential.jwt`);
      expect(missing.status).to.equal(404);
      expect(missing.headers['content-type']).to.match(/^text\/html/);
      await request(app).get('/verify/OLD-12345/credential.jwt').expect(404);
    });
  });

  describe('verifying a signed credential', () => {
    const post = () => request(app).post('/verify/credential');

    it('accepts a pasted VC-JWT, urlencoded or multipart, and says Valid', async () => {
      const c = await issue();
      const jwt = await fileOf(c, 'signed');
      const urlencoded = await post()
        .type('form')
        .send({ credential: `  ${jwt}\n` })
        .expect(200);
      const text = textOf(urlencoded.text);
      expect(text).to.contain('Valid signed credential');
      expect(text).to.contain('Signature : ✓ Passed');
      expect(text).to.contain('Read from the pasted text.');
      expect(text).to.contain('Cloud Practitioner (ACP-A)');
      expect(urlencoded.headers['cache-control']).to.equal('no-store');
      const multipart = await post().field('credential', jwt).expect(200);
      expect(textOf(multipart.text)).to.contain('Valid signed credential');
    });

    it('says Not valid with the signature reason for a tampered JWT', async () => {
      const c = await issue();
      const [header, payload, signature] = (await fileOf(c, 'signed')).split('.') as [string, string, string];
      const at = Math.floor(payload.length / 2);
      const flipped = payload.slice(0, at) + (payload[at] === 'A' ? 'B' : 'A') + payload.slice(at + 1);
      const res = await post()
        .type('form')
        .send({ credential: `${header}.${flipped}.${signature}` })
        .expect(200);
      const text = textOf(res.text);
      expect(text).to.contain('Not valid');
      expect(text).to.contain('Signature check failed');
      expect(text).to.not.contain('Valid signed credential');
    });

    it('reads the credential baked into an uploaded SVG badge', async () => {
      const c = await issue();
      const svg = await fileOf(c, 'badge');
      const res = await post()
        .attach('badge', Buffer.from(svg), { filename: 'badge.svg', contentType: 'image/svg+xml' })
        .expect(200);
      const text = textOf(res.text);
      expect(text).to.contain('Valid signed credential');
      expect(text).to.contain('Read from the badge image badge.svg');
      expect(text).to.contain('Holder Ada Lovelace');
    });

    it('reads the credential baked into an uploaded PNG badge', async () => {
      const c = await issue();
      const png = bakePng(renderBadgePng({ brandColor: '#123456' }), await fileOf(c, 'signed'));
      const res = await post()
        .field('credential', '')
        .attach('badge', png, { filename: 'badge.png', contentType: 'image/png' })
        .expect(200);
      expect(textOf(res.text)).to.contain('Valid signed credential');
    });

    it('says plainly when a badge carries no credential, or the file is no badge at all', async () => {
      const empty = await post()
        .attach('badge', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'plain.svg')
        .expect(400);
      expect(textOf(empty.text)).to.contain('No signed credential is baked into this badge image.');
      const unbakedPng = await post()
        .attach('badge', renderBadgePng({ brandColor: '#123456' }, 16), 'plain.png')
        .expect(400);
      expect(textOf(unbakedPng.text)).to.contain('No signed credential is baked into this badge image.');
      const laughs = `<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><svg>&b;</svg>`;
      const hostile = await post().attach('badge', Buffer.from(laughs), 'laughs.svg').expect(400);
      expect(textOf(hostile.text)).to.contain('declares XML entities');
      const notImage = await post().attach('badge', Buffer.from('hello'), 'notes.txt').expect(400);
      expect(textOf(notImage.text)).to.contain('neither an SVG nor a PNG');
    });

    it('refuses a PNG whose compressed credential would inflate beyond the limit', async () => {
      const chunks = readPngChunks(renderBadgePng({ brandColor: '#123456' }, 16));
      const bomb = Buffer.concat([
        Buffer.from(PNG_CREDENTIAL_KEYWORD, 'latin1'),
        Buffer.from([0, 1, 0, 0, 0]),
        zlib.deflateSync(Buffer.alloc(20 * 1024 * 1024, 0x41)),
      ]);
      const png = writePngChunks([...chunks.slice(0, -1), { type: 'iTXt', data: bomb }, chunks.at(-1)!]);
      expect(png.length).to.be.below(512 * 1024);
      const res = await post().attach('badge', png, 'bomb.png').expect(400);
      expect(textOf(res.text)).to.contain('too large to read');
    });

    it('asks for something to verify, and for only one thing', async () => {
      const c = await issue();
      const jwt = await fileOf(c, 'signed');
      const nothing = await post().type('form').send({ credential: ' ' }).expect(400);
      expect(textOf(nothing.text)).to.contain('Paste a signed credential or choose a badge image');
      // What a browser sends for an empty textarea and a file input left empty.
      const emptyForm = [
        '--b',
        'Content-Disposition: form-data; name="credential"',
        '',
        '',
        '--b',
        'Content-Disposition: form-data; name="badge"; filename=""',
        'Content-Type: application/octet-stream',
        '',
        '',
        '--b--',
        '',
      ].join('\r\n');
      const noFile = await post()
        .set('Content-Type', 'multipart/form-data; boundary=b')
        .send(emptyForm)
        .expect(400);
      expect(textOf(noFile.text)).to.contain('Paste a signed credential or choose a badge image');
      const both = await post()
        .field('credential', jwt)
        .attach('badge', Buffer.from(await fileOf(c, 'badge')), 'badge.svg')
        .expect(400);
      expect(textOf(both.text)).to.contain('not both');
    });

    it('answers 413 beyond 512 KB of badge or 600 KB of form, and 400 for a malformed body', async () => {
      const big = await post()
        .attach('badge', Buffer.alloc(550 * 1024, 0x20), 'big.svg')
        .expect(413);
      expect(textOf(big.text)).to.contain('larger than 512 KB');
      const huge = await post()
        .attach('badge', Buffer.alloc(700 * 1024, 0x20), 'huge.svg')
        .expect(413);
      expect(huge.headers['content-type']).to.match(/^text\/html/);
      expect(textOf(huge.text)).to.contain('larger than 600 KB');
      const malformed = await post()
        .set('Content-Type', 'multipart/form-data; boundary=xyz')
        .send('--xyz\r\nno headers here')
        .expect(400);
      expect(textOf(malformed.text)).to.contain('not well-formed');
      await post().set('Content-Type', 'multipart/form-data').send('--\r\n').expect(400);
      const unterminated = '--xyz\r\nContent-Disposition: form-data; name="credential"\r\n\r\nabc';
      await post().set('Content-Type', 'multipart/form-data; boundary=xyz').send(unterminated).expect(400);
      await post().set('Content-Type', 'application/json').send({ credential: 'x' }).expect(415);
    });

    it('parses a hand-written multipart body with a preamble and a quoted boundary', async () => {
      const c = await issue();
      const jwt = await fileOf(c, 'signed');
      const body = [
        'This is the preamble.',
        '--a b:c',
        'Content-Disposition: form-data; name="credential"',
        '',
        jwt,
        '--a b:c--',
        'epilogue',
      ].join('\r\n');
      const res = await post()
        .set('Content-Type', 'multipart/form-data; boundary="a b:c"')
        .send(body)
        .expect(200);
      expect(textOf(res.text)).to.contain('Valid signed credential');
    });

    it('holds multipart forms to their part, file and field limits with a clear page, never a 500', async () => {
      const c = await issue();
      const svg = Buffer.from(await fileOf(c, 'badge'));
      let many = post();
      for (let i = 0; i < 12; i++) many = many.field(`extra${i}`, 'x');
      const tooMany = await many.expect(400);
      expect(tooMany.headers['content-type']).to.match(/^text\/html/);
      expect(textOf(tooMany.text)).to.contain('too many fields');
      const twoBadges = await post().attach('badge', svg, 'a.svg').attach('badge', svg, 'b.svg').expect(400);
      expect(textOf(twoBadges.text)).to.contain('more than one "badge" field');
      const twoTexts = await post().field('credential', 'a').field('credential', 'b').expect(400);
      expect(textOf(twoTexts.text)).to.contain('more than one "credential" field');
      const longText = await post()
        .field('credential', 'x'.repeat(65 * 1024))
        .expect(413);
      expect(textOf(longText.text)).to.contain('pasted credential is larger than 64 KB');
      const noBoundary = await post()
        .set('Content-Type', 'multipart/form-data; charset=utf-8')
        .send('x')
        .expect(400);
      expect(textOf(noBoundary.text)).to.contain('no valid multipart boundary');
      const manyHeaders = [
        '--b',
        ...Array.from({ length: 40 }, (_, i) => `X-Header-${i}: ${i}`),
        'Content-Disposition: form-data; name="credential"',
        '',
        'abc',
        '--b--',
        '',
      ].join('\r\n');
      // busboy reads at most 8 header lines of a part and ignores the rest: an answer, not a crash.
      const headers = await post().set('Content-Type', 'multipart/form-data; boundary=b').send(manyHeaders);
      expect(headers.status).to.be.below(500);
    });

    it('stops reading a streamed upload without a declared length at 600 KB', async () => {
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      const head = Buffer.from(
        '--b\r\nContent-Disposition: form-data; name="badge"; filename="big.svg"\r\n\r\n',
      );
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const server = app.listen(0, () => {
          const { port } = server.address() as { port: number };
          const req = http.request(
            {
              port,
              method: 'POST',
              path: '/verify/credential',
              headers: { 'Content-Type': 'multipart/form-data; boundary=b', 'Transfer-Encoding': 'chunked' },
            },
            (answer) => {
              let body = '';
              answer.on('data', (piece: Buffer) => (body += piece.toString()));
              answer.on('end', () => {
                server.close();
                resolve({ status: answer.statusCode ?? 0, body });
              });
            },
          );
          req.on('error', (error) => {
            server.close();
            reject(error);
          });
          req.write(head);
          for (let i = 0; i < 12; i++) req.write(chunk);
          req.end();
        });
      });
      expect(res.status).to.equal(413);
      expect(textOf(res.body)).to.match(/larger than (512|600) KB/);
    });
  });

  describe('rate limiting', () => {
    it('runs every route through the limiter and answers a refusal with an HTML 429 page', async () => {
      const refuse: RequestHandler = (_req, _res, next) =>
        next(
          new DomainError('rate_limited', 'Too many verification requests from this address; wait a minute'),
        );
      const limited = pagesApp(ctx.deps, refuse);
      const c = await issue();
      const responses = await Promise.all([
        request(limited).get('/verify'),
        request(limited).get(`/verify/${c.certificateId}`),
        request(limited).get(`/verify/${c.certificateId}/credential.jwt`),
        request(limited).post('/verify/credential').type('form').send({ credential: 'x' }),
      ]);
      for (const res of responses) {
        expect(res.status).to.equal(429);
        expect(res.headers['content-type']).to.match(/^text\/html/);
        expect(textOf(res.text)).to.contain('Too many verification requests');
      }
    });
  });
});
