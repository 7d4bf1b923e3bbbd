import { expect } from 'chai';
import request from 'supertest';
import { listOutbox } from '../../../server/app/outbox/outbox-queries.js';
import { currentActor, runUnitOfWork } from '../../../server/app/unit-of-work.js';
import { listOutboxMessages } from '../../../server/persistence/repositories/outbox.js';
import type { TenantRow } from '../../../server/persistence/repositories/tenants.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import { makeCertification } from '../../support/credentials.js';
import { makeTenant, makeUser, tokenFor } from '../../support/factories.js';
import { FakeClock } from '../../support/fake-clock.js';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('e-mail to holders, and the outbox admins read', () => {
  let ctx: TestContext;
  const clock = new FakeClock('2026-12-01T10:00:00.000Z');
  before(async () => {
    ctx = await createTestContext({ clock });
  });
  after(() => ctx.close());

  async function programme() {
    const tenant = await makeTenant(ctx.deps, { name: 'Acme Academy' });
    const admin = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
    const certification = await makeCertification(ctx.deps, tenant, {
      code: 'ACP-A',
      title: 'Acme Cloud Associate',
      validityMonths: 24,
    });
    return { tenant, token: tokenFor(ctx.deps, tenant, admin), certification };
  }

  const issue = (token: string, certificationId: string, holderName: string, holderEmail: string) =>
    request(ctx.app)
      .post('/api/v1/credentials')
      .set(bearer(token))
      .send({ certificationId, holderName, holderEmail })
      .expect(201);

  /** Puts a plain message in the tenant's outbox at the current (fake) time. */
  async function enqueue(tenant: TenantRow, recipient: string, subject: string) {
    await runUnitOfWork(ctx.deps, { tenantId: tenant.id, userId: null }, async (uow) => {
      await uow.enqueue({
        channel: 'email',
        topic: 'email.test',
        recipient,
        payload: { subject, text: `${subject} text`, html: `<p>${subject}</p>` },
      });
    });
  }

  it('puts a "credential issued" e-mail for the holder in the outbox when a credential is issued by hand', async () => {
    const { tenant, token, certification } = await programme();
    const issued = await issue(token, certification.id, 'Grace <b>Hopper</b>', 'Grace@Example.test');
    const { certificateId } = issued.body.credential;

    const list = await request(ctx.app).get('/api/v1/outbox').set(bearer(token)).expect(200);
    expect(list.headers['cache-control']).to.equal('no-store');
    expect(list.body.messages).to.have.length(1);
    const [summary] = list.body.messages;
    expect(summary).to.include({
      topic: 'email.credential-issued',
      recipient: 'grace@example.test',
      subject: 'Your Acme Cloud Associate credential from Acme Academy',
      status: 'pending',
      attempts: 0,
      lastError: null,
      sentAt: null,
      createdAt: '2026-12-01T10:00:00.000Z',
    });

    const one = await request(ctx.app).get(`/api/v1/outbox/${summary.id}`).set(bearer(token)).expect(200);
    const { message } = one.body;
    expect(message.text).to.contain('Congratulations, Grace <b>Hopper</b>!');
    expect(message.text).to.contain(`Certificate ID: ${certificateId}`);
    expect(message.text).to.contain(`http://localhost:3000/verify/${certificateId}`);
    expect(message.text).to.contain('Valid until: 1 December 2028');
    expect(message.text).to.contain(`http://localhost:3000/t/${tenant.slug}/credentials`);
    expect(message.html).to.contain('Grace &#60;b&#62;Hopper&#60;/b&#62;');
    expect(message.html).to.contain(certificateId);
  });

  it('sends nothing to holders imported from CSV (they did not just earn it)', async () => {
    const { tenant, token } = await programme();
    const csv = [
      'name,email,certification,issued,expires,legacy id',
      'Alan Turing,alan@example.test,ACP-A,2024-03-01,2026-03-01,OLD-2001',
    ].join('\r\n');
    const res = await request(ctx.app).post('/api/v1/credentials/import').set(bearer(token)).send({ csv });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.imported).to.equal(1);
    expect(await listOutboxMessages(ctx.deps.db, tenant.id, { limit: 10 })).to.deep.equal([]);
  });

  it('lists newest first, filters by status, honours the limit, and shows each tenant only its own messages', async () => {
    const { tenant, token } = await programme();
    await enqueue(tenant, 'first@example.test', 'First');
    clock.advance(1000);
    await enqueue(tenant, 'second@example.test', 'Second');
    clock.advance(1000);
    await enqueue(tenant, 'third@example.test', 'Third');
    const other = await programme();
    await enqueue(other.tenant, 'elsewhere@example.test', 'Elsewhere');

    const all = await request(ctx.app).get('/api/v1/outbox').set(bearer(token)).expect(200);
    expect(all.body.messages.map((m: { subject: string }) => m.subject)).to.deep.equal([
      'Third',
      'Second',
      'First',
    ]);
    const limited = await request(ctx.app).get('/api/v1/outbox?limit=2').set(bearer(token)).expect(200);
    expect(limited.body.messages).to.have.length(2);
    const sent = await request(ctx.app).get('/api/v1/outbox?status=sent').set(bearer(token)).expect(200);
    expect(sent.body.messages).to.deep.equal([]);
    const pending = await request(ctx.app)
      .get('/api/v1/outbox?status=pending')
      .set(bearer(token))
      .expect(200);
    expect(pending.body.messages).to.have.length(3);

    const [elsewhere] = await listOutboxMessages(ctx.deps.db, other.tenant.id, { limit: 1 });
    const foreign = await request(ctx.app)
      .get(`/api/v1/outbox/${elsewhere!.id}`)
      .set(bearer(token))
      .expect(404);
    expect(foreign.body.error.code).to.equal('not_found');
  });

  it('is for admins only, and refuses a bad filter with a 400 naming it', async () => {
    const { tenant, token } = await programme();
    const candidate = await makeUser(ctx.deps, tenant, { roles: ['candidate'] });
    const refused = await request(ctx.app)
      .get('/api/v1/outbox')
      .set(bearer(tokenFor(ctx.deps, tenant, candidate)))
      .expect(403);
    expect(refused.body.error.code).to.equal('forbidden');
    await request(ctx.app).get('/api/v1/outbox').expect(401);
    // The use case refuses on its own, whoever calls it.
    const weak = await currentActor(ctx.deps.db, {
      userId: candidate.id,
      tenantId: tenant.id,
      tenantSlug: tenant.slug,
      roles: ['candidate'],
    });
    const direct = await listOutbox(ctx.deps, weak, {}).then(
      () => null,
      (error: { code?: string }) => error.code,
    );
    expect(direct).to.equal('forbidden');
    const bad = await request(ctx.app)
      .get('/api/v1/outbox?status=lost&limit=0')
      .set(bearer(token))
      .expect(400);
    expect(bad.body.error.code).to.equal('validation_failed');
  });
});
