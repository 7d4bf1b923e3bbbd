import { expect } from 'chai';
import request from 'supertest';
import type { Role } from '../../server/domain/identity/roles.js';
import { seededRng } from '../../server/domain/psychometrics/rng.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { makeTenant, makeUser, tokenFor } from '../support/factories.js';
import { simulateFieldTest, type TrueItem } from '../support/field-test.js';
import { bankFile } from '../support/items.js';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

function correlation(xs: number[], ys: number[]): number {
  const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i]! - my);
    sxx += (x - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

describe('calibration', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());
  const api = () => request(ctx.app);

  async function programme() {
    const tenant = await makeTenant(ctx.deps);
    const token = async (roles: Role[]) =>
      tokenFor(ctx.deps, tenant, await makeUser(ctx.deps, tenant, { roles }));
    const admin = await token(['admin']);
    const author = await token(['author']);
    const file = bankFile({ networking: 10, security: 10 });
    await api().post('/api/v1/item-bank/import').set(bearer(admin)).send(file).expect(200);
    const rng = seededRng(99);
    const truth: TrueItem[] = file.items.map((item) => ({
      externalId: item.externalId,
      a: 0.7 + rng.next(),
      b: -2 + 4 * rng.next(),
    }));
    return { tenant, admin, author, truth };
  }

  it('calibrates the bank from field-test responses and applies the estimates', async () => {
    const p = await programme();
    const responses = simulateFieldTest(p.truth, 800, 5);
    const recorded = await api()
      .post('/api/v1/item-responses')
      .set(bearer(p.author))
      .send({ responses })
      .expect(201);
    expect(recorded.body.recorded).to.equal(800 * 20);

    const run = await api()
      .post('/api/v1/calibrations')
      .set(bearer(p.author))
      .send({ model: '2pl' })
      .expect(201);
    const calibration = run.body.calibration;
    expect(calibration.report.examinees).to.equal(800);
    expect(calibration.report.converged).to.equal(true);
    type Reported = { itemId: string; estimate: { a: number; b: number } };
    const byExternalId = new Map<string, Reported>(
      calibration.versions.map((v: { key: string; externalId: string }) => [
        v.externalId,
        calibration.report.items.find((i: { itemId: string }) => i.itemId === v.key),
      ]),
    );
    const estimatedB = p.truth.map((t) => byExternalId.get(t.externalId)!.estimate.b);
    expect(
      correlation(
        estimatedB,
        p.truth.map((t) => t.b),
      ),
    ).to.be.above(0.97);
    for (const item of calibration.report.items) {
      expect(item.pValue).to.be.within(0, 1);
      expect(item.meanTimeSec).to.be.within(30, 90);
    }

    const applied = await api()
      .post(`/api/v1/calibrations/${calibration.id}/apply`)
      .set(bearer(p.admin))
      .expect(200);
    expect(applied.body.applied).to.have.length(20);
    const items = await api().get('/api/v1/items?status=active').set(bearer(p.author)).expect(200);
    const net1 = items.body.items.find((i: { externalId: string }) => i.externalId === 'NET-001');
    expect(net1.irtSource).to.equal(`calibration:${calibration.id}`);
    expect(net1.content.irt.b).to.be.closeTo(byExternalId.get('NET-001')!.estimate.b, 1e-9);
    expect(net1.version).to.equal(1);
    const again = await api()
      .post(`/api/v1/calibrations/${calibration.id}/apply`)
      .set(bearer(p.admin))
      .expect(409);
    expect(again.body.error.code).to.equal('conflict');
  });

  it('records nothing when a response names an unknown item, and keeps runs to their tenant', async () => {
    const p = await programme();
    const bad = await api()
      .post('/api/v1/item-responses')
      .set(bearer(p.author))
      .send({
        responses: [
          { externalId: 'NET-001', examineeRef: 'x', score: 1 },
          { externalId: 'NOPE-1', examineeRef: 'x', score: 0 },
        ],
      })
      .expect(400);
    expect(bad.body.error.details).to.deep.equal([
      { path: '/responses/1/externalId', rule: 'item-exists', message: 'no active item NOPE-1' },
    ]);
    const run = await api()
      .post('/api/v1/calibrations')
      .set(bearer(p.author))
      .send({ model: 'rasch' })
      .expect(201);
    expect(run.body.calibration.versions).to.have.length(0);
    const other = await programme();
    await api().get(`/api/v1/calibrations/${run.body.calibration.id}`).set(bearer(other.author)).expect(404);
    await api()
      .post(`/api/v1/calibrations/${run.body.calibration.id}/apply`)
      .set(bearer(other.admin))
      .expect(404);
    await api()
      .post(`/api/v1/calibrations/${run.body.calibration.id}/apply`)
      .set(bearer(p.author))
      .expect(403);
  });
});
