import { expect } from 'chai';
import request from 'supertest';
import { rotateSigningKey } from '../../server/app/credentials/signing-keys.js';
import { DomainError } from '../../server/domain/errors.js';
import { listSigningKeys } from '../../server/persistence/repositories/signing-keys.js';
import type { TenantRow } from '../../server/persistence/repositories/tenants.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { issueTestCredential, makeCertification } from '../support/credentials.js';
import { makeTenant, makeUser, tokenFor } from '../support/factories.js';
import { bankFile, singleChoiceItem } from '../support/items.js';

// Many callers changing one thing at the same moment: each gets an answer that describes what happened
// (done, or 409 conflict), and the stored state keeps its rules. On PostgreSQL the requests really overlap
// (a pool of connections); on the embedded database they queue, and the same answers must come out.

describe('concurrent changes to one thing', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  async function adminOf(tenant: TenantRow, roles: ('admin' | 'author')[] = ['admin']) {
    return `Bearer ${tokenFor(ctx.deps, tenant, await makeUser(ctx.deps, tenant, { roles }))}`;
  }

  it('leaves exactly one active signing key after 10 parallel rotations, with every key still published', async () => {
    const tenant = await makeTenant(ctx.deps);
    const admin = await adminOf(tenant);
    const certification = await makeCertification(ctx.deps, tenant);
    await issueTestCredential(ctx.deps, tenant, certification);

    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        request(ctx.app).post('/api/v1/signing-keys/rotate').set('Authorization', admin).send({}),
      ),
    );

    for (const res of answers) expect(res.status, JSON.stringify(res.body)).to.be.oneOf([201, 409]);
    const keys = await listSigningKeys(ctx.deps.db, tenant.id);
    expect(keys.filter((k) => k.status === 'active')).to.have.length(1);
    expect(keys).to.have.length(1 + answers.filter((res) => res.status === 201).length);
    const published = await request(ctx.app).get(`/issuers/${tenant.slug}/jwks.json`).expect(200);
    expect(published.body.keys.map((k: { kid: string }) => k.kid)).to.have.members(keys.map((k) => k.kid));
    const listed = await request(ctx.app).get('/api/v1/signing-keys').set('Authorization', admin);
    expect(listed.status).to.equal(200);
    expect(listed.body.keys.filter((k: { status: string }) => k.status === 'active')).to.have.length(1);

    // The one active key signs what is issued next.
    const issued = await issueTestCredential(ctx.deps, tenant, certification);
    const active = keys.find((k) => k.status === 'active');
    const signed = await request(ctx.app)
      .get(`/api/v1/credentials/${issued.id}/credential.jwt`)
      .set('Authorization', admin)
      .expect(200);
    const header = JSON.parse(Buffer.from(signed.text.split('.')[0]!, 'base64url').toString('utf8'));
    expect(header.kid).to.equal(active?.kid);
  });

  it('answers a rotation refused by a uniqueness rule on keys with 409 conflict, leaving the active key', async () => {
    const tenant = await makeTenant(ctx.deps);
    const author = { tenantId: tenant.id, userId: null };
    // A key source that hands out the same key twice makes the second rotation break a unique index.
    const material = ctx.deps.signer.generateKey();
    const signer = { ...ctx.deps.signer, generateKey: () => material };
    const first = await rotateSigningKey({ ...ctx.deps, signer }, author);
    const failure = await rotateSigningKey({ ...ctx.deps, signer }, author).catch((error: unknown) => error);
    expect(failure).to.be.instanceOf(DomainError);
    expect(failure).to.include({ code: 'conflict' });
    const keys = await listSigningKeys(ctx.deps.db, tenant.id);
    expect(keys.map((k) => [k.kid, k.status])).to.deep.equal([[first.kid, 'active']]);
  });

  describe('20 parallel edits of one item', () => {
    async function activeItem() {
      const tenant = await makeTenant(ctx.deps);
      const author = await adminOf(tenant, ['admin', 'author']);
      const file = bankFile({ networking: 1 });
      await request(ctx.app)
        .post('/api/v1/item-bank/import')
        .set('Authorization', author)
        .send(file)
        .expect(200);
      const list = await request(ctx.app).get('/api/v1/items').set('Authorization', author).expect(200);
      return { author, itemId: list.body.items[0].id as string };
    }

    const edit = (author: string, itemId: string, n: number, baseVersion?: number) =>
      request(ctx.app)
        .put(`/api/v1/items/${itemId}`)
        .set('Authorization', author)
        .send({
          content: singleChoiceItem('networking', `Edited stem number ${n}?`),
          ...(baseVersion === undefined ? {} : { baseVersion }),
        });

    it('all succeed without a base version: one new draft version, edited in turn', async () => {
      const { author, itemId } = await activeItem();
      const answers = await Promise.all(Array.from({ length: 20 }, (_, n) => edit(author, itemId, n)));
      const statuses = answers.map((res) => res.status);
      expect(statuses, JSON.stringify(answers.find((r) => r.status !== 200)?.body)).to.deep.equal(
        Array(20).fill(200),
      );
      const item = await request(ctx.app).get(`/api/v1/items/${itemId}`).set('Authorization', author);
      expect(item.body.versions.map((v: { version: number }) => v.version)).to.have.members([1, 2]);
    });

    it('from the same base version: one succeeds, the others get 409 conflict, none 404', async () => {
      const { author, itemId } = await activeItem();
      const answers = await Promise.all(Array.from({ length: 20 }, (_, n) => edit(author, itemId, n, 1)));
      const statuses = answers.map((res) => res.status).sort();
      expect(statuses).to.deep.equal([200, ...Array(19).fill(409)]);
      for (const res of answers.filter((r) => r.status === 409))
        expect(res.body.error.code).to.equal('conflict');
    });
  });
});
