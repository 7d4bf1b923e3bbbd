import { expect } from 'chai';
import request from 'supertest';
import type { AttemptView } from '../../../server/app/delivery/attempt-view.js';
import { countResponses, listResponses } from '../../../server/persistence/repositories/attempts.js';
import { updateUser } from '../../../server/persistence/repositories/users.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import {
  type ExamCandidate,
  type ExamProgramme,
  makeCandidate,
  makeExamProgramme,
  startExam,
} from '../../support/exam.js';
import {
  attemptRow,
  itemAt,
  makeFixedExam,
  submitAndRead,
  rightAnswer,
  save,
  wrongAnswer,
} from '../../support/exam-answers.js';
import { makeTenant, makeUser, tokenFor } from '../../support/factories.js';
import { rowCounts } from '../../support/row-counts.js';

const bearer = (token: string) => `Bearer ${token}`;

describe('exam delivery: saving answers', function () {
  this.timeout(120_000);
  let ctx: TestContext;
  let programme: ExamProgramme;
  before(async () => {
    ctx = await createTestContext();
    programme = await makeExamProgramme(ctx.deps);
  });
  after(() => ctx.close());

  const api = () => request(ctx.app);
  const tenantId = () => programme.tenant.id;

  function post(c: ExamCandidate, attemptId: string, body: unknown) {
    return api()
      .post(`/api/v1/attempts/${attemptId}/responses`)
      .set('Authorization', bearer(c.token))
      .send(body as object);
  }

  async function running(certificationId: string) {
    const c = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
    const { attempt } = await startExam(ctx.app, c, certificationId);
    return { c, attempt };
  }

  /** Every table's row count and the attempt row itself, which a refused save must leave as they were. */
  async function snapshot(attemptId: string) {
    return {
      counts: await rowCounts(ctx.deps.db),
      attempt: await attemptRow(ctx.deps.db, tenantId(), attemptId),
    };
  }

  it('stores a save sent twice once, and acknowledges it both times', async () => {
    const { c, attempt } = await running(programme.linearId);
    const item = await itemAt(ctx.deps.db, tenantId(), attempt.id, 3);
    const body = {
      epoch: attempt.epoch,
      seq: 1,
      position: 3,
      answer: rightAnswer(item.content),
      marked: true,
    };
    const first = await post(c, attempt.id, body);
    const second = await post(c, attempt.id, body);
    expect([first.status, second.status]).to.deep.equal([200, 200]);
    expect(second.body.attempt.lastSeq).to.equal(1);
    expect(second.body.attempt.form[2]).to.deep.include({ position: 3, answer: body.answer, marked: true });
    expect(await countResponses(ctx.deps.db, tenantId(), attempt.id)).to.equal(1);
    expect(second.body.attempt.answered).to.equal(1);
  });

  it('acknowledges a retried save of every item type, whatever key order the database keeps its answer in', async () => {
    const fixedId = await makeFixedExam(ctx.deps, programme.tenant, [
      'numeric',
      'matching',
      'ordering',
      'multiple_response',
      'single_choice',
      'true_false',
      'short_text',
    ]);
    const { c, attempt } = await running(fixedId);
    expect(attempt.form).to.have.length(7);
    let now = attempt;
    for (const slot of attempt.form ?? []) {
      const item = await itemAt(ctx.deps.db, tenantId(), attempt.id, slot.position);
      // Keys in the reverse of their order: jsonb keeps its own (shorter keys first), so `{value, unit}` comes
      // back as `{unit, value}` and matching pairs come back sorted.
      const body = {
        epoch: attempt.epoch,
        seq: slot.position,
        position: slot.position,
        answer: reversedKeys(rightAnswer(item.content)),
      };
      const first = await post(c, attempt.id, body);
      const retried = await post(c, attempt.id, body);
      expect([first.status, retried.status], `${item.content.type}: ${retried.text}`).to.deep.equal([
        200, 200,
      ]);
      now = retried.body.attempt;
    }
    expect(await countResponses(ctx.deps.db, tenantId(), attempt.id)).to.equal(7);
    const submitted = await submitAndRead(ctx.app, c, now);
    expect(submitted.result).to.include({ passed: true, percentCorrect: 100 });
  });

  it('stores changed answers as new saves and shows the latest; a null answer clears the question', async () => {
    const { c, attempt } = await running(programme.linearId);
    const item = await itemAt(ctx.deps.db, tenantId(), attempt.id, 1);
    let now = await save(ctx.app, c, attempt, { seq: 1, position: 1, answer: wrongAnswer(item.content) });
    now = await save(ctx.app, c, now, { seq: 2, position: 1, answer: rightAnswer(item.content) });
    expect(now.form?.[0]?.answer).to.deep.equal(rightAnswer(item.content));
    now = await save(ctx.app, c, now, { seq: 3, position: 1, answer: null });
    expect(now.form?.[0]?.answer).to.equal(null);
    expect(now.answered).to.equal(0);
    const log = await listResponses(ctx.deps.db, tenantId(), attempt.id);
    expect(log.map((r) => [r.seq, r.score])).to.deep.equal([
      [1, 0],
      [2, 1],
      [3, null],
    ]);
  });

  it('refuses a save older than the newest one stored, and overwrites nothing', async () => {
    const { c, attempt } = await running(programme.linearId);
    const item = await itemAt(ctx.deps.db, tenantId(), attempt.id, 2);
    const saved = await save(ctx.app, c, attempt, { seq: 5, position: 2, answer: rightAnswer(item.content) });
    const before = await snapshot(attempt.id);
    for (const seq of [4, 5, 1]) {
      const res = await post(c, attempt.id, {
        epoch: saved.epoch,
        seq,
        position: 2,
        answer: wrongAnswer(item.content),
      });
      expect(res.status, `seq ${seq}`).to.equal(409);
      expect(res.body.error).to.deep.equal({
        code: 'stale_save',
        message: 'An answer newer than this one (sequence 5) is already saved; reopen the exam to continue',
      });
    }
    expect(await snapshot(attempt.id)).to.deep.equal(before);
  });

  it('stores exactly one of ten different saves with one sequence number sent at once, and refuses the rest', async () => {
    // All ten read the attempt before any has written: only one may move it on, the others must find out.
    const { c, attempt } = await running(programme.linearId);
    const items = await Promise.all(
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((p) => itemAt(ctx.deps.db, tenantId(), attempt.id, p)),
    );
    const bodies = items.map((item, i) => ({
      epoch: attempt.epoch,
      seq: 1,
      position: i + 1,
      answer: rightAnswer(item.content),
    }));
    const answers = await Promise.all(bodies.map((body) => post(c, attempt.id, body)));
    const accepted = answers.flatMap((res, i) => (res.status === 200 ? [i] : []));
    expect(accepted, answers.map((res) => res.status).join(', ')).to.have.length(1);
    for (const res of answers.filter((r) => r.status !== 200)) {
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('stale_save');
    }
    const stored = await listResponses(ctx.deps.db, tenantId(), attempt.id);
    expect(stored.map((r) => [r.seq, r.position])).to.deep.equal([[1, (accepted[0] as number) + 1]]);
    expect((await attemptRow(ctx.deps.db, tenantId(), attempt.id)).lastSeq).to.equal(1);
  });

  it('refuses the window that opened first once another has opened the attempt, in turn, overwriting nothing', async () => {
    const { c, attempt: first } = await running(programme.linearId);
    const item = await itemAt(ctx.deps.db, tenantId(), first.id, 1);
    const open = async () => {
      const res = await api()
        .post(`/api/v1/attempts/${first.id}/session`)
        .set('Authorization', bearer(c.token))
        .send({});
      expect(res.status).to.equal(200);
      expect(res.body.attemptToken).to.be.a('string');
      return res.body.attempt as AttemptView;
    };
    const second = await open();
    expect(second.epoch).to.equal(first.epoch + 1);

    // The second window saves; the first, still on its old epoch, saves after it and is refused.
    let latest = await save(ctx.app, c, second, { seq: 1, position: 1, answer: rightAnswer(item.content) });
    const before = await snapshot(first.id);
    const stale = await post(c, first.id, {
      epoch: first.epoch,
      seq: 2,
      position: 1,
      answer: wrongAnswer(item.content),
    });
    expect(stale.status).to.equal(409);
    expect(stale.body.error).to.deep.equal({
      code: 'stale_save',
      message: 'This exam was opened in another window or tab: continue there, or reopen it here',
    });
    expect(await snapshot(first.id)).to.deep.equal(before);

    // The first window reopens the attempt and takes it over: now the second one is stale.
    const reopened = await open();
    expect(reopened.form?.[0]?.answer).to.deep.equal(rightAnswer(item.content));
    expect(reopened.lastSeq).to.equal(1);
    latest = await save(ctx.app, c, reopened, { seq: 2, position: 1, answer: wrongAnswer(item.content) });
    const refused = await post(c, first.id, {
      epoch: second.epoch,
      seq: 3,
      position: 1,
      answer: rightAnswer(item.content),
    });
    expect(refused.status).to.equal(409);
    expect(refused.body.error.code).to.equal('stale_save');
    for (const move of ['pause', 'submit'] as const) {
      const res = await api()
        .post(`/api/v1/attempts/${first.id}/${move}`)
        .set('Authorization', bearer(c.token))
        .send({ epoch: second.epoch });
      expect(res.status, move).to.equal(409);
      expect(res.body.error.code, move).to.equal('stale_save');
    }
    const now = await api().get(`/api/v1/attempts/${first.id}`).set('Authorization', bearer(c.token));
    expect(now.body.attempt.form[0].answer).to.deep.equal(latest.form?.[0]?.answer);
    expect(now.body.attempt.status).to.equal('in_progress');
    expect(await countResponses(ctx.deps.db, tenantId(), first.id)).to.equal(2);
  });

  it('refuses malformed answers with a 400 that says what is wrong, and writes nothing anywhere', async () => {
    const { c, attempt } = await running(programme.linearId);
    const item = await itemAt(ctx.deps.db, tenantId(), attempt.id, 1);
    const good = rightAnswer(item.content);
    const [field] = Object.keys(good);
    const bodies: Array<[string, unknown]> = [
      ['an unknown option', { ...base(), answer: unknownOption(item.content.type, good) }],
      ['the wrong shape', { ...base(), answer: { [field as string]: { nested: true } } }],
      ['an extra field in the answer', { ...base(), answer: { ...good, confidence: 'high' } }],
      [
        'another item type’s answer',
        { ...base(), answer: item.content.type === 'short_text' ? { optionId: 'A' } : { text: 'hello' } },
      ],
      ['an answer that is not an object', { ...base(), answer: 'B' }],
      ['an extra field in the save', { ...base(), answer: good, clientTime: 'now' }],
      ['no sequence number', { epoch: attempt.epoch, position: 1, answer: good }],
      ['position 0', { ...base(), position: 0, answer: good }],
      ['a fractional sequence number', { ...base(), seq: 1.5, answer: good }],
      ['a negative time on the item', { ...base(), answer: good, timeOnItemMs: -1 }],
    ];
    function base() {
      return { epoch: attempt.epoch, seq: 1, position: 1 };
    }
    const before = await snapshot(attempt.id);
    for (const [what, body] of bodies) {
      const res = await post(c, attempt.id, body);
      expect(res.status, `${what}: ${JSON.stringify(res.body)}`).to.equal(400);
      expect(res.body.error.code, what).to.equal('validation_failed');
      expect(res.body.error.message, what).to.be.a('string').and.not.equal('');
    }
    expect(await snapshot(attempt.id)).to.deep.equal(before);
    // And the same save done right is taken.
    await save(ctx.app, c, attempt, { seq: 1, position: 1, answer: good });
  });

  it('refuses an answer to a question this form does not have', async () => {
    const { c, attempt } = await running(programme.linearId);
    const before = await snapshot(attempt.id);
    const res = await post(c, attempt.id, {
      epoch: attempt.epoch,
      seq: 1,
      position: (attempt.form?.length ?? 0) + 1,
      answer: { optionId: 'A' },
    });
    expect(res.status).to.equal(409);
    expect(res.body.error).to.deep.equal({
      code: 'item_not_served',
      message: 'This exam has no question 31',
    });
    expect(await snapshot(attempt.id)).to.deep.equal(before);
  });

  describe('in an adaptive exam', () => {
    it('takes an answer only to the question being asked, and only once', async () => {
      const { c, attempt } = await running(programme.adaptiveId);
      expect(attempt.current?.position).to.equal(1);
      const first = await itemAt(ctx.deps.db, tenantId(), attempt.id, 1);
      const before = await snapshot(attempt.id);
      for (const position of [2, 5]) {
        const res = await post(c, attempt.id, {
          epoch: attempt.epoch,
          seq: 1,
          position,
          answer: rightAnswer(first.content),
        });
        expect(res.status, `position ${position}`).to.equal(409);
        expect(res.body.error).to.deep.equal({
          code: 'item_not_served',
          message: `Question ${position} is not the one being asked now`,
        });
      }
      const cleared = await post(c, attempt.id, { epoch: attempt.epoch, seq: 1, position: 1, answer: null });
      expect(cleared.status).to.equal(400);
      expect(cleared.body.error.message).to.equal('Answer the question: in this exam answers are final');
      expect(await snapshot(attempt.id)).to.deep.equal(before);

      const next = await save(ctx.app, c, attempt, {
        seq: 1,
        position: 1,
        answer: rightAnswer(first.content),
      });
      expect(next.current?.position).to.equal(2);
      expect(next.answered).to.equal(1);
      // The same save again (a retry after a lost acknowledgement) is acknowledged with the attempt as it is.
      const retried = await post(c, attempt.id, {
        epoch: attempt.epoch,
        seq: 1,
        position: 1,
        answer: rightAnswer(first.content),
      });
      expect(retried.status).to.equal(200);
      expect(retried.body.attempt.current).to.deep.equal(next.current);
      // Answering question 1 again (a new sequence number) is answering a question no longer asked.
      const again = await post(c, attempt.id, {
        epoch: next.epoch,
        seq: 2,
        position: 1,
        answer: rightAnswer(first.content),
      });
      expect(again.status).to.equal(409);
      expect(again.body.error.code).to.equal('item_not_served');
      expect(await countResponses(ctx.deps.db, tenantId(), attempt.id)).to.equal(1);
    });

    it('never sends the answer key or IRT parameters to the candidate', async () => {
      const { attempt } = await running(programme.adaptiveId);
      const text = JSON.stringify(attempt);
      for (const secret of ['"key"', '"irt"', '"correct"', '"pretest"', '"params"', '"seed"'])
        expect(text).to.not.contain(secret);
    });
  });

  describe('whose attempt', () => {
    it("answers 404 for another candidate's attempt, whatever is asked", async () => {
      const { attempt } = await running(programme.linearId);
      const other = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
      const foreignTenant = await makeTenant(ctx.deps);
      const foreignAdmin = await makeUser(ctx.deps, foreignTenant, { roles: ['admin', 'candidate'] });
      const before = await snapshot(attempt.id);
      const callers = [
        { who: 'another candidate', token: other.token, mayVoid: false },
        {
          who: "another tenant's admin",
          token: tokenFor(ctx.deps, foreignTenant, foreignAdmin),
          mayVoid: true,
        },
      ];
      const epoch = { epoch: attempt.epoch };
      const calls: Array<[string, () => request.Test, boolean]> = [
        ['GET', () => api().get(`/api/v1/attempts/${attempt.id}`), true],
        ['start', () => api().post(`/api/v1/attempts/${attempt.id}/start`).send({}), true],
        ['session', () => api().post(`/api/v1/attempts/${attempt.id}/session`).send({}), true],
        [
          'responses',
          () =>
            api()
              .post(`/api/v1/attempts/${attempt.id}/responses`)
              .send({ ...epoch, seq: 1, position: 1, answer: null }),
          true,
        ],
        ['pause', () => api().post(`/api/v1/attempts/${attempt.id}/pause`).send(epoch), true],
        ['resume', () => api().post(`/api/v1/attempts/${attempt.id}/resume`).send(epoch), true],
        ['submit', () => api().post(`/api/v1/attempts/${attempt.id}/submit`).send(epoch), true],
        [
          'void',
          () =>
            api()
              .post(`/api/v1/attempts/${attempt.id}/void`)
              .send({ reason: 'not mine to void', technicalFault: false }),
          false,
        ],
      ];
      for (const caller of callers) {
        for (const [what, call, candidatesMay] of calls) {
          const res = await call().set('Authorization', bearer(caller.token));
          const where = `${what} by ${caller.who}: ${JSON.stringify(res.body)}`;
          if (!candidatesMay && !caller.mayVoid) {
            // Only admins void: a candidate is refused before any attempt is looked up.
            expect(res.status, where).to.equal(403);
            continue;
          }
          expect(res.status, where).to.equal(404);
          expect(res.body.error, where).to.deep.equal({ code: 'not_found', message: 'No such attempt' });
        }
      }
      expect(await snapshot(attempt.id)).to.deep.equal(before);
    });

    it("refuses a disabled candidate's token on the next save", async () => {
      const { c, attempt } = await running(programme.linearId);
      const item = await itemAt(ctx.deps.db, tenantId(), attempt.id, 1);
      await save(ctx.app, c, attempt, { seq: 1, position: 1, answer: rightAnswer(item.content) });
      await updateUser(ctx.deps.db, tenantId(), c.user.id, { status: 'disabled' });
      const before = await snapshot(attempt.id);
      const res = await post(c, attempt.id, {
        epoch: attempt.epoch,
        seq: 2,
        position: 1,
        answer: wrongAnswer(item.content),
      });
      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('unauthenticated');
      expect(await snapshot(attempt.id)).to.deep.equal(before);
    });
  });
});

/** An answer of the right shape naming an option the item does not have. */
function unknownOption(type: string, good: Record<string, unknown>): Record<string, unknown> {
  switch (type) {
    case 'single_choice':
      return { optionId: 'no-such-option' };
    case 'multiple_response':
      return { optionIds: ['no-such-option'] };
    case 'ordering':
      return { order: ['no-such-option'] };
    case 'matching':
      return { pairs: { 'no-such-prompt': 'x' } };
    default:
      return { ...good, unexpected: true };
  }
}

/** The same value with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, inner]) => [key, reversedKeys(inner)]),
  );
}
