import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type { AttemptView } from '../../../server/app/delivery/attempt-view.js';
import { startScorer } from '../../../server/app/delivery/scoring.js';
import { findResults } from '../../../server/persistence/repositories/attempts.js';
import { credentials } from '../../../server/persistence/schema.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import { type ExamProgramme, makeCandidate, makeExamProgramme, startExam } from '../../support/exam.js';
import { answerAll, attemptRow, move } from '../../support/exam-answers.js';
import { emailsTo } from '../../support/mailbox.js';

describe("exam delivery: the node's scorer", function () {
  this.timeout(180_000);
  let ctx: TestContext;
  let programme: ExamProgramme;
  before(async () => {
    ctx = await createTestContext();
    programme = await makeExamProgramme(ctx.deps);
  });
  after(() => ctx.close());

  /** A linear attempt answered (27 of 30 right to pass, none to fail) and submitted, with no scorer running. */
  async function submitted(pass: boolean) {
    const candidate = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
    const { attempt } = await startExam(ctx.app, candidate, programme.linearId);
    await answerAll(ctx.app, ctx.deps, candidate, attempt, (i) => pass && i < 27);
    const res = await move(ctx.app, candidate, attempt, 'submit');
    expect(res.body.attempt).to.include({ status: 'submitted', result: null });
    return { candidate, attempt: res.body.attempt as AttemptView, pass };
  }

  const credentialsOf = (attemptId: string) =>
    ctx.deps.db.select().from(credentials).where(eq(credentials.attemptId, attemptId));

  /** Counts the transactions the database opens while `work` runs. */
  async function countingTransactions(work: () => Promise<void>): Promise<number> {
    const db = ctx.deps.db as { transaction: (...args: never[]) => unknown };
    const transaction = db.transaction;
    let opened = 0;
    db.transaction = (...args: never[]) => {
      opened += 1;
      return transaction.apply(db, args);
    };
    try {
      await work();
    } finally {
      db.transaction = transaction;
    }
    return opened;
  }

  it('scores a burst of submissions in a few transactions, each attempt with its own result, credential and e-mail', async () => {
    const sittings: Awaited<ReturnType<typeof submitted>>[] = [];
    for (const pass of [true, false, true, true, false, true, false, true])
      sittings.push(await submitted(pass));
    const scorer = startScorer(() => ctx.deps);
    const transactions = await countingTransactions(async () => {
      for (const s of sittings) scorer.schedule({ tenantId: programme.tenant.id, id: s.attempt.id });
      await scorer.idle();
    });
    // The first goes at once; the seven waiting behind it go together.
    expect(transactions).to.equal(2);

    for (const s of sittings) {
      expect((await attemptRow(ctx.deps.db, programme.tenant.id, s.attempt.id)).status).to.equal('scored');
      const [result] = await findResults(ctx.deps.db, programme.tenant.id, [s.attempt.id]);
      expect(result?.passed).to.equal(s.pass);
      // Scored on its own answers (27 of 30 right, or none) and its candidate's record (a fail's retake date).
      expect(result?.percentCorrect).to.equal(s.pass ? 90 : 0);
      expect(result?.earliestRetakeAt === null).to.equal(s.pass);
      const issued = await credentialsOf(s.attempt.id);
      expect(issued).to.have.length(s.pass ? 1 : 0);
      expect(result?.credentialId ?? null).to.equal(issued[0]?.id ?? null);
      const emails = (await emailsTo(ctx.deps.db, s.candidate.user.email)).map((e) => e.kind);
      expect(emails.filter((kind) => kind === 'credential-issued')).to.have.length(s.pass ? 1 : 0);
    }
    // Eight passes and fails, five credentials: each on its own status-list index.
    const indexes = (await ctx.deps.db.select().from(credentials)).map((c) => c.statusListIndex);
    expect(new Set(indexes).size).to.equal(indexes.length);
  });

  it('scores the others of a burst when one of them cannot be scored, and leaves that one to the sweep', async () => {
    const sittings: Awaited<ReturnType<typeof submitted>>[] = [];
    for (const pass of [false, false, true, false, false]) sittings.push(await submitted(pass));
    const signer = ctx.deps.signer as { sign: (...args: never[]) => string };
    const sign = signer.sign;
    signer.sign = () => {
      throw new Error('the signing service is down');
    };
    try {
      const scorer = startScorer(() => ctx.deps);
      for (const s of sittings) scorer.schedule({ tenantId: programme.tenant.id, id: s.attempt.id });
      await scorer.idle();
    } finally {
      signer.sign = sign;
    }
    for (const s of sittings) {
      const row = await attemptRow(ctx.deps.db, programme.tenant.id, s.attempt.id);
      // The pass needs its credential signed: it waits, submitted, with nothing of its result written.
      expect(row.status).to.equal(s.pass ? 'submitted' : 'scored');
      expect(await findResults(ctx.deps.db, programme.tenant.id, [s.attempt.id])).to.have.length(
        s.pass ? 0 : 1,
      );
    }
  });
});
