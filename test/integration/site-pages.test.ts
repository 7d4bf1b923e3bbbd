import fs from 'node:fs';
import { expect } from 'chai';
import request from 'supertest';
import { readPngChunks } from '../../server/adapters/png.js';
import { createTestContext, type TestContext } from '../support/context.js';

/** Collects a binary response body as a Buffer. */
const binary = (res: request.Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('site pages outside the API: not found, and the icon', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  it('answers an unknown address with an HTML "Page not found" that links home, not a bare "Cannot GET"', async () => {
    for (const send of [
      () => request(ctx.app).get('/no/such/page?x=1'),
      () => request(ctx.app).post('/nowhere').send('x=1'),
    ]) {
      const res = await send().expect(404);
      expect(res.headers['content-type']).to.match(/^text\/html/);
      expect(res.text).to.not.contain('Cannot ');
      expect(res.text).to.contain('<h1>Page not found</h1>');
      expect(res.text).to.contain('<a class="button-link" href="/">Go to the home page</a>');
      expect(res.text).to.contain('href="/verify"');
    }
    const markup = await request(ctx.app).get('/%3Cscript%3Ealert(1)%3C%2Fscript%3E').expect(404);
    expect(markup.text).to.not.contain('<script>');
    // The API keeps its JSON answer.
    const api = await request(ctx.app).get('/api/v1/nothing-here').expect(404);
    expect(api.body.error.code).to.equal('not_found');
  });

  it('serves /favicon.ico as an ICO of PNG medals, and /favicon.svg that the pages link', async () => {
    const ico = await request(ctx.app).get('/favicon.ico').buffer(true).parse(binary).expect(200);
    expect(ico.headers['content-type']).to.match(/^image\/x-icon/);
    const file = ico.body as Buffer;
    expect([file.readUInt16LE(0), file.readUInt16LE(2), file.readUInt16LE(4)]).to.deep.equal([0, 1, 3]);
    const sizes = [];
    for (let i = 0; i < 3; i++) {
      const entry = file.subarray(6 + 16 * i, 22 + 16 * i);
      const png = file.subarray(entry.readUInt32LE(12), entry.readUInt32LE(12) + entry.readUInt32LE(8));
      const header = readPngChunks(png)[0]!.data;
      expect(header.readUInt32BE(0)).to.equal(entry[0]);
      sizes.push(entry[0]);
    }
    expect(sizes).to.deep.equal([16, 32, 48]);
    const svg = await request(ctx.app).get('/favicon.svg').expect(200);
    expect(svg.headers['content-type']).to.match(/^image\/svg\+xml/);
    expect(String(svg.body ?? svg.text)).to.match(/^<svg /);
    const index = fs.readFileSync('exam-client/index.html', 'utf8');
    expect(index).to.contain('<link rel="icon" href="/favicon.svg" type="image/svg+xml" />');
    const verify = await request(ctx.app).get('/verify').expect(200);
    expect(verify.text).to.contain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
  });
});
