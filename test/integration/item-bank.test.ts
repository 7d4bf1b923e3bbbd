import { expect } from 'chai';
import request from 'supertest';
import { listAuditEntries, verifyAuditChain } from '../../server/persistence/audit-chain.js';
import type { SingleChoiceContent } from '../../server/domain/items/item.js';
import type { Role } from '../../server/domain/identity/roles.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { makeTenant, makeUser, tokenFor } from '../support/factories.js';
import { bankFile, singleChoiceItem } from '../support/items.js';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('item bank', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());
  const api = () => request(ctx.app);

  /** A tenant with an author, a second author (reviewer), an admin and a candidate. */
  async function programme() {
    const tenant = await makeTenant(ctx.deps);
    const token = async (roles: Role[]) =>
      tokenFor(ctx.deps, tenant, await makeUser(ctx.deps, tenant, { roles }));
    return {
      tenant,
      author: await token(['author']),
      reviewer: await token(['author']),
      admin: await token(['admin']),
      candidate: await token(['candidate']),
    };
  }

  it('takes an item through draft → review → active, then versions an edit of the active item', async () => {
    const p = await programme();
    const created = await api()
      .post('/api/v1/items')
      .set(bearer(p.author))
      .send({ externalId: 'NET-001', content: singleChoiceItem() })
      .expect(201);
    const id = created.body.item.id;
    expect(created.body.item).to.include({
      externalId: 'NET-001',
      version: 1,
      status: 'draft',
      activeVersion: null,
    });

    const edited = singleChoiceItem(
      'networking',
      'Which prefix length gives 256 addresses?',
    ) as SingleChoiceContent;
    await api()
      .put(`/api/v1/items/${id}`)
      .set(bearer(p.author))
      .send({ content: edited, baseVersion: 1 })
      .expect(200);
    await api()
      .post(`/api/v1/items/${id}/transitions`)
      .set(bearer(p.author))
      .send({ action: 'submit' })
      .expect(200);
    const own = await api()
      .post(`/api/v1/items/${id}/transitions`)
      .set(bearer(p.author))
      .send({ action: 'approve' })
      .expect(403);
    expect(own.body.error.message).to.match(/own item/);
    const approved = await api()
      .post(`/api/v1/items/${id}/transitions`)
      .set(bearer(p.reviewer))
      .send({ action: 'approve', comment: 'Key checked' })
      .expect(200);
    expect(approved.body.item).to.include({
      status: 'active',
      activeVersion: 1,
      reviewComment: 'Key checked',
    });
    expect(approved.body.item.reviewerId).to.be.a('string').and.not.equal(approved.body.item.authorId);

    const v2 = await api()
      .put(`/api/v1/items/${id}`)
      .set(bearer(p.author))
      .send({
        content: { ...edited, options: [...edited.options.slice(0, 2), { id: 'C', text: '10.0.0.0/20' }] },
        baseVersion: 1,
      })
      .expect(200);
    expect(v2.body.item).to.include({ version: 2, status: 'draft', activeVersion: 1 });
    const stale = await api()
      .put(`/api/v1/items/${id}`)
      .set(bearer(p.author))
      .send({ content: edited, baseVersion: 1 })
      .expect(409);
    expect(stale.body.error.code).to.equal('conflict');

    await api()
      .post(`/api/v1/items/${id}/transitions`)
      .set(bearer(p.author))
      .send({ action: 'submit' })
      .expect(200);
    const rejected = await api()
      .post(`/api/v1/items/${id}/transitions`)
      .set(bearer(p.admin))
      .send({ action: 'reject' })
      .expect(400);
    expect(rejected.body.error.details[0]).to.include({ path: '/comment', rule: 'required' });
    await api()
      .post(`/api/v1/items/${id}/transitions`)
      .set(bearer(p.admin))
      .send({ action: 'approve' })
      .expect(200);

    const item = await api().get(`/api/v1/items/${id}`).set(bearer(p.author)).expect(200);
    expect(
      item.body.versions.map((v: { version: number; status: string }) => [v.version, v.status]),
    ).to.deep.equal([
      [1, 'retired'],
      [2, 'active'],
    ]);
    expect(item.body.versions[0].content.stem).to.equal('Which prefix length gives 256 addresses?');
    const retire = await api()
      .post(`/api/v1/items/${id}/transitions`)
      .set(bearer(p.author))
      .send({ action: 'submit' })
      .expect(409);
    expect(retire.body.error.code).to.equal('invalid_transition');
    expect((await verifyAuditChain(ctx.deps.db, p.tenant.id)).intact).to.equal(true);
    const actions = (await listAuditEntries(ctx.deps.db, p.tenant.id)).map((e) => e.action);
    expect(actions).to.include.members([
      'item.created',
      'item.edited',
      'item.submitted',
      'item.approved',
      'item.version_created',
    ]);
  });

  it('refuses invalid content naming the JSON path and the rule, and stores nothing', async () => {
    const p = await programme();
    const bad = { ...singleChoiceItem(), key: { correct: 'Z' } };
    const res = await api().post('/api/v1/items').set(bearer(p.author)).send({ content: bad }).expect(400);
    expect(res.body.error.code).to.equal('validation_failed');
    expect(res.body.error.details).to.deep.include({
      path: '/content/key/correct',
      rule: 'key-option-exists',
      message: res.body.error.details.find((d: { path: string }) => d.path === '/content/key/correct')
        .message,
    });
    const { stem: _stem, ...noStem } = singleChoiceItem();
    const missing = await api()
      .post('/api/v1/items')
      .set(bearer(p.author))
      .send({ content: noStem })
      .expect(400);
    expect(
      missing.body.error.details.map((d: { path: string; rule: string }) => `${d.path} ${d.rule}`),
    ).to.include('/content/stem required');
    const sameFour = {
      ...singleChoiceItem(),
      options: ['A', 'B', 'C', 'D'].map((id, i) => ({ id, text: i === 0 ? 'Paris' : ' paris ' })),
    };
    const twins = await api()
      .post('/api/v1/items')
      .set(bearer(p.author))
      .send({ content: sameFour })
      .expect(400);
    expect(twins.body.error.details).to.deep.include({
      path: '/content/options/1/text',
      rule: 'distinct-option-texts',
      message: '"paris" repeats option 1; each option must be different',
    });
    const list = await api().get('/api/v1/items').set(bearer(p.author)).expect(200);
    expect(list.body.items).to.have.length(0);
  });

  it('says how many items match in all, beyond the page, and which domains the bank has', async () => {
    const p = await programme();
    await api()
      .post('/api/v1/item-bank/import')
      .set(bearer(p.admin))
      .send(bankFile({ networking: 4, security: 3 }))
      .expect(200);
    const page = await api().get('/api/v1/items?limit=2').set(bearer(p.author)).expect(200);
    expect(page.body.items).to.have.length(2);
    expect(page.body.total, 'every item, not the page').to.equal(7);
    expect(page.body.domains).to.deep.equal(['networking', 'security']);
    const filtered = await api().get('/api/v1/items?domain=security&limit=1&offset=1').set(bearer(p.author));
    expect(filtered.body).to.include({ total: 3 });
    expect(filtered.body.items).to.have.length(1);
    expect(filtered.body.domains, 'the filter does not narrow the choice of domains').to.have.length(2);
  });

  it('lets exactly one of two concurrent creations with the same external id win', async () => {
    const p = await programme();
    const create = (token: string) =>
      api()
        .post('/api/v1/items')
        .set(bearer(token))
        .send({ externalId: 'RACE-1', content: singleChoiceItem() });
    const statuses = (await Promise.all([create(p.author), create(p.reviewer), create(p.admin)])).map(
      (r) => r.status,
    );
    expect(statuses.sort()).to.deep.equal([201, 409, 409]);
    const list = await api().get('/api/v1/items?q=RACE').set(bearer(p.author)).expect(200);
    expect(list.body.items).to.have.length(1);
  });

  it('keeps items to their tenant and their roles', async () => {
    const a = await programme();
    const b = await programme();
    const created = await api()
      .post('/api/v1/items')
      .set(bearer(a.author))
      .send({ content: singleChoiceItem() })
      .expect(201);
    await api().get(`/api/v1/items/${created.body.item.id}`).set(bearer(b.author)).expect(404);
    await api()
      .put(`/api/v1/items/${created.body.item.id}`)
      .set(bearer(b.author))
      .send({ content: singleChoiceItem() })
      .expect(404);
    await api().get('/api/v1/items').set(bearer(a.candidate)).expect(403);
    await api()
      .post('/api/v1/item-bank/import')
      .set(bearer(a.author))
      .send(bankFile({ networking: 1 }))
      .expect(403);
    const after = await api().get(`/api/v1/items/${created.body.item.id}`).set(bearer(a.author)).expect(200);
    expect(after.body.versions).to.have.length(1);
  });

  it('imports a bank all or nothing, reports every bad item, and re-imports as a no-op', async () => {
    const p = await programme();
    const file = bankFile({ networking: 3, security: 2 });
    const broken = structuredClone(file) as { items: Record<string, unknown>[] };
    broken.items[1]!.stem = '';
    broken.items[4]!.key = { correct: 'Q' };
    const refused = await api()
      .post('/api/v1/item-bank/import')
      .set(bearer(p.admin))
      .send(broken)
      .expect(400);
    const paths = refused.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).to.include('/items/1/stem').and.include('/items/4/key/correct');
    expect((await api().get('/api/v1/items').set(bearer(p.admin)).expect(200)).body.items).to.have.length(0);

    const dry = await api()
      .post('/api/v1/item-bank/import?dryRun=true')
      .set(bearer(p.admin))
      .send(file)
      .expect(200);
    expect(dry.body).to.include({ dryRun: true, total: 5 });
    expect(dry.body.created).to.have.length(5);
    expect((await api().get('/api/v1/items').set(bearer(p.admin)).expect(200)).body.items).to.have.length(0);

    const first = await api().post('/api/v1/item-bank/import').set(bearer(p.admin)).send(file).expect(200);
    expect(first.body.created).to.deep.equal(['NET-001', 'NET-002', 'NET-003', 'SEC-001', 'SEC-002']);
    const auditBefore = (await listAuditEntries(ctx.deps.db, p.tenant.id)).length;
    const again = await api().post('/api/v1/item-bank/import').set(bearer(p.admin)).send(file).expect(200);
    expect(again.body).to.deep.include({ created: [], versioned: [], statusChanged: [], unchanged: 5 });
    expect((await listAuditEntries(ctx.deps.db, p.tenant.id)).length).to.equal(auditBefore);

    const changed = structuredClone(file) as { items: Record<string, unknown>[] };
    changed.items[0]!.stem = 'A reworded question?';
    changed.items[1]!.status = 'retired';
    const third = await api().post('/api/v1/item-bank/import').set(bearer(p.admin)).send(changed).expect(200);
    expect(third.body).to.deep.include({ versioned: ['NET-001'], statusChanged: ['NET-002'], unchanged: 3 });
    const active = await api().get('/api/v1/items?status=active').set(bearer(p.admin)).expect(200);
    expect(
      active.body.items.map((i: { externalId: string; version: number }) => `${i.externalId}@${i.version}`),
    ).to.deep.equal(['NET-001@2', 'NET-003@1', 'SEC-001@1', 'SEC-002@1']);

    const exported = await api().get('/api/v1/item-bank/export').set(bearer(p.author)).expect(200);
    const other = await programme();
    const copy = await api()
      .post('/api/v1/item-bank/import')
      .set(bearer(other.admin))
      .send(exported.body)
      .expect(200);
    expect(copy.body.created).to.have.length(5);
    const back = await api()
      .post('/api/v1/item-bank/import')
      .set(bearer(p.admin))
      .send(exported.body)
      .expect(200);
    expect(back.body.unchanged).to.equal(5);
  });

  it('defines certifications and refuses a blueprint the bank cannot meet, saying what is short', async () => {
    const p = await programme();
    await api()
      .post('/api/v1/item-bank/import')
      .set(bearer(p.admin))
      .send(bankFile({ networking: 7, security: 20, operations: 20 }))
      .expect(200);
    const cert = await api()
      .post('/api/v1/certifications')
      .set(bearer(p.admin))
      .send({
        code: 'ACP-A',
        title: 'Acme Cloud Platform Associate',
        description: 'Entry level',
        validityMonths: 24,
      })
      .expect(201);
    const dup = await api()
      .post('/api/v1/certifications')
      .set(bearer(p.admin))
      .send({ code: 'ACP-A', title: 'Again', description: '', validityMonths: 12 })
      .expect(409);
    expect(dup.body.error.details[0].path).to.equal('/code');
    const blueprint = {
      timeLimitMin: 90,
      domains: [
        { domain: 'networking', title: 'Networking', weight: 0.3 },
        { domain: 'security', title: 'Security', weight: 0.4 },
        { domain: 'operations', title: 'Operations', weight: 0.3 },
      ],
      delivery: { mode: 'linear', length: 40, shuffleOptions: true },
      scoring: { method: 'percent', passPercent: 70 },
      pretestCount: 0,
    };
    const id = cert.body.certification.id;
    const refused = await api()
      .put(`/api/v1/certifications/${id}/blueprint`)
      .set(bearer(p.admin))
      .send(blueprint)
      .expect(422);
    expect(refused.body.error.code).to.equal('blueprint_infeasible');
    expect(refused.body.error.message).to.contain('domain Networking needs 12 active items, has 7');
    const check = await api()
      .post('/api/v1/blueprints/check')
      .set(bearer(p.author))
      .send(blueprint)
      .expect(200);
    expect(check.body.feasible).to.equal(false);

    const saved = await api()
      .put(`/api/v1/certifications/${id}/blueprint`)
      .set(bearer(p.admin))
      .send({ ...blueprint, delivery: { mode: 'linear', length: 20, shuffleOptions: true } })
      .expect(200);
    expect(saved.body.blueprint.version).to.equal(1);
    const read = await api().get(`/api/v1/certifications/${id}`).set(bearer(p.author)).expect(200);
    expect(read.body.certification).to.include({ code: 'ACP-A', validityMonths: 24, blueprintVersion: 1 });
    expect(read.body.blueprint.definition.delivery.length).to.equal(20);
    await api()
      .patch(`/api/v1/certifications/${id}`)
      .set(bearer(p.author))
      .send({ validityMonths: 36 })
      .expect(403);
    const patched = await api()
      .patch(`/api/v1/certifications/${id}`)
      .set(bearer(p.admin))
      .send({ validityMonths: 36 })
      .expect(200);
    expect(patched.body.certification.validityMonths).to.equal(36);
  });
});
