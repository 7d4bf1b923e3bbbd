import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import type { AttemptView } from '../../../server/app/delivery/attempt-view.js';
import { sweepOverdueAttempts } from '../../../server/app/delivery/sweep-overdue-attempts.js';
import { DEADLINE_GRACE_MS, MAX_BREAK_MS } from '../../../server/domain/assessment/attempt.js';
import { listAuditEntries } from '../../../server/persistence/audit-chain.js';
import { upsertAccommodation } from '../../../server/persistence/repositories/accommodations.js';
import { findResults } from '../../../server/persistence/repositories/attempts.js';
import { credentials } from '../../../server/persistence/schema.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import {
  checkInFor,
  type ExamCandidate,
  type ExamProgramme,
  makeCandidate,
  makeExamProgramme,
} from '../../support/exam.js';
import {
  answerAll,
  attemptRow,
  itemAt,
  move,
  readAttempt,
  rightAnswer,
  save,
  withFreshToken,
} from '../../support/exam-answers.js';
import { FakeClock } from '../../support/fake-clock.js';
import { emailsTo } from '../../support/mailbox.js';
import { rowCounts } from '../../support/row-counts.js';

const MIN = 60_000;
const bearer = (token: string) => `Bearer ${token}`;
/** The linear demo exam: 30 questions, 45 minutes, passed at 70 %. */
const LINEAR_QUESTIONS = 30;
const LINEAR_TIME_MS = 45 * MIN;

describe('exam delivery: time, results and credentials', function () {
  this.timeout(180_000);
  const clock = new FakeClock('2026-11-22T09:00:00.000Z');
  let ctx: TestContext;
  let programme: ExamProgramme;
  before(async () => {
    ctx = await createTestContext({ clock });
    programme = await makeExamProgramme(ctx.deps);
  });
  after(() => ctx.close());

  const api = () => request(ctx.app);
  const tenantId = () => programme.tenant.id;
  const fresh = (c: ExamCandidate) => withFreshToken(ctx.deps, programme.tenant, c);

  async function begin(c: ExamCandidate, certificationId = programme.linearId) {
    const checkedIn = await checkInFor(ctx.app, c, certificationId);
    const res = await api()
      .post(`/api/v1/attempts/${checkedIn.id}/start`)
      .set('Authorization', bearer(c.token))
      .send({});
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body.attempt as AttemptView;
  }

  const credentialsOf = (attemptId: string) =>
    ctx.deps.db.select().from(credentials).where(eq(credentials.attemptId, attemptId));

  const myHistory = async (c: ExamCandidate) => {
    const res = await api().get('/api/v1/me/attempts').set('Authorization', bearer(c.token));
    expect(res.status).to.equal(200);
    return res.body.attempts as Array<{ id: string; status: string; finishedAt: string | null }>;
  };

  describe('the deadline', () => {
    it('passes with nobody there: the sweep submits the saved answers, finished at the deadline, not at the sweep', async () => {
      let c = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
      const attempt = await begin(c);
      expect(attempt.remainingMs).to.equal(LINEAR_TIME_MS);
      const deadline = attempt.deadline as string;
      expect(new Date(deadline).getTime() - clock.now().getTime()).to.equal(LINEAR_TIME_MS);
      // 24 of 30 right (80 %), then the browser is gone.
      await answerAll(ctx.app, ctx.deps, c, attempt, (i) => i < 24);

      clock.advance(LINEAR_TIME_MS + DEADLINE_GRACE_MS);
      await sweepOverdueAttempts(ctx.deps);
      expect((await attemptRow(ctx.deps.db, tenantId(), attempt.id)).status, 'within the grace').to.equal(
        'in_progress',
      );
      clock.advance(20 * MIN);
      expect(await sweepOverdueAttempts(ctx.deps)).to.be.at.least(1);

      const row = await attemptRow(ctx.deps.db, tenantId(), attempt.id);
      expect(row).to.include({ status: 'scored', submittedBy: 'deadline', answeredCount: 30 });
      expect(row.finishedAt?.toISOString()).to.equal(deadline);
      c = fresh(c);
      const seen = await readAttempt(ctx.app, c, attempt.id);
      expect(seen.result).to.include({ passed: true, percentCorrect: 80 });
      expect((await myHistory(c)).find((a) => a.id === attempt.id)?.finishedAt).to.equal(deadline);
      // A pass by the sweep still gets its credential.
      expect(await credentialsOf(attempt.id)).to.have.length(1);
      expect(await sweepOverdueAttempts(ctx.deps), 'nothing left to settle').to.equal(0);
    });

    it('is settled by whoever reads the attempt first, also finished at the deadline', async () => {
      let c = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
      const attempt = await begin(c);
      await save(ctx.app, c, attempt, {
        seq: 1,
        position: 1,
        answer: rightAnswer((await itemAt(ctx.deps.db, tenantId(), attempt.id, 1)).content),
      });
      clock.advance(LINEAR_TIME_MS + DEADLINE_GRACE_MS + 1);
      c = fresh(c);
      const seen = await readAttempt(ctx.app, c, attempt.id);
      expect(seen.status).to.equal('scored');
      expect(seen.remainingMs).to.equal(0);
      expect(seen.result).to.include({ passed: false, percentCorrect: 3.3 });
      expect((await attemptRow(ctx.deps.db, tenantId(), attempt.id)).finishedAt?.toISOString()).to.equal(
        attempt.deadline,
      );
    });

    it('takes an answer sent in the last second that arrives within the grace, and none after it', async () => {
      let c = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
      let attempt = await begin(c);
      const content = (position: number) =>
        itemAt(ctx.deps.db, tenantId(), attempt.id, position).then((item) => item.content);
      clock.advance(LINEAR_TIME_MS + DEADLINE_GRACE_MS);
      c = fresh(c);
      attempt = await save(ctx.app, c, attempt, {
        seq: 1,
        position: 1,
        answer: rightAnswer(await content(1)),
      });
      expect(attempt.remainingMs).to.equal(0);
      clock.advance(1);
      const late = await api()
        .post(`/api/v1/attempts/${attempt.id}/responses`)
        .set('Authorization', bearer(c.token))
        .send({ epoch: attempt.epoch, seq: 2, position: 2, answer: rightAnswer(await content(2)) });
      expect(late.status).to.equal(409);
      expect(late.body.error).to.deep.equal({
        code: 'attempt_over',
        message: 'The time for this exam is over; your saved answers were submitted',
      });
      // Submitted at the deadline with the answer that came in time; scored by the next reader (or the scorer).
      const row = await attemptRow(ctx.deps.db, tenantId(), attempt.id);
      expect(row).to.include({ status: 'submitted', answeredCount: 1, lastSeq: 1 });
      expect(row.finishedAt?.toISOString()).to.equal(attempt.deadline);
      expect((await readAttempt(ctx.app, c, attempt.id)).result).to.include({ percentCorrect: 3.3 });
    });
  });

  describe('breaks', () => {
    it('freeze the time left while paused and move the deadline on by the pause when resumed', async () => {
      let c = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
      await upsertAccommodation(ctx.deps.db, {
        tenantId: tenantId(),
        userId: c.user.id,
        certificationId: programme.linearId,
        extraTimePercent: 50,
        extraTimeMinutes: 0,
        breaksAllowed: 1,
        note: 'Extra time and one break',
        updatedBy: null,
        updatedAt: clock.now(),
      });
      let attempt = await begin(c);
      const allowed = 1.5 * LINEAR_TIME_MS;
      expect(attempt).to.include({ allowedMs: allowed, remainingMs: allowed, breaksAllowed: 1 });
      const firstDeadline = new Date(attempt.deadline as string);

      clock.advance(10 * MIN);
      const paused = await move(ctx.app, c, attempt, 'pause');
      expect(paused.status, JSON.stringify(paused.body)).to.equal(200);
      attempt = paused.body.attempt;
      expect(attempt).to.include({ status: 'paused', remainingMs: allowed - 10 * MIN, breaksTaken: 1 });

      // A break just short of the longest one allowed: the time left stands still all along.
      const pauseMs = MAX_BREAK_MS - MIN;
      clock.advance(pauseMs);
      c = fresh(c);
      await sweepOverdueAttempts(ctx.deps);
      const during = await readAttempt(ctx.app, c, attempt.id);
      expect(during).to.include({ status: 'paused', remainingMs: allowed - 10 * MIN });
      // The clock stands still during a break, so the questions are not on show.
      expect(during).to.include({ form: null, current: null });
      const item = await itemAt(ctx.deps.db, tenantId(), attempt.id, 1);
      const refused = await api()
        .post(`/api/v1/attempts/${attempt.id}/responses`)
        .set('Authorization', bearer(c.token))
        .send({ epoch: attempt.epoch, seq: 1, position: 1, answer: rightAnswer(item.content) });
      expect(refused.status).to.equal(409);
      expect(refused.body.error.message).to.equal('The exam is paused: resume it first');

      const resumed = await move(ctx.app, c, attempt, 'resume');
      expect(resumed.status, JSON.stringify(resumed.body)).to.equal(200);
      attempt = resumed.body.attempt;
      expect(attempt).to.include({ status: 'in_progress', remainingMs: allowed - 10 * MIN });
      expect(attempt.form).to.have.length(LINEAR_QUESTIONS);
      expect(new Date(attempt.deadline as string).getTime()).to.equal(firstDeadline.getTime() + pauseMs);
      attempt = await save(ctx.app, c, attempt, { seq: 1, position: 1, answer: rightAnswer(item.content) });

      clock.advance(MIN);
      const again = await move(ctx.app, c, attempt, 'pause');
      expect(again.status).to.equal(409);
      expect(again.body.error).to.deep.equal({
        code: 'invalid_transition',
        message: 'No break is permitted in this exam',
      });
      expect((await readAttempt(ctx.app, c, attempt.id)).remainingMs).to.equal(allowed - 11 * MIN);
    });

    it('end by themselves once they have lasted 15 minutes: the clock runs again, and the sweep ends a run-out exam', async () => {
      const withBreaks = async () => {
        const c = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
        await upsertAccommodation(ctx.deps.db, {
          tenantId: tenantId(),
          userId: c.user.id,
          certificationId: programme.linearId,
          extraTimePercent: 0,
          extraTimeMinutes: 0,
          breaksAllowed: 2,
          note: null,
          updatedBy: null,
          updatedAt: clock.now(),
        });
        return c;
      };

      // A candidate who stays away 20 minutes: the break ended at 15, and the clock has run for 5 since.
      let c = await withBreaks();
      let attempt = await begin(c);
      const deadline = new Date(attempt.deadline as string).getTime();
      clock.advance(5 * MIN);
      const paused = (await move(ctx.app, c, attempt, 'pause')).body.attempt;
      expect(paused.breakEndsAt).to.equal(new Date(clock.now().getTime() + MAX_BREAK_MS).toISOString());
      clock.advance(20 * MIN);
      c = fresh(c);
      // Resume pressed late: the break ended by itself 5 minutes ago, so 5 more minutes have gone from the clock.
      const resumed = await move(ctx.app, c, paused, 'resume');
      expect(resumed.status, JSON.stringify(resumed.body)).to.equal(200);
      expect(resumed.body.attempt).to.include({
        status: 'in_progress',
        breakEndsAt: null,
        remainingMs: LINEAR_TIME_MS - 10 * MIN,
      });
      expect(resumed.body.attempt.form).to.have.length(LINEAR_QUESTIONS);
      expect(new Date(resumed.body.attempt.deadline as string).getTime()).to.equal(deadline + MAX_BREAK_MS);
      const [ended] = (await listAuditEntries(ctx.deps.db, tenantId())).filter(
        (e) => e.subjectId === attempt.id && e.action === 'attempt.resumed',
      );
      expect(ended?.actorId).to.equal(null);
      expect(ended?.details).to.deep.include({ breakLimitReached: true });
      // A reader after the break's end sees it running too.
      clock.advance(MIN);
      expect(await readAttempt(ctx.app, c, attempt.id)).to.include({
        status: 'in_progress',
        remainingMs: LINEAR_TIME_MS - 11 * MIN,
      });
      // An answer saved now counts.
      const item = await itemAt(ctx.deps.db, tenantId(), attempt.id, 1);
      attempt = await save(ctx.app, c, resumed.body.attempt, {
        seq: 1,
        position: 1,
        answer: rightAnswer(item.content),
      });
      expect(attempt.answered).to.equal(1);

      // A candidate who never comes back: once the break and the time left have both run out, the sweep submits
      // the exam with the saved answers, finishing when the time ran out.
      const gone = await withBreaks();
      const left = await begin(gone);
      const leftDeadline = new Date(left.deadline as string).getTime();
      await move(ctx.app, gone, left, 'pause');
      clock.advance(MAX_BREAK_MS + LINEAR_TIME_MS - 1_000);
      await sweepOverdueAttempts(ctx.deps);
      expect((await attemptRow(ctx.deps.db, tenantId(), left.id)).status).to.equal('paused');
      clock.advance(1_000 + DEADLINE_GRACE_MS + 1);
      await sweepOverdueAttempts(ctx.deps);
      const row = await attemptRow(ctx.deps.db, tenantId(), left.id);
      expect(row.status).to.equal('scored');
      expect(row.finishedAt?.getTime()).to.equal(leftDeadline + MAX_BREAK_MS);
    });

    it('hide the question being asked in an adaptive exam, and give the same one back', async () => {
      const c = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
      await upsertAccommodation(ctx.deps.db, {
        tenantId: tenantId(),
        userId: c.user.id,
        certificationId: programme.adaptiveId,
        extraTimePercent: 0,
        extraTimeMinutes: 0,
        breaksAllowed: 2,
        note: null,
        updatedBy: null,
        updatedAt: clock.now(),
      });
      const attempt = await begin(c, programme.adaptiveId);
      const paused = await move(ctx.app, c, attempt, 'pause');
      expect(paused.body.attempt).to.include({ status: 'paused', current: null, form: null });
      const resumed = await move(ctx.app, c, attempt, 'resume');
      expect(resumed.body.attempt.current).to.deep.equal(attempt.current);
    });

    it('are refused to a candidate without an accommodation, and a resume of a running exam is refused', async () => {
      const c = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
      const attempt = await begin(c);
      const pause = await move(ctx.app, c, attempt, 'pause');
      expect(pause.status).to.equal(409);
      expect(pause.body.error.message).to.equal('No break is permitted in this exam');
      const resume = await move(ctx.app, c, attempt, 'resume');
      expect(resume.status).to.equal(409);
      expect(resume.body.error).to.deep.equal({
        code: 'invalid_transition',
        message: 'Only a paused exam can be resumed',
      });
    });
  });

  describe('submitting', () => {
    it('issues the credential of a pass in the same transaction as the result: on the attempt, in my credentials, by e-mail', async () => {
      const c = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
      const attempt = await begin(c);
      await answerAll(ctx.app, ctx.deps, c, attempt, (i) => i < 27);

      // Signing is down: the submission is taken all the same, and scoring fails whole, not even the result
      // remains; the reader is told the attempt is submitted.
      const signer = ctx.deps.signer as { sign: (...args: never[]) => string };
      const sign = signer.sign;
      signer.sign = () => {
        throw new Error('the signing service is down');
      };
      try {
        const submittedWhileDown = await move(ctx.app, c, attempt, 'submit');
        expect(submittedWhileDown.status, JSON.stringify(submittedWhileDown.body)).to.equal(200);
        expect(submittedWhileDown.body.attempt).to.include({ status: 'submitted', result: null });
        const counts = await rowCounts(ctx.deps.db);
        const read = await readAttempt(ctx.app, c, attempt.id);
        expect(read).to.include({ status: 'submitted', result: null });
        expect(await rowCounts(ctx.deps.db)).to.deep.equal(counts);
      } finally {
        signer.sign = sign;
      }
      expect((await attemptRow(ctx.deps.db, tenantId(), attempt.id)).status).to.equal('submitted');

      // Signing is back: the next reader gets the result.
      const scored = await readAttempt(ctx.app, c, attempt.id);
      expect(scored.status).to.equal('scored');
      const result = scored.result as NonNullable<AttemptView['result']>;
      expect(result).to.include({ passed: true, percentCorrect: 90 });
      const [credential] = await credentialsOf(attempt.id);
      expect(credential).to.include({ source: 'attempt', userId: c.user.id, holderEmail: c.user.email });
      expect(result.credentialId).to.equal(credential?.id);

      const mine = await api().get('/api/v1/me/credentials').set('Authorization', bearer(c.token));
      expect(mine.status).to.equal(200);
      const listed = mine.body.credentials.find((x: { id: string }) => x.id === credential?.id);
      expect(listed).to.deep.include({ source: 'attempt', attemptId: attempt.id, status: 'active' });
      expect(listed.certification.id).to.equal(programme.linearId);

      const emails = await emailsTo(ctx.deps.db, c.user.email);
      expect(emails.map((e) => e.kind)).to.include('credential-issued');
    });

    it('is scored by the sweep when the node that took the submission stopped before scoring it', async () => {
      // No scorer runs in this context: the submission is left as a node that stopped at once would leave it.
      const c = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
      const attempt = await begin(c);
      await answerAll(ctx.app, ctx.deps, c, attempt, (i) => i < 24);
      const submitted = await move(ctx.app, c, attempt, 'submit');
      expect(submitted.body.attempt).to.include({ status: 'submitted', result: null });
      const finishedAt = (await attemptRow(ctx.deps.db, tenantId(), attempt.id)).finishedAt;

      // The candidate cannot check in again while the result that decides the retake wait is not in.
      const catalogue = await api().get('/api/v1/catalogue').set('Authorization', bearer(c.token));
      const entry = catalogue.body.certifications.find((x: { id: string }) => x.id === programme.linearId);
      expect(entry.eligibility.reasons.map((r: { rule: string }) => r.rule)).to.include('result_pending');

      // The scorer of the node that took it has 30 seconds; then any node's sweep scores it.
      clock.advance(20_000);
      expect(await sweepOverdueAttempts(ctx.deps)).to.equal(0);
      expect((await attemptRow(ctx.deps.db, tenantId(), attempt.id)).status).to.equal('submitted');
      clock.advance(15_000);
      expect(await sweepOverdueAttempts(ctx.deps)).to.equal(1);
      const row = await attemptRow(ctx.deps.db, tenantId(), attempt.id);
      expect(row).to.include({ status: 'scored', submittedBy: 'candidate' });
      // Finished when it was submitted, not when it was scored.
      expect(row.finishedAt?.toISOString()).to.equal(finishedAt?.toISOString());
      expect(await credentialsOf(attempt.id)).to.have.length(1);
      const actions = (await listAuditEntries(ctx.deps.db, tenantId()))
        .filter((e) => e.subjectId === attempt.id)
        .map((e) => e.action);
      expect(actions.slice(0, 2), 'newest first').to.deep.equal(['attempt.scored', 'attempt.submitted']);
      expect(await sweepOverdueAttempts(ctx.deps), 'nothing left to score').to.equal(0);
    });

    it('leaves an attempt it keeps failing to score longer alone each time, and scores the others meanwhile', async () => {
      // One pass (its credential needs signing) and one fail (no credential), submitted with no scorer running.
      const passing = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
      const failing = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
      const passed = await begin(passing);
      const failed = await begin(failing);
      await answerAll(ctx.app, ctx.deps, passing, passed, (i) => i < 27);
      await answerAll(ctx.app, ctx.deps, failing, failed, () => false);
      await move(ctx.app, passing, passed, 'submit');
      await move(ctx.app, failing, failed, 'submit');

      const signer = ctx.deps.signer as { sign: (...args: never[]) => string };
      const sign = signer.sign;
      let tries = 0;
      signer.sign = () => {
        tries += 1;
        throw new Error('the signing service is down');
      };
      try {
        clock.advance(31_000);
        // The fail is scored; the pass cannot be, and waits 5 seconds before the sweep tries it again.
        expect(await sweepOverdueAttempts(ctx.deps)).to.equal(1);
        expect((await attemptRow(ctx.deps.db, tenantId(), failed.id)).status).to.equal('scored');
        expect(tries).to.equal(1);
        clock.advance(4_000);
        expect(await sweepOverdueAttempts(ctx.deps)).to.equal(0);
        expect(tries, 'not tried again within 5 s').to.equal(1);
        clock.advance(2_000);
        expect(await sweepOverdueAttempts(ctx.deps)).to.equal(0);
        expect(tries, 'tried again after 5 s').to.equal(2);
        // Then 10 seconds.
        clock.advance(9_000);
        await sweepOverdueAttempts(ctx.deps);
        expect(tries).to.equal(2);
      } finally {
        signer.sign = sign;
      }
      clock.advance(2_000);
      expect(await sweepOverdueAttempts(ctx.deps)).to.equal(1);
      expect((await attemptRow(ctx.deps.db, tenantId(), passed.id)).status).to.equal('scored');
      expect(await credentialsOf(passed.id)).to.have.length(1);
    });

    it('answers a second submit with the same result, storing one result and one credential', async () => {
      const c = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
      const attempt = await begin(c);
      await answerAll(ctx.app, ctx.deps, c, attempt, (i) => i < 25);
      const [first, second] = await Promise.all([
        move(ctx.app, c, attempt, 'submit'),
        move(ctx.app, c, attempt, 'submit'),
      ]);
      const third = await move(ctx.app, c, attempt, 'submit');
      for (const res of [first, second, third]) {
        expect(res.status, JSON.stringify(res.body)).to.equal(200);
        expect(res.body.attempt.status).to.equal('submitted');
      }
      // Two readers at once: one scores it, the other waits for that and reads the same result.
      const [one, other] = await Promise.all([
        readAttempt(ctx.app, c, attempt.id),
        readAttempt(ctx.app, c, attempt.id),
      ]);
      expect(one.result).to.include({ passed: true });
      expect(other.result).to.deep.equal(one.result);
      const fourth = await move(ctx.app, c, attempt, 'submit');
      expect(fourth.body.attempt.result).to.deep.equal(one.result);
      expect(await findResults(ctx.deps.db, tenantId(), [attempt.id])).to.have.length(1);
      expect(await credentialsOf(attempt.id)).to.have.length(1);
      const issued = (await emailsTo(ctx.deps.db, c.user.email)).filter(
        (e) => e.kind === 'credential-issued',
      );
      expect(issued).to.have.length(1);
    });

    it('does not pass an adaptive exam submitted before its shortest length: questions not reached count as wrong', async () => {
      // The demo adaptive exam starts θ̂ at the cut (0) and needs 20 to 30 scored questions.
      const empty = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
      const right = async (c: ExamCandidate, attempt: AttemptView) => {
        const position = attempt.current?.position as number;
        const item = await itemAt(ctx.deps.db, tenantId(), attempt.id, position);
        return save(ctx.app, c, attempt, {
          seq: attempt.lastSeq + 1,
          position,
          answer: rightAnswer(item.content),
        });
      };
      const untouched = await begin(empty, programme.adaptiveId);
      const submitted = await move(ctx.app, empty, untouched, 'submit');
      expect(submitted.status, JSON.stringify(submitted.body)).to.equal(200);
      expect((await readAttempt(ctx.app, empty, untouched.id)).result).to.include({
        passed: false,
        credentialId: null,
      });

      // Two right answers and out: a strong start, but 18 questions short.
      const lucky = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
      let attempt = await begin(lucky, programme.adaptiveId);
      for (let i = 0; i < 2; i++) attempt = await right(lucky, attempt);
      expect((await attemptRow(ctx.deps.db, tenantId(), attempt.id)).progress)
        .to.have.nested.property('cat.theta')
        .above(0);
      await move(ctx.app, lucky, attempt, 'submit');
      const early = await readAttempt(ctx.app, lucky, attempt.id);
      expect(early.result?.passed, JSON.stringify(early.result)).to.equal(false);
      expect(await credentialsOf(attempt.id)).to.deep.equal([]);
    });

    it('gives a fail no credential, and then refuses more answers', async () => {
      const c = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
      const attempt = await begin(c);
      await answerAll(ctx.app, ctx.deps, c, attempt, (i) => i < 20);
      const submitted = await move(ctx.app, c, attempt, 'submit');
      expect(submitted.body.attempt).to.include({ status: 'submitted', answered: LINEAR_QUESTIONS });
      const read = await readAttempt(ctx.app, c, attempt.id);
      expect(read.result).to.include({ passed: false, credentialId: null });
      expect(read.answered).to.equal(LINEAR_QUESTIONS);
      expect(await credentialsOf(attempt.id)).to.deep.equal([]);
      const more = await api()
        .post(`/api/v1/attempts/${attempt.id}/responses`)
        .set('Authorization', bearer(c.token))
        .send({ epoch: attempt.epoch, seq: 999, position: 1, answer: { optionId: randomUUID() } });
      expect(more.status).to.equal(409);
      expect(more.body.error.code).to.equal('attempt_over');
    });
  });
});
