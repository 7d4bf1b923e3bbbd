import { expect } from 'chai';
import { listAuditEntries, verifyAuditChain } from '../../../server/persistence/audit-chain.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import { readAttempt, still } from '../../support/exam-answers.js';
import {
  anyAnswer,
  type ExamProgramme,
  makeCandidate,
  makeExamProgramme,
  postAnswer,
  startExam,
} from '../../support/exam.js';

describe('exam delivery: the acknowledgement of an answer is the attempt as stored', function () {
  this.timeout(120_000);
  let ctx: TestContext;
  let programme: ExamProgramme;
  before(async () => {
    ctx = await createTestContext();
    programme = await makeExamProgramme(ctx.deps);
  });
  after(() => ctx.close());

  it('adaptive: every answer, a repeated save and the last answer are acknowledged with the stored attempt', async () => {
    const candidate = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
    let { attempt } = await startExam(ctx.app, candidate, programme.adaptiveId);
    let seq = 0;
    while (attempt.status === 'in_progress' && attempt.current) {
      seq += 1;
      const save = {
        epoch: attempt.epoch,
        seq,
        position: attempt.current.position,
        answer: anyAnswer(attempt.current.item as never),
      };
      const res = await postAnswer(ctx.app, candidate, attempt.id, save);
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      attempt = res.body.attempt;
      // The last answer is acknowledged as submitted; reading it then scores it (below).
      if (attempt.status === 'in_progress')
        expect(still(attempt)).to.deep.equal(still(await readAttempt(ctx.app, candidate, attempt.id)));
      if (seq === 3) {
        const again = await postAnswer(ctx.app, candidate, attempt.id, save);
        expect(again.status, JSON.stringify(again.body)).to.equal(200);
        expect(still(again.body.attempt)).to.deep.equal(still(attempt));
      }
    }
    // The engine stopped: the last answer is stored and the attempt submitted, its result not worked out yet.
    expect(attempt).to.include({ status: 'submitted', result: null, lastSeq: seq, current: null });
    expect(attempt.answered).to.equal(seq);
    // Its submission is in the audit chain, by the candidate, and the chain still holds.
    const submitted = (await listAuditEntries(ctx.deps.db, candidate.user.tenantId)).filter(
      (e) => e.subjectId === attempt.id && e.action === 'attempt.submitted',
    );
    expect(submitted).to.have.length(1);
    expect(submitted[0]?.actorId).to.equal(candidate.user.id);
    expect(submitted[0]?.details).to.include({ submittedBy: 'engine' });
    expect((await verifyAuditChain(ctx.deps.db, candidate.user.tenantId)).intact).to.equal(true);
    // Nobody scored it yet here (no scorer runs in this context): the first reader does, and sees the result.
    const read = await readAttempt(ctx.app, candidate, attempt.id);
    expect(read).to.include({ status: 'scored', lastSeq: seq, answered: seq });
    expect(read.result).to.not.equal(null);
  });

  it('linear: answers and a cleared answer are acknowledged with the stored form', async () => {
    const candidate = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
    const { attempt } = await startExam(ctx.app, candidate, programme.linearId);
    const form = attempt.form ?? [];
    const saves = [
      { position: 1, answer: anyAnswer(form[0]?.item as never) },
      { position: 2, answer: anyAnswer(form[1]?.item as never), marked: true },
      { position: 1, answer: null },
    ];
    for (const [i, save] of saves.entries()) {
      const res = await postAnswer(ctx.app, candidate, attempt.id, {
        epoch: attempt.epoch,
        seq: i + 1,
        ...save,
      });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(still(res.body.attempt)).to.deep.equal(still(await readAttempt(ctx.app, candidate, attempt.id)));
    }
    const stored = await readAttempt(ctx.app, candidate, attempt.id);
    expect(stored.answered).to.equal(1);
    expect(stored.form?.[1]?.marked).to.equal(true);
  });
});
