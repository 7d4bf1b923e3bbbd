import { expect } from 'chai';
import request from 'supertest';
import { createTestContext, type TestContext } from '../support/context.js';

describe('health and API documentation', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  it('reports live and ready while the database answers', async () => {
    expect((await request(ctx.app).get('/healthz').expect(200)).body).to.deep.equal({ status: 'ok' });
    expect((await request(ctx.app).get('/readyz').expect(200)).body).to.deep.equal({ status: 'ready' });
  });

  it('reports not ready once the database is gone', async () => {
    const other = await createTestContext();
    await other.close();
    const res = await request(other.app).get('/readyz').expect(503);
    expect(res.body.error.code).to.equal('unavailable');
  });

  it('serves an OpenAPI 3.1 document that lists every route with its roles', async () => {
    const doc = (await request(ctx.app).get('/api/openapi.json').expect(200)).body;
    expect(doc.openapi).to.equal('3.1.0');
    expect(
      doc.paths['/api/v1/auth/login'].post.requestBody.content['application/json'].schema.required,
    ).to.include.members(['tenant', 'email', 'password']);
    expect(doc.paths['/api/v1/users/{id}'].patch['x-roles']).to.deep.equal(['admin']);
    const page = await request(ctx.app).get('/api/docs').expect(200);
    expect(page.text).to.contain('POST /api/v1/auth/register');
  });

  it('answers unknown API paths with the JSON error body', async () => {
    const res = await request(ctx.app).get('/api/v1/nothing-here').expect(404);
    expect(res.body.error.code).to.equal('not_found');
  });

  it('sets security headers and a request id', async () => {
    const res = await request(ctx.app).get('/healthz').set('X-Request-Id', 'abc-123');
    expect(res.headers['x-request-id']).to.equal('abc-123');
    expect(res.headers['content-security-policy']).to.contain("script-src 'self'");
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
  });
});
