import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import type { AttemptView } from '../../../server/app/delivery/attempt-view.js';
import { createApp, type HttpDeps } from '../../../server/http/app.js';
import type { TenantRow } from '../../../server/persistence/repositories/tenants.js';
import type { UserRow } from '../../../server/persistence/repositories/users.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import {
  checkInFor,
  type ExamCandidate,
  type ExamProgramme,
  makeCandidate,
  makeExamProgramme,
  startExam,
} from '../../support/exam.js';
import { bearer, memberOf } from '../../support/exam-admin.js';
import { tokenFor } from '../../support/factories.js';
import { FakeClock } from '../../support/fake-clock.js';
import { rowCounts } from '../../support/row-counts.js';

const MINUTE = 60_000;
/** ACP-F's time limit in the demo programme. */
const FOUNDATIONS_MS = 45 * MINUTE;

describe('exam administration: accommodations', function () {
  this.timeout(120_000);
  const clock = new FakeClock('2026-11-22T09:00:00.000Z');
  let ctx: TestContext;
  let app: Express;
  /** Attempts whose live windows were told to re-read them (the socket layer's hook). */
  const changed: string[] = [];
  let programme: ExamProgramme;
  let tenant: TenantRow;
  let adminUser: UserRow;
  /** A fresh admin token (the tests move the clock past an access token's life). */
  const admin = () => tokenFor(ctx.deps, tenant, adminUser);
  before(async () => {
    ctx = await createTestContext({ clock });
    app = createApp({
      ...(ctx.deps as HttpDeps),
      attemptEvents: { changed: (attempt) => changed.push(attempt.id) },
    });
    programme = await makeExamProgramme(ctx.deps);
    tenant = programme.tenant;
    adminUser = (await memberOf(ctx.deps, tenant)).user;
  });
  after(() => ctx.close());
  beforeEach(() => {
    clock.set('2026-11-22T09:00:00.000Z');
    changed.length = 0;
  });

  const api = () => request(app);
  const put = (userId: string, certificationId: string, body: Record<string, unknown>, token = admin()) =>
    api().put(`/api/v1/users/${userId}/accommodations/${certificationId}`).set(bearer(token)).send(body);
  const attemptAsCandidate = async (candidate: ExamCandidate, id: string): Promise<AttemptView> => {
    const res = await api()
      .get(`/api/v1/attempts/${id}`)
      .set(bearer(tokenFor(ctx.deps, tenant, candidate.user)));
    expect(res.status, res.text).to.equal(200);
    return res.body.attempt;
  };

  it('sets extra time and breaks, lists them, and gives them to the next check-in', async () => {
    const candidate = await makeCandidate(app, ctx.deps, tenant);
    const set = await put(candidate.user.id, programme.linearId, {
      extraTimePercent: 25,
      extraTimeMinutes: 5,
      breaksAllowed: 1,
      note: 'Dyslexia: report of 3 March',
    });
    expect(set.status, set.text).to.equal(200);
    expect(set.body).to.deep.equal({
      accommodation: {
        userId: candidate.user.id,
        certificationId: programme.linearId,
        certificationCode: 'ACP-F',
        certificationTitle: 'Acme Cloud Platform Foundations',
        extraTimePercent: 25,
        extraTimeMinutes: 5,
        breaksAllowed: 1,
        note: 'Dyslexia: report of 3 March',
        updatedAt: '2026-11-22T09:00:00.000Z',
      },
      appliedTo: null,
    });
    const listed = await api().get(`/api/v1/users/${candidate.user.id}/accommodations`).set(bearer(admin()));
    expect(listed.status, listed.text).to.equal(200);
    expect(listed.body.accommodations).to.deep.equal([set.body.accommodation]);

    const attempt = await checkInFor(app, candidate, programme.linearId);
    expect(attempt.allowedMs).to.equal(FOUNDATIONS_MS * 1.25 + 5 * MINUTE);
    expect(attempt.breaksAllowed).to.equal(1);
  });

  it('moves the deadline of the running attempt at once, and tells its window', async () => {
    const candidate = await makeCandidate(app, ctx.deps, tenant);
    const { attempt } = await startExam(app, candidate, programme.linearId);
    expect(attempt.deadline).to.equal('2026-11-22T09:45:00.000Z');
    expect(attempt.breaksAllowed).to.equal(0);

    clock.advance(10 * MINUTE);
    const set = await put(candidate.user.id, programme.linearId, { extraTimePercent: 50, breaksAllowed: 2 });
    expect(set.status, set.text).to.equal(200);
    expect(set.body.appliedTo).to.deep.equal({
      attemptId: attempt.id,
      status: 'in_progress',
      allowedMs: FOUNDATIONS_MS * 1.5,
      breaksAllowed: 2,
      deadline: '2026-11-22T10:07:30.000Z',
    });
    expect(changed).to.deep.equal([attempt.id]);

    const seen = await attemptAsCandidate(candidate, attempt.id);
    expect(seen).to.include({
      deadline: '2026-11-22T10:07:30.000Z',
      remainingMs: 57.5 * MINUTE,
      allowedMs: FOUNDATIONS_MS * 1.5,
      breaksAllowed: 2,
    });
    // The breaks granted mid-exam can be taken.
    const paused = await api()
      .post(`/api/v1/attempts/${attempt.id}/pause`)
      .set(bearer(tokenFor(ctx.deps, tenant, candidate.user)))
      .send({ epoch: seen.epoch });
    expect(paused.status, paused.text).to.equal(200);
  });

  it('changes the time left of a paused attempt, counted from the pause', async () => {
    await put((await makeCandidate(app, ctx.deps, tenant)).user.id, programme.linearId, {}); // unrelated candidate
    const candidate = await makeCandidate(app, ctx.deps, tenant);
    await put(candidate.user.id, programme.linearId, { breaksAllowed: 1 }).expect(200);
    const { attempt } = await startExam(app, candidate, programme.linearId);
    clock.advance(20 * MINUTE);
    await api()
      .post(`/api/v1/attempts/${attempt.id}/pause`)
      .set(bearer(tokenFor(ctx.deps, tenant, candidate.user)))
      .send({ epoch: attempt.epoch })
      .expect(200);
    changed.length = 0; // the pause told the attempt's windows too; what follows is the accommodation's notice
    clock.advance(5 * MINUTE);
    const set = await put(candidate.user.id, programme.linearId, { extraTimeMinutes: 15, breaksAllowed: 1 });
    expect(set.body.appliedTo).to.include({ status: 'paused', allowedMs: FOUNDATIONS_MS + 15 * MINUTE });
    const seen = await attemptAsCandidate(candidate, attempt.id);
    expect(seen.remainingMs).to.equal(25 * MINUTE + 15 * MINUTE);
    expect(changed).to.deep.equal([attempt.id]);
  });

  it('takes time away without putting the deadline in the past', async () => {
    const candidate = await makeCandidate(app, ctx.deps, tenant);
    await put(candidate.user.id, programme.linearId, { extraTimePercent: 100 }).expect(200);
    const { attempt } = await startExam(app, candidate, programme.linearId);
    expect(attempt.allowedMs).to.equal(2 * FOUNDATIONS_MS);
    clock.advance(60 * MINUTE);
    const set = await put(candidate.user.id, programme.linearId, { extraTimePercent: 0 });
    expect(set.body.appliedTo).to.include({
      allowedMs: FOUNDATIONS_MS,
      deadline: '2026-11-22T10:00:00.000Z',
    });
  });

  it('refuses bad values with the field at fault, and writes nothing', async () => {
    const candidate = await makeCandidate(app, ctx.deps, tenant);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ extraTimePercent: -5 }, '/extraTimePercent'],
      [{ extraTimePercent: 301 }, '/extraTimePercent'],
      [{ extraTimePercent: 12.5 }, '/extraTimePercent'],
      [{ extraTimeMinutes: 601 }, '/extraTimeMinutes'],
      [{ breaksAllowed: 21 }, '/breaksAllowed'],
      [{ breaksAllowed: '2' }, '/breaksAllowed'],
      [{ note: 'x'.repeat(1001) }, '/note'],
      [{ extraTime: 10 }, '/extraTime'],
    ];
    const before = await rowCounts(ctx.deps.db);
    for (const [body, path] of cases) {
      const res = await put(candidate.user.id, programme.linearId, body);
      expect(res.status, `${JSON.stringify(body)}: ${res.text}`).to.equal(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include(path);
    }
    expect(await rowCounts(ctx.deps.db)).to.deep.equal(before);
  });

  it('is for admins only, and knows no user or certification of another programme', async () => {
    const candidate = await makeCandidate(app, ctx.deps, tenant);
    for (const role of ['candidate', 'author'] as const) {
      const { token } = await memberOf(ctx.deps, tenant, [role]);
      await put(candidate.user.id, programme.linearId, { extraTimePercent: 50 }, token).expect(403);
      await api().get(`/api/v1/users/${candidate.user.id}/accommodations`).set(bearer(token)).expect(403);
    }
    const other = await makeExamProgramme(ctx.deps);
    const stranger = await memberOf(ctx.deps, other.tenant);
    const before = await rowCounts(ctx.deps.db);
    await put(candidate.user.id, programme.linearId, { extraTimePercent: 50 }, stranger.token).expect(404);
    await put(candidate.user.id, other.linearId, { extraTimePercent: 50 }).expect(404);
    await put(stranger.user.id, programme.linearId, { extraTimePercent: 50 }).expect(404);
    await put(randomUUID(), programme.linearId, { extraTimePercent: 50 }).expect(404);
    await api()
      .get(`/api/v1/users/${candidate.user.id}/accommodations`)
      .set(bearer(stranger.token))
      .expect(404);
    expect(await rowCounts(ctx.deps.db)).to.deep.equal(before);
  });
});
