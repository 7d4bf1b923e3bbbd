import { expect } from 'chai';
import { createTestContext, type TestContext } from '../../support/context.js';
import {
  anyAnswer,
  type ExamProgramme,
  makeCandidate,
  makeExamProgramme,
  postAnswer,
  startExam,
} from '../../support/exam.js';

describe('exam delivery: an adaptive exam through REST', function () {
  this.timeout(120_000);
  let ctx: TestContext;
  let programme: ExamProgramme;
  before(async () => {
    ctx = await createTestContext();
    programme = await makeExamProgramme(ctx.deps);
  });
  after(() => ctx.close());

  it('checks in, answers to the end and is scored', async () => {
    const candidate = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
    let { attempt } = await startExam(ctx.app, candidate, programme.adaptiveId);
    expect(attempt.status).to.equal('in_progress');
    let seq = 0;
    while (attempt.status === 'in_progress' && attempt.current) {
      seq += 1;
      const res = await postAnswer(ctx.app, candidate, attempt.id, {
        epoch: attempt.epoch,
        seq,
        position: attempt.current.position,
        answer: anyAnswer(attempt.current.item as never),
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      attempt = res.body.attempt;
    }
    expect(attempt.status).to.equal('scored');
    expect(attempt.result).to.not.equal(null);
  });
});
