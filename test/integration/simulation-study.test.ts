import fs from 'node:fs';
import { expect } from 'chai';
import request from 'supertest';
import { ASSOCIATE_BLUEPRINT, SAMPLE_BANK_URL } from '../../server/app/seed-demo-programme.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { makeTenant, makeUser, tokenFor } from '../support/factories.js';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

const adaptive = ASSOCIATE_BLUEPRINT;

describe('simulation studies through the API', function () {
  this.timeout(120_000);
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());
  const api = () => request(ctx.app);

  it("runs a certification's adaptive blueprint on the sample bank and reports precision and exposure", async () => {
    const tenant = await makeTenant(ctx.deps);
    const admin = tokenFor(ctx.deps, tenant, await makeUser(ctx.deps, tenant, { roles: ['admin'] }));
    const author = tokenFor(ctx.deps, tenant, await makeUser(ctx.deps, tenant, { roles: ['author'] }));
    const bank = JSON.parse(fs.readFileSync(SAMPLE_BANK_URL, 'utf8'));
    await api().post('/api/v1/item-bank/import').set(bearer(admin)).send(bank).expect(200);
    const cert = await api()
      .post('/api/v1/certifications')
      .set(bearer(admin))
      .send({ code: 'ACP-A', title: 'Associate', description: '', validityMonths: 24 })
      .expect(201);
    const id = cert.body.certification.id;
    await api().put(`/api/v1/certifications/${id}/blueprint`).set(bearer(admin)).send(adaptive).expect(200);

    const res = await api()
      .post('/api/v1/simulations')
      .set(bearer(author))
      .send({ certificationId: id, examinees: 200, seed: 11 })
      .expect(200);
    const study = res.body.simulation;
    expect(study).to.include({ examinees: 200, seed: 11, blueprintVersion: 1 });
    expect(study.bankSize).to.equal(
      bank.items.filter((i: { pretest?: boolean; irt?: unknown }) => !i.pretest && i.irt).length,
    );
    expect(study.meanLength).to.be.within(15, 30);
    expect(study.rmse).to.be.below(0.5);
    expect(study.correlation).to.be.above(0.85);
    expect(study.classificationAccuracy).to.be.above(0.8);
    expect(study.maxExposure).to.be.within(0, 1);

    const again = await api()
      .post('/api/v1/simulations')
      .set(bearer(author))
      .send({ certificationId: id, examinees: 200, seed: 11 })
      .expect(200);
    expect(again.body.simulation.rmse).to.equal(study.rmse);

    const sh = {
      ...adaptive,
      delivery: { ...adaptive.delivery, exposure: { method: 'sympson_hetter', targetRate: 0.3 } },
    };
    const controlled = await api()
      .post('/api/v1/simulations')
      .set(bearer(author))
      .send({ blueprint: sh, examinees: 200, seed: 11 })
      .expect(200);
    expect(controlled.body.simulation.blueprintVersion).to.equal(null);
    expect(controlled.body.simulation.maxExposure).to.be.below(study.maxExposure);
  });

  it('runs a study off the event loop: other requests are answered while it computes', async () => {
    const tenant = await makeTenant(ctx.deps);
    const admin = tokenFor(ctx.deps, tenant, await makeUser(ctx.deps, tenant, { roles: ['admin'] }));
    await api()
      .post('/api/v1/item-bank/import')
      .set(bearer(admin))
      .send(JSON.parse(fs.readFileSync(SAMPLE_BANK_URL, 'utf8')))
      .expect(200);
    const sh = {
      ...adaptive,
      delivery: { ...adaptive.delivery, exposure: { method: 'sympson_hetter', targetRate: 0.3 } },
    };
    let studyDone = false;
    const study = api()
      .post('/api/v1/simulations')
      .set(bearer(admin))
      .send({ blueprint: sh, examinees: 500, seed: 5 })
      .then((res) => {
        studyDone = true;
        return res;
      });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await api().get('/api/v1/items?limit=1').set(bearer(admin)).expect(200);
    expect(studyDone, 'the item list was answered while the study was still running').to.equal(false);
    expect((await study).status).to.equal(200);
  });

  it('refuses a linear blueprint, an unknown certification and a candidate', async () => {
    const tenant = await makeTenant(ctx.deps);
    const author = tokenFor(ctx.deps, tenant, await makeUser(ctx.deps, tenant, { roles: ['author'] }));
    const candidate = tokenFor(ctx.deps, tenant, await makeUser(ctx.deps, tenant, { roles: ['candidate'] }));
    const linear = { ...adaptive, delivery: { mode: 'linear', length: 20, shuffleOptions: true } };
    const refused = await api()
      .post('/api/v1/simulations')
      .set(bearer(author))
      .send({ blueprint: linear, examinees: 50 })
      .expect(422);
    expect(refused.body.error.message).to.match(/adaptive/);
    await api()
      .post('/api/v1/simulations')
      .set(bearer(author))
      .send({ certificationId: '00000000-0000-4000-8000-000000000000', examinees: 50 })
      .expect(404);
    await api()
      .post('/api/v1/simulations')
      .set(bearer(candidate))
      .send({ blueprint: adaptive, examinees: 50 })
      .expect(403);
    const empty = await api()
      .post('/api/v1/simulations')
      .set(bearer(author))
      .send({ blueprint: adaptive, examinees: 50 })
      .expect(422);
    expect(empty.body.error.message).to.match(/bank cannot run/);
  });
});
