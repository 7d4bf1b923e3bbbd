import { expect } from 'chai';
import request from 'supertest';
import { parseCsv } from '../../../server/domain/csv.js';
import { VOUCHER_ALPHABET } from '../../../server/domain/vouchers/voucher-code.js';
import type { TenantRow } from '../../../server/persistence/repositories/tenants.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import { checkInFor, type ExamProgramme, makeCandidate, makeExamProgramme } from '../../support/exam.js';
import { bearer, memberOf } from '../../support/exam-admin.js';
import { FakeClock } from '../../support/fake-clock.js';
import { rowCounts } from '../../support/row-counts.js';

const CODE = new RegExp(`^[${VOUCHER_ALPHABET}]{4}-[${VOUCHER_ALPHABET}]{4}-[${VOUCHER_ALPHABET}]{4}$`);

describe('exam administration: voucher pools', function () {
  this.timeout(120_000);
  const clock = new FakeClock('2026-11-22T09:00:00.000Z');
  let ctx: TestContext;
  let programme: ExamProgramme;
  let tenant: TenantRow;
  let admin: string;
  before(async () => {
    ctx = await createTestContext({ clock });
    programme = await makeExamProgramme(ctx.deps);
    tenant = programme.tenant;
    admin = (await memberOf(ctx.deps, tenant)).token;
  });
  after(() => ctx.close());
  afterEach(() => clock.set('2026-11-22T09:00:00.000Z'));

  const api = () => request(ctx.app);
  const createPool = (certificationId: string, body: Record<string, unknown>, token = admin) =>
    api().post(`/api/v1/certifications/${certificationId}/voucher-pools`).set(bearer(token)).send(body);
  const poolBody = (overrides: Record<string, unknown> = {}) => ({
    name: 'Partner Q4',
    partnerRef: 'PO-2026-117',
    expiresOn: '2026-12-31',
    codes: 25,
    usesPerCode: 2,
    ...overrides,
  });
  async function codesOf(poolId: string) {
    const res = await api().get(`/api/v1/voucher-pools/${poolId}/codes.csv`).set(bearer(admin));
    expect(res.status, res.text).to.equal(200);
    const [header, ...rows] = parseCsv(res.text);
    return { res, header, rows };
  }
  async function poolsOf(certificationId: string) {
    const res = await api().get(`/api/v1/certifications/${certificationId}/voucher-pools`).set(bearer(admin));
    expect(res.status, res.text).to.equal(200);
    return res.body.pools as Array<Record<string, unknown>>;
  }
  async function requireVouchers(certificationId: string) {
    await api()
      .put(`/api/v1/certifications/${certificationId}/candidate-policy`)
      .set(bearer(admin))
      .send({ prerequisites: [], retakeWaitHours: [], maxAttemptsPerYear: null, voucherRequired: true })
      .expect(200);
  }

  it('creates a pool of unguessable grouped codes and exports them as CSV', async () => {
    const created = await createPool(programme.linearId, poolBody());
    expect(created.status, created.text).to.equal(201);
    expect(created.body.pool).to.include({
      name: 'Partner Q4',
      partnerRef: 'PO-2026-117',
      certificationCode: 'ACP-F',
      expiresOn: '2026-12-31',
      expiresAt: '2027-01-01T00:00:00.000Z',
      expired: false,
      codes: 25,
      usesPerCode: 2,
      used: 0,
      remaining: 50,
    });

    const { res, header, rows } = await codesOf(created.body.pool.id);
    expect(res.headers['content-type']).to.match(/^text\/csv/);
    expect(res.headers['content-disposition']).to.equal(
      'attachment; filename="vouchers-acp-f-partner-q4.csv"',
    );
    expect(header).to.deep.equal(['code', 'uses', 'remaining', 'pool', 'certification', 'expires']);
    expect(rows).to.have.length(25);
    for (const row of rows) {
      expect(row[0]).to.match(CODE);
      expect(row.slice(1)).to.deep.equal(['0', '2', 'Partner Q4', 'ACP-F', '2026-12-31']);
    }
    expect(new Set(rows.map((row) => row[0])).size).to.equal(25);

    const listed = await poolsOf(programme.linearId);
    expect(listed.map((p) => p.id)).to.include(created.body.pool.id);
    expect(await poolsOf(programme.adaptiveId)).to.not.deep.include(created.body.pool);
  });

  it('accepts a handed-out code typed in lower case with spaces, counts its use, and gives it back on a technical void', async () => {
    await requireVouchers(programme.linearId);
    const created = await createPool(programme.linearId, poolBody({ name: 'Typed codes', codes: 3 }));
    const { rows } = await codesOf(created.body.pool.id);
    const code = rows[0]?.[0] as string;
    const typed = ` ${code.toLowerCase().replaceAll('-', ' ')} `;

    const candidate = await makeCandidate(ctx.app, ctx.deps, tenant);
    const attempt = await checkInFor(ctx.app, candidate, programme.linearId, { voucherCode: typed });
    expect(attempt.status).to.equal('checked_in');

    const pool = () =>
      poolsOf(programme.linearId).then((all) => all.find((p) => p.id === created.body.pool.id));
    expect(await pool()).to.include({ used: 1, remaining: 5 });
    const usedRow = (await codesOf(created.body.pool.id)).rows.find((row) => row[0] === code);
    expect(usedRow?.slice(0, 3)).to.deep.equal([code, '1', '1']);

    await api()
      .post(`/api/v1/attempts/${attempt.id}/void`)
      .set(bearer(admin))
      .send({ reason: 'The test centre lost power', technicalFault: true })
      .expect(200);
    expect(await pool()).to.include({ used: 0, remaining: 6 });
  });

  it('refuses a code once its pool has expired, and shows the pool expired with nothing left', async () => {
    await requireVouchers(programme.linearId);
    const created = await createPool(
      programme.linearId,
      poolBody({ name: 'Last day', expiresOn: '2026-11-22' }),
    );
    expect(created.status, created.text).to.equal(201);
    const code = (await codesOf(created.body.pool.id)).rows[0]?.[0] as string;
    clock.set('2026-11-23T00:00:00.000Z');
    admin = (await memberOf(ctx.deps, tenant)).token; // access tokens outlive no such jump
    const expired = (await poolsOf(programme.linearId)).find((p) => p.id === created.body.pool.id);
    expect(expired).to.include({ expired: true, remaining: 0 });
    const candidate = await makeCandidate(ctx.app, ctx.deps, tenant);
    const options = await api()
      .post(`/api/v1/certifications/${programme.linearId}/check-in/options`)
      .set(bearer(candidate.token))
      .send({})
      .expect(200);
    const assertion = candidate.authenticator.getAssertion(options.body.options, 'http://localhost:3000');
    const refused = await api()
      .post(`/api/v1/certifications/${programme.linearId}/attempts`)
      .set(bearer(candidate.token))
      .send({ challengeId: options.body.challengeId, response: assertion, voucherCode: code });
    expect(refused.status).to.equal(400);
    expect(refused.body.error).to.include({ code: 'voucher_invalid', message: 'This voucher has expired' });
  });

  it('makes up to 10,000 distinct codes in one pool', async () => {
    const created = await createPool(programme.adaptiveId, poolBody({ name: 'Big batch', codes: 10_000 }));
    expect(created.status, created.text).to.equal(201);
    const { rows } = await codesOf(created.body.pool.id);
    expect(rows).to.have.length(10_000);
    expect(new Set(rows.map((row) => row[0])).size).to.equal(10_000);
  });

  it('refuses bad input with the field at fault and writes nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [poolBody({ codes: 10_001 }), '/codes'],
      [poolBody({ codes: 0 }), '/codes'],
      [poolBody({ usesPerCode: 0 }), '/usesPerCode'],
      [poolBody({ expiresOn: '2026-11-21' }), '/expiresOn'],
      [poolBody({ expiresOn: '31/12/2026' }), '/expiresOn'],
      [poolBody({ expiresOn: '2036-11-23' }), '/expiresOn'],
      [poolBody({ expiresOn: '9999-12-31' }), '/expiresOn'],
      [poolBody({ name: '   ' }), '/name'],
      [poolBody({ partnerRef: 'x'.repeat(121) }), '/partnerRef'],
      [poolBody({ codeLength: 20 }), '/codeLength'],
    ];
    const before = await rowCounts(ctx.deps.db);
    for (const [body, path] of cases) {
      const res = await createPool(programme.linearId, body);
      expect(res.status, `${JSON.stringify(body)}: ${res.text}`).to.equal(400);
      expect(res.body.error.code).to.equal('validation_failed');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include(path);
    }
    expect(await rowCounts(ctx.deps.db)).to.deep.equal(before);
  });

  it('is for admins only: candidates and authors are refused', async () => {
    const created = await createPool(programme.linearId, poolBody({ name: 'Admins only', codes: 1 }));
    for (const role of ['candidate', 'author'] as const) {
      const { token } = await memberOf(ctx.deps, tenant, [role]);
      expect((await createPool(programme.linearId, poolBody(), token)).status).to.equal(403);
      await api()
        .get(`/api/v1/certifications/${programme.linearId}/voucher-pools`)
        .set(bearer(token))
        .expect(403);
      await api()
        .get(`/api/v1/voucher-pools/${created.body.pool.id}/codes.csv`)
        .set(bearer(token))
        .expect(403);
    }
  });

  it("answers 404 for another programme's certification and pool", async () => {
    const created = await createPool(programme.linearId, poolBody({ name: 'Ours', codes: 1 }));
    const other = await makeExamProgramme(ctx.deps);
    const stranger = (await memberOf(ctx.deps, other.tenant)).token;
    const before = await rowCounts(ctx.deps.db);
    expect((await createPool(programme.linearId, poolBody(), stranger)).status).to.equal(404);
    await api()
      .get(`/api/v1/certifications/${programme.linearId}/voucher-pools`)
      .set(bearer(stranger))
      .expect(404);
    await api()
      .get(`/api/v1/voucher-pools/${created.body.pool.id}/codes.csv`)
      .set(bearer(stranger))
      .expect(404);
    expect(await rowCounts(ctx.deps.db)).to.deep.equal(before);
  });
});
