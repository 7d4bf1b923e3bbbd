import { expect } from 'chai';
import request from 'supertest';
import { createTestContext, type TestContext } from '../../support/context.js';
import { type ExamProgramme, checkInFor, makeCandidate, makeExamProgramme } from '../../support/exam.js';
import { FakeClock } from '../../support/fake-clock.js';

/**
 * A check-in that was never begun expires after ten minutes. The candidate must then be able to check in again:
 * the catalogue's "resume" leads to a check-in that cannot begin, and a new check-in must not be refused because
 * of it.
 */
describe('exam delivery: checking in again after an expired check-in', function () {
  this.timeout(120_000);
  const clock = new FakeClock();
  let ctx: TestContext;
  let programme: ExamProgramme;
  before(async () => {
    ctx = await createTestContext({ clock });
    programme = await makeExamProgramme(ctx.deps);
  });
  after(() => ctx.close());

  it('voids the expired check-in and lets the candidate check in again', async () => {
    const candidate = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
    const first = await checkInFor(ctx.app, candidate, programme.linearId);
    const auth = `Bearer ${candidate.token}`;

    // Within ten minutes the check-in is live: checking in again is refused, and the catalogue says resume.
    const early = await request(ctx.app)
      .post(`/api/v1/certifications/${programme.linearId}/check-in/options`)
      .set('Authorization', auth)
      .send({});
    expect(early.status).to.equal(403);

    clock.advance(11 * 60_000);
    const begin = await request(ctx.app)
      .post(`/api/v1/attempts/${first.id}/start`)
      .set('Authorization', auth)
      .send({});
    expect(begin.status, JSON.stringify(begin.body)).to.equal(400);
    expect(begin.body.error.code).to.equal('challenge_invalid');

    // Past ten minutes a new check-in starts, and the expired one is voided.
    const second = await checkInFor(ctx.app, candidate, programme.linearId);
    expect(second.id).to.not.equal(first.id);
    const old = await request(ctx.app).get(`/api/v1/attempts/${first.id}`).set('Authorization', auth);
    expect(old.body.attempt.status).to.equal('voided');
    const catalogue = await request(ctx.app).get('/api/v1/catalogue').set('Authorization', auth);
    const entry = catalogue.body.certifications.find((c: { id: string }) => c.id === programme.linearId);
    expect(entry.eligibility.liveAttemptId).to.equal(second.id);
  });
});
