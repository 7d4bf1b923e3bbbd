import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import type { AttemptView } from '../../../server/app/delivery/attempt-view.js';
import { parseCsv } from '../../../server/domain/csv.js';
import type { TenantRow } from '../../../server/persistence/repositories/tenants.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import {
  checkInFor,
  type ExamCandidate,
  type ExamProgramme,
  makeCandidate,
  makeExamProgramme,
  startExam,
} from '../../support/exam.js';
import { submitAndRead } from '../../support/exam-answers.js';
import { bearer, memberOf, sitLinearExam } from '../../support/exam-admin.js';
import { tokenFor } from '../../support/factories.js';
import { FakeClock } from '../../support/fake-clock.js';
import { rowCounts } from '../../support/row-counts.js';

/** A void reason with a quote, a comma and an apostrophe, which the CSV must carry whole. */
const VOID_REASON = `Candidate's "camera", then the network, failed`;

interface Listed {
  id: string;
  status: string;
  candidate: { id: string; name: string; email: string };
  result: { passed: boolean; percentCorrect: number } | null;
  voidReason: string | null;
}

/**
 * Five attempts at ACP-F over three days: one answered to the end (20 Nov), one submitted blank (a certain
 * fail, 20 Nov), one running and one voided (21 Nov), and one passed under a 0 % pass mark (22 Nov).
 */
describe('exam administration: attempts, results and response logs', function () {
  this.timeout(180_000);
  const clock = new FakeClock('2026-11-20T10:00:00.000Z');
  let ctx: TestContext;
  let programme: ExamProgramme;
  let tenant: TenantRow;
  let admin: string;
  const sat: Record<'answered' | 'blank' | 'live' | 'voided' | 'passed', AttemptView> = {} as never;
  const who: Record<keyof typeof sat, ExamCandidate> = {} as never;

  const api = () => request(ctx.app);
  const base = () => `/api/v1/certifications/${programme.linearId}`;
  const list = async (query = '') => {
    const res = await api().get(`${base()}/attempts${query}`).set(bearer(admin));
    expect(res.status, res.text).to.equal(200);
    return res.body.attempts as Listed[];
  };
  const ids = (attempts: readonly { id: string }[]) => attempts.map((a) => a.id);

  async function submitBlank(candidate: ExamCandidate): Promise<AttemptView> {
    const { attempt } = await startExam(ctx.app, candidate, programme.linearId);
    return submitAndRead(ctx.app, candidate, attempt);
  }

  before(async () => {
    ctx = await createTestContext({ clock });
    programme = await makeExamProgramme(ctx.deps);
    tenant = programme.tenant;
    const candidate = async () => makeCandidate(ctx.app, ctx.deps, tenant);
    for (const key of ['answered', 'blank', 'live', 'voided', 'passed'] as const)
      who[key] = await candidate();

    sat.answered = await sitLinearExam(ctx.app, who.answered, programme.linearId);
    clock.advance(60_000);
    sat.blank = await submitBlank(who.blank);

    clock.set('2026-11-21T12:00:00.000Z');
    admin = (await memberOf(ctx.deps, tenant)).token;
    who.live = await candidate();
    who.voided = await candidate();
    sat.live = (await startExam(ctx.app, who.live, programme.linearId)).attempt;
    clock.advance(60_000);
    sat.voided = await checkInFor(ctx.app, who.voided, programme.linearId);
    const voided = await api()
      .post(`/api/v1/attempts/${sat.voided.id}/void`)
      .set(bearer(admin))
      .send({ reason: VOID_REASON, technicalFault: true });
    expect(voided.status, voided.text).to.equal(200);

    clock.set('2026-11-22T09:00:00.000Z');
    admin = (await memberOf(ctx.deps, tenant)).token;
    who.passed = await candidate();
    const current = await api().get(base()).set(bearer(admin)).expect(200);
    const definition = current.body.blueprint.definition;
    await api()
      .put(`${base()}/blueprint`)
      .set(bearer(admin))
      .send({ ...definition, scoring: { method: 'percent', passPercent: 0 } })
      .expect(200);
    sat.passed = await submitBlank(who.passed);
    expect(sat.blank.result?.passed).to.equal(false);
    expect(sat.passed.result?.passed).to.equal(true);
  });
  after(() => ctx.close());

  it('lists the attempts newest first with candidate, status and result', async () => {
    const all = await list();
    expect(ids(all)).to.deep.equal(ids([sat.passed, sat.voided, sat.live, sat.blank, sat.answered]));
    const passed = all[0] as Listed;
    expect(passed.candidate).to.deep.equal({
      id: who.passed.user.id,
      name: 'Cara Candidate',
      email: who.passed.user.email,
    });
    expect(passed.status).to.equal('scored');
    expect(passed.result).to.include({ passed: true, percentCorrect: 0 });
    expect(all[1]).to.include({ status: 'voided', voidReason: VOID_REASON, result: null });
    expect(all[2]).to.include({ status: 'in_progress', result: null });
  });

  it('filters by outcome and by check-in days', async () => {
    const answeredPassed = sat.answered.result?.passed === true;
    expect(ids(await list('?outcome=passed'))).to.deep.equal(
      ids(answeredPassed ? [sat.passed, sat.answered] : [sat.passed]),
    );
    expect(ids(await list('?outcome=failed'))).to.deep.equal(
      ids(answeredPassed ? [sat.blank] : [sat.blank, sat.answered]),
    );
    expect(ids(await list('?outcome=voided'))).to.deep.equal([sat.voided.id]);
    expect(ids(await list('?outcome=live'))).to.deep.equal([sat.live.id]);
    expect(ids(await list('?from=2026-11-21&to=2026-11-21'))).to.deep.equal(ids([sat.voided, sat.live]));
    expect(ids(await list('?from=2026-11-21'))).to.deep.equal(ids([sat.passed, sat.voided, sat.live]));
    expect(ids(await list('?to=2026-11-20&outcome=failed'))).to.include(sat.blank.id);
    expect(ids(await list('?limit=2'))).to.deep.equal(ids([sat.passed, sat.voided]));
  });

  it('refuses bad filters with the parameter at fault', async () => {
    const cases: Array<[string, string]> = [
      ['?from=2026-11-22&to=2026-11-21', '/to'],
      ['?outcome=excellent', '/outcome'],
      ['?from=2026-13-01', '/from'],
      ['?limit=0', '/limit'],
      ['?limit=1001', '/limit'],
      ['?candidate=someone', '/candidate'],
    ];
    for (const [query, path] of cases) {
      const res = await api().get(`${base()}/attempts${query}`).set(bearer(admin));
      expect(res.status, `${query}: ${res.text}`).to.equal(400);
      expect(
        res.body.error.details.map((d: { path: string }) => d.path),
        query,
      ).to.include(path);
      const csv = await api()
        .get(`${base()}/attempts.csv${query.replace(/limit=\d+/, 'limit=5')}`)
        .set(bearer(admin));
      expect(csv.status, `${query} (CSV): ${csv.text}`).to.equal(400);
    }
  });

  it('exports the same list as CSV that a spreadsheet reads back', async () => {
    const res = await api().get(`${base()}/attempts.csv`).set(bearer(admin));
    expect(res.status, res.text).to.equal(200);
    expect(res.headers['content-type']).to.match(/^text\/csv; charset=utf-8/);
    expect(res.headers['content-disposition']).to.equal(
      'attachment; filename="attempts-acp-f-2026-11-22.csv"',
    );
    const [header, ...rows] = parseCsv(res.text);
    expect(header).to.deep.equal([
      'attempt',
      'candidate',
      'email',
      'certification',
      'status',
      'checked in',
      'finished',
      'passed',
      'scaled score',
      'percent correct',
      'voided reason',
      'technical fault',
    ]);
    expect(rows.map((row) => row[0])).to.deep.equal(
      ids([sat.passed, sat.voided, sat.live, sat.blank, sat.answered]),
    );
    const byId = new Map(rows.map((row) => [row[0], row]));
    expect(byId.get(sat.passed.id)).to.deep.equal([
      sat.passed.id,
      'Cara Candidate',
      who.passed.user.email,
      'ACP-F',
      'scored',
      '2026-11-22T09:00:00.000Z',
      '2026-11-22T09:00:00.000Z',
      'yes',
      '',
      '0',
      '',
      '',
    ]);
    expect(byId.get(sat.blank.id)?.slice(4, 10)).to.deep.equal([
      'scored',
      '2026-11-20T10:01:00.000Z',
      '2026-11-20T10:01:00.000Z',
      'no',
      '',
      '0',
    ]);
    expect(byId.get(sat.voided.id)?.slice(4)).to.deep.equal([
      'voided',
      '2026-11-21T12:01:00.000Z',
      '',
      '',
      '',
      '',
      VOID_REASON,
      'yes',
    ]);
    expect(byId.get(sat.live.id)?.slice(4, 8)).to.deep.equal([
      'in_progress',
      '2026-11-21T12:00:00.000Z',
      '',
      '',
    ]);

    const voidedOnly = parseCsv(
      (await api().get(`${base()}/attempts.csv?outcome=voided`).set(bearer(admin))).text,
    );
    expect(voidedOnly.slice(1).map((row) => row[0])).to.deep.equal([sat.voided.id]);
  });

  it("gives one attempt's response log as JSON and as CSV for calibration", async () => {
    const res = await api().get(`/api/v1/attempts/${sat.answered.id}/response-log`).set(bearer(admin));
    expect(res.status, res.text).to.equal(200);
    expect(res.body.attempt).to.include({
      id: sat.answered.id,
      status: 'scored',
      certificationCode: 'ACP-F',
    });
    const responses = res.body.responses as Array<Record<string, unknown>>;
    expect(responses).to.have.length(30);
    expect(responses.map((r) => r.position)).to.deep.equal(Array.from({ length: 30 }, (_, i) => i + 1));
    for (const response of responses) {
      expect(response.itemId).to.be.a('string');
      expect(response.itemVersion).to.be.a('number');
      expect(response.domain).to.be.oneOf(['networking', 'security', 'compute-storage', 'operations']);
      expect(response.scored).to.equal(true);
      expect(response.answer).to.be.an('object');
      expect(response.score).to.be.within(0, 1);
    }
    const total = responses.reduce((sum, r) => sum + (r.score as number), 0);
    // The share is shown rounded down to a tenth, so a share below the pass mark never reads as the mark.
    expect(sat.answered.result?.percentCorrect).to.equal(Math.floor(((100 * total) / 30) * 10 + 1e-9) / 10);

    const csv = await api().get(`/api/v1/attempts/${sat.answered.id}/response-log.csv`).set(bearer(admin));
    expect(csv.status, csv.text).to.equal(200);
    expect(csv.headers['content-disposition']).to.equal(
      `attachment; filename="responses-acp-f-${sat.answered.id}.csv"`,
    );
    const [header, ...rows] = parseCsv(csv.text);
    expect(header).to.deep.equal([
      'attempt',
      'seq',
      'position',
      'item id',
      'item version',
      'domain',
      'scored',
      'answer',
      'marked',
      'score',
      'time on item (ms)',
      'theta',
      'se',
      'received at',
    ]);
    expect(rows).to.have.length(30);
    rows.forEach((row, i) => {
      const logged = responses[i] as Record<string, unknown>;
      expect(row[0]).to.equal(sat.answered.id);
      expect(row.slice(1, 7)).to.deep.equal([
        String(logged.seq),
        String(logged.position),
        logged.itemId,
        String(logged.itemVersion),
        logged.domain,
        'true',
      ]);
      expect(JSON.parse(row[7] as string)).to.deep.equal(logged.answer);
      expect(Number(row[9])).to.equal(logged.score);
      expect(row[13]).to.equal(logged.receivedAt);
    });

    const blank = await api().get(`/api/v1/attempts/${sat.blank.id}/response-log`).set(bearer(admin));
    expect(blank.body.responses).to.deep.equal([]);
  });

  it('voids a running attempt with a reason, and refuses to void one that is over', async () => {
    const candidate = await makeCandidate(ctx.app, ctx.deps, tenant);
    const { attempt } = await startExam(ctx.app, candidate, programme.linearId);
    const voided = await api()
      .post(`/api/v1/attempts/${attempt.id}/void`)
      .set(bearer(admin))
      .send({ reason: 'Second person seen on camera', technicalFault: false });
    expect(voided.status, voided.text).to.equal(200);
    expect(voided.body.attempt).to.include({ status: 'voided', voidReason: 'Second person seen on camera' });
    expect(ids(await list('?outcome=voided'))).to.include(attempt.id);
    const again = await api()
      .post(`/api/v1/attempts/${sat.passed.id}/void`)
      .set(bearer(admin))
      .send({ reason: 'Too late', technicalFault: false });
    expect(again.status).to.equal(409);
  });

  it('is for admins only, and knows no attempt or certification of another programme', async () => {
    const paths = [
      `${base()}/attempts`,
      `${base()}/attempts.csv`,
      `/api/v1/attempts/${sat.answered.id}/response-log`,
      `/api/v1/attempts/${sat.answered.id}/response-log.csv`,
    ];
    for (const role of ['candidate', 'author'] as const) {
      const { token } = await memberOf(ctx.deps, tenant, [role]);
      for (const path of paths) await api().get(path).set(bearer(token)).expect(403);
    }
    // The attempt's own candidate is refused its response log too (it holds IRT data and every save).
    await api()
      .get(`/api/v1/attempts/${sat.answered.id}/response-log`)
      .set(bearer(tokenFor(ctx.deps, tenant, who.answered.user)))
      .expect(403);
    const stranger = (await memberOf(ctx.deps, (await makeExamProgramme(ctx.deps)).tenant)).token;
    const before = await rowCounts(ctx.deps.db);
    for (const path of paths) await api().get(path).set(bearer(stranger)).expect(404);
    await api().get(`/api/v1/attempts/${randomUUID()}/response-log`).set(bearer(admin)).expect(404);
    expect(await rowCounts(ctx.deps.db)).to.deep.equal(before);
  });
});
