import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import { createLocalJWKSet, jwtVerify } from 'jose';
import request from 'supertest';
import { storedPayload } from '../../../server/app/credentials/certificate-files.js';
import { issueCredential } from '../../../server/app/credentials/issue-credential.js';
import { MIN_STATUS_LIST_BITS, statusBitAt } from '../../../server/domain/credentials/status-list.js';
import type { Rng } from '../../../server/domain/psychometrics/rng.js';
import type { TenantRow } from '../../../server/persistence/repositories/tenants.js';
import { credentials } from '../../../server/persistence/schema.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import { makeCertification } from '../../support/credentials.js';
import { makeTenant, makeUser, tokenFor } from '../../support/factories.js';

// W3C Bitstring Status List: a credential's index is drawn at random within a list of at least 131,072
// entries, so the published list reveals neither the order nor the number of credentials issued.

describe('status-list indexes: random, unique and still revocable', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  async function programme() {
    const tenant = await makeTenant(ctx.deps);
    const admin = `Bearer ${tokenFor(ctx.deps, tenant, await makeUser(ctx.deps, tenant, { roles: ['admin'] }))}`;
    const certificationId = (await makeCertification(ctx.deps, tenant)).id;
    const issue = (n: number) =>
      request(ctx.app)
        .post('/api/v1/credentials')
        .set('Authorization', admin)
        .send({ certificationId, holderName: `Holder ${n}`, holderEmail: `holder-${n}@example.test` });
    return { tenant, admin, certificationId, issue };
  }

  async function indexOf(admin: string, credentialId: string): Promise<number> {
    const signed = await request(ctx.app)
      .get(`/api/v1/credentials/${credentialId}/credential.jwt`)
      .set('Authorization', admin)
      .expect(200);
    const status = storedPayload(signed.text).credentialStatus as { statusListIndex: string };
    return Number(status.statusListIndex);
  }

  async function publishedBits(tenant: TenantRow): Promise<Uint8Array> {
    const list = await request(ctx.app).get(`/issuers/${tenant.slug}/status/revocation`).expect(200);
    const jwks = (await request(ctx.app).get('/.well-known/jwks.json')).body;
    const { payload } = await jwtVerify(list.text, createLocalJWKSet(jwks), { algorithms: ['RS256'] });
    const encoded = (payload.credentialSubject as { encodedList: string }).encodedList;
    return new Uint8Array(gunzipSync(Buffer.from(encoded.slice(1), 'base64url')));
  }

  it('hands out indexes in no order, spread over the whole 16 KB list, never twice', async () => {
    const p = await programme();
    const indexes: number[] = [];
    for (let n = 0; n < 12; n++) {
      const res = await p.issue(n);
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      indexes.push(await indexOf(p.admin, res.body.credential.id));
    }
    expect(new Set(indexes).size).to.equal(12);
    const increasing = indexes.every((index, i) => i === 0 || index > indexes[i - 1]!);
    expect(increasing, `indexes ${indexes.join(', ')} give the issue order away`).to.equal(false);
    expect(Math.max(...indexes), 'the first twelve are not packed at the start').to.be.above(1000);
    for (const index of indexes) expect(index).to.be.within(0, MIN_STATUS_LIST_BITS - 1);
  });

  it('gives 20 parallel issuances 20 different indexes', async () => {
    const p = await programme();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, n) => p.issue(n)));
    for (const res of answers) expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const stored = await ctx.deps.db
      .select({ index: credentials.statusListIndex })
      .from(credentials)
      .where(eq(credentials.tenantId, p.tenant.id));
    expect(stored).to.have.length(20);
    expect(new Set(stored.map((row) => row.index)).size).to.equal(20);
  });

  it('draws again when the drawn index is taken', async () => {
    const p = await programme();
    const at = (index: number) => index / MIN_STATUS_LIST_BITS;
    // The first issuance draws 4242 eight times. The second's first round draws it eight times again, all
    // taken, so the list doubles (a crowded list grows); its second round then lands on 17 of the longer list.
    const draws = [...Array(16).fill(at(4242)), at(17) / 2];
    const rng: Rng = { next: () => draws.shift() ?? at(99) };
    const author = { tenantId: p.tenant.id, userId: null };
    const pass = (n: number) => ({
      certificationId: p.certificationId,
      holder: { name: `Holder ${n}`, email: `seeded-${n}@example.test`, userId: null },
      issuedAt: ctx.deps.clock.now(),
      source: 'manual' as const,
    });
    const first = await issueCredential({ ...ctx.deps, rng }, author, pass(1));
    const second = await issueCredential({ ...ctx.deps, rng }, author, pass(2));
    const indexes = await ctx.deps.db
      .select({ id: credentials.id, index: credentials.statusListIndex })
      .from(credentials)
      .where(and(eq(credentials.tenantId, p.tenant.id)));
    const byId = new Map(indexes.map((row) => [row.id, row.index]));
    expect(byId.get(first.id)).to.equal(4242);
    expect(byId.get(second.id)).to.equal(17);
  });

  it('publishes a list of at least 16 KB in which exactly the revoked credentials are set', async () => {
    const p = await programme();
    const issued: { id: string; index: number }[] = [];
    for (let n = 0; n < 6; n++) {
      const res = await p.issue(n);
      issued.push({ id: res.body.credential.id, index: await indexOf(p.admin, res.body.credential.id) });
    }
    const revoked = issued.filter((_, i) => i % 2 === 0);
    for (const c of revoked)
      await request(ctx.app)
        .post(`/api/v1/credentials/${c.id}/revoke`)
        .set('Authorization', p.admin)
        .send({ reason: 'issued_in_error' })
        .expect(200);
    const bits = await publishedBits(p.tenant);
    expect(bits.length * 8).to.be.at.least(MIN_STATUS_LIST_BITS);
    for (const c of issued)
      expect(statusBitAt(bits, c.index), `index ${c.index}`).to.equal(revoked.includes(c));
    const set = Array.from({ length: bits.length * 8 }, (_, i) => i).filter((i) => statusBitAt(bits, i));
    expect(set).to.have.members(revoked.map((c) => c.index));
  });
});
