import { expect } from 'chai';
import request from 'supertest';
import { createTestContext, type TestContext } from '../support/context.js';
import { FACTORY_PASSWORD, makeTenant, makeUser, tokenFor } from '../support/factories.js';
import { singleChoiceItem } from '../support/items.js';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('Cache-Control on API answers', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());
  const api = () => request(ctx.app);

  it('forbids storing answers that carry personal data, tokens or answer keys', async () => {
    const tenant = await makeTenant(ctx.deps);
    const author = await makeUser(ctx.deps, tenant, { roles: ['author'] });
    const token = tokenFor(ctx.deps, tenant, author);

    const signIn = await api()
      .post('/api/v1/auth/login')
      .send({ tenant: tenant.slug, email: author.email, password: FACTORY_PASSWORD })
      .expect(200);
    expect(signIn.headers['cache-control']).to.equal('no-store');

    const me = await api().get('/api/v1/me').set(bearer(token)).expect(200);
    expect(me.body.user.email).to.equal(author.email);
    expect(me.headers['cache-control']).to.equal('no-store');

    const created = await api()
      .post('/api/v1/items')
      .set(bearer(token))
      .send({ externalId: 'CACHE-1', content: singleChoiceItem() })
      .expect(201);
    const item = await api().get(`/api/v1/items/${created.body.item.id}`).set(bearer(token)).expect(200);
    expect(JSON.stringify(item.body)).to.contain('correct');
    expect(item.headers['cache-control']).to.equal('no-store');
  });

  it('forbids storing error answers too', async () => {
    const unauthenticated = await api().get('/api/v1/me').expect(401);
    expect(unauthenticated.headers['cache-control']).to.equal('no-store');
    const invalid = await api().post('/api/v1/auth/login').send({ tenant: 'acme' }).expect(400);
    expect(invalid.headers['cache-control']).to.equal('no-store');
    const unknown = await api().get('/api/v1/nothing-here').expect(404);
    expect(unknown.headers['cache-control']).to.equal('no-store');
    // A public document route that fails must not have its error cached for the document's lifetime.
    const noIssuer = await api().get('/issuers/no-such-issuer/jwks.json').expect(404);
    expect(noIssuer.headers['cache-control']).to.equal('no-store');
  });

  it('keeps the deliberate policies of public documents: keys cacheable, verification answers never stored', async () => {
    const keys = await api().get('/.well-known/jwks.json').expect(200);
    expect(keys.headers['cache-control']).to.equal('public, max-age=300');
    const verdict = await api().get('/api/v1/verify/ABCD-EFGH-JKLM-NPQR').expect(200);
    expect(verdict.headers['cache-control']).to.equal('no-store');
  });
});
