import { expect } from 'chai';
import request from 'supertest';
import { DomainError } from '../../../server/domain/errors.js';
import type { TenantRow } from '../../../server/persistence/repositories/tenants.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import { issueTestCredential, makeCertification } from '../../support/credentials.js';
import { makeTenant, makeUser, tokenFor } from '../../support/factories.js';
import { FakeClock } from '../../support/fake-clock.js';
import { bankFile } from '../../support/items.js';
import { rowCounts } from '../../support/row-counts.js';

// Every date the API takes must be one PostgreSQL and a signed credential can hold (years 0001–9999 in UTC);
// anything else is a 400 naming the field, never a 500, and nothing is written. A credential dated after
// today cannot be issued by hand, and one dated in the future (a node whose clock is behind) reads as "not
// yet valid" everywhere, as its signed form's validFrom says.

describe('dates at the edges of the calendar, and credentials dated in the future', () => {
  const clock = new FakeClock('2026-11-22T09:00:00.000Z');
  let ctx: TestContext;
  let tenant: TenantRow;
  let adminToken: string;
  let certificationId: string;
  let externalId: string;

  before(async () => {
    ctx = await createTestContext({ clock });
    tenant = await makeTenant(ctx.deps);
    const admin = await makeUser(ctx.deps, tenant, { roles: ['admin', 'author'] });
    adminToken = tokenFor(ctx.deps, tenant, admin);
    certificationId = (await makeCertification(ctx.deps, tenant, { validityMonths: 120 })).id;
    const file = bankFile({ networking: 1 });
    externalId = file.items[0]!.externalId;
    await request(ctx.app)
      .post('/api/v1/item-bank/import')
      .set('Authorization', `Bearer ${adminToken}`)
      .send(file)
      .expect(200);
  });
  after(() => ctx.close());

  const issue = (issuedOn: string) =>
    request(ctx.app)
      .post('/api/v1/credentials')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ certificationId, holderName: 'Ada Lovelace', holderEmail: 'ada@example.test', issuedOn });

  const respond = (administeredAt: string) =>
    request(ctx.app)
      .post('/api/v1/item-responses')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ responses: [{ externalId, examineeRef: 'ex-1', score: 1, administeredAt }] });

  async function expectRefused(send: () => request.Test, field: string, message: RegExp) {
    const before = await rowCounts(ctx.deps.db);
    const res = await send();
    expect(res.status, JSON.stringify(res.body)).to.equal(400);
    expect(res.body.error.code).to.equal('validation_failed');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include(field);
    expect(res.body.error.message).to.match(message);
    expect(await rowCounts(ctx.deps.db), 'a refused request wrote rows').to.deep.equal(before);
  }

  for (const issuedOn of ['0000-01-01', '9999-12-31', '2026-11-23', '2026-02-29', '+02026-01-01']) {
    it(`refuses issuedOn ${issuedOn} with a 400 naming the field`, async () => {
      await expectRefused(() => issue(issuedOn), '/issuedOn', /issuedOn|issue date/);
    });
  }

  it('issues by hand on the earliest day and today, and refuses a day whose expiry would pass year 9999', async () => {
    const today = await issue('2026-11-22');
    expect(today.status, JSON.stringify(today.body)).to.equal(201);
    expect(today.body.credential.issuedAt).to.equal('2026-11-22T00:00:00.000Z');
    const earliest = await issue('0001-01-01');
    expect(earliest.status, JSON.stringify(earliest.body)).to.equal(201);
    expect(earliest.body.credential.expiresAt).to.equal('0011-01-01T00:00:00.000Z');
    // Only a clock near year 9999 lets a past day's expiry pass the calendar's end; the use case says so.
    clock.set('9995-06-01T00:00:00.000Z');
    try {
      const certification = await makeCertification(ctx.deps, tenant, { validityMonths: 120 });
      const failure = await issueTestCredential(ctx.deps, tenant, certification, {
        issuedAt: new Date('9995-01-01T00:00:00.000Z'),
      }).catch((error: unknown) => error);
      expect(failure).to.be.instanceOf(DomainError);
      expect(failure).to.include({ code: 'validation_failed' });
      expect((failure as DomainError).details?.map((d) => d.path)).to.deep.equal(['/issuedOn']);
      const lastPossible = await issueTestCredential(ctx.deps, tenant, certification, {
        issuedAt: new Date('9989-12-31T00:00:00.000Z'),
      });
      expect(lastPossible.expiresAt).to.equal('9999-12-31T00:00:00.000Z');
    } finally {
      clock.set('2026-11-22T09:00:00.000Z');
    }
  });

  for (const administeredAt of [
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59-23:59',
    '0001-01-01T00:00:00+00:01',
    '2016-12-31T23:59:60Z',
    '2026-13-01T00:00:00Z',
  ]) {
    it(`refuses administeredAt ${administeredAt} with a 400 naming the field`, async () => {
      await expectRefused(() => respond(administeredAt), '/responses/0/administeredAt', /administeredAt/);
    });
  }

  it('records responses at the first and last instants of the calendar, offsets included', async () => {
    for (const at of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z', '9999-12-31T23:59:59+23:59']) {
      const res = await respond(at);
      expect(res.status, `${at}: ${JSON.stringify(res.body)}`).to.equal(201);
    }
  });

  it('shows a credential dated after now as not yet valid on the ID lookup, in JSON and on the page', async () => {
    const certification = await makeCertification(ctx.deps, tenant);
    const { certificateId } = await issueTestCredential(ctx.deps, tenant, certification, {
      issuedAt: new Date('2026-11-22T00:00:00.000Z'),
    });
    // Another node whose clock is two days behind reads it.
    clock.set('2026-11-20T09:00:00.000Z');
    try {
      const json = await request(ctx.app).get(`/api/v1/verify/${certificateId}`).expect(200);
      expect(json.body.credential).to.include({ status: 'not_yet_valid', valid: false });
      const page = await request(ctx.app).get(`/verify/${certificateId}`);
      expect(page.status).to.equal(200);
      expect(page.text).to.include('Not valid before');
      expect(page.text).to.include('22 November 2026');
      expect(page.text).not.to.match(/Valid until/);
    } finally {
      clock.set('2026-11-22T09:00:00.000Z');
    }
    const now = await request(ctx.app).get(`/api/v1/verify/${certificateId}`).expect(200);
    expect(now.body.credential).to.include({ status: 'active', valid: true });
  });
});
