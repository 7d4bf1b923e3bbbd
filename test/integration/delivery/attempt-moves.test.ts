import { randomUUID } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { expect } from 'chai';
import {
  type AttemptMove,
  attemptMovesChannel,
  writeAttemptMove,
} from '../../../server/persistence/attempt-moves.js';
import { insertRows, runPrepared } from '../../../server/persistence/raw-rows.js';
import {
  type AttemptResponseRow,
  type AttemptRow,
  listResponses,
} from '../../../server/persistence/repositories/attempts.js';
import { users } from '../../../server/persistence/schema.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import { type ExamProgramme, makeCandidate, makeExamProgramme, startExam } from '../../support/exam.js';
import { attemptRow, itemAt, rightAnswer } from '../../support/exam-answers.js';

/** A move that logs an answer. */
type AnswerMove = AttemptMove & { readonly response: AttemptResponseRow };

describe('exam delivery: answers written together', function () {
  this.timeout(120_000);
  let ctx: TestContext;
  let programme: ExamProgramme;
  const statements: number[] = [];
  const sent: Array<{ text: string; values: unknown[] }> = [];
  const onStatement = (message: unknown) => {
    const { answers, text, values } = message as { answers: number; text: string; values: unknown[] };
    if (answers > 0) statements.push(answers);
    sent.push({ text, values });
  };
  before(async () => {
    ctx = await createTestContext();
    programme = await makeExamProgramme(ctx.deps);
    subscribe(attemptMovesChannel, onStatement);
  });
  after(async () => {
    unsubscribe(attemptMovesChannel, onStatement);
    await ctx.close();
  });

  /** A running linear attempt as stored, and the write of a right answer at position 1 decided on it. */
  async function running(): Promise<{ row: AttemptRow; write: AnswerMove }> {
    const candidate = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
    const { attempt } = await startExam(ctx.app, candidate, programme.linearId);
    const row = await attemptRow(ctx.deps.db, programme.tenant.id, attempt.id);
    const item = await itemAt(ctx.deps.db, programme.tenant.id, attempt.id, 1);
    const now = new Date();
    const write: AnswerMove = {
      response: {
        tenantId: row.tenantId,
        attemptId: row.id,
        seq: row.lastSeq + 1,
        position: 1,
        itemId: item.itemId,
        itemVersion: item.version,
        domain: item.domain,
        scored: true,
        answer: rightAnswer(item.content),
        marked: false,
        score: 1,
        timeOnItemMs: 1200,
        theta: null,
        se: null,
        receivedAt: now,
      },
      patch: { lastSeq: row.lastSeq + 1, updatedAt: now },
      read: row,
    };
    return { row, write };
  }

  const stored = (row: AttemptRow) => listResponses(ctx.deps.db, row.tenantId, row.id);

  it('writes answers that arrive together in shared statements, each judged on its own attempt', async () => {
    const sittings = await Promise.all(Array.from({ length: 12 }, () => running()));
    // One window's view is out of date (another wrote the row since): that answer alone is left out.
    const outdated = sittings[0] as (typeof sittings)[number];
    const current = sittings.slice(1);
    const writes = [
      { ...outdated.write, read: { ...outdated.row, version: outdated.row.version - 1 } },
      ...current.map((s) => s.write),
    ];
    statements.length = 0;
    const versions = await Promise.all(writes.map((w) => writeAttemptMove(ctx.deps.db, w)));

    expect(versions[0]).to.equal(undefined);
    expect(await stored(outdated.row)).to.have.length(0);
    expect((await attemptRow(ctx.deps.db, outdated.row.tenantId, outdated.row.id)).lastSeq).to.equal(0);
    for (const [i, sitting] of current.entries()) {
      const after = await attemptRow(ctx.deps.db, sitting.row.tenantId, sitting.row.id);
      expect(versions[i + 1])
        .to.equal(after.version)
        .and.to.be.greaterThan(sitting.row.version);
      expect(after.lastSeq).to.equal(1);
      const log = await stored(sitting.row);
      expect(log.map((r) => [r.seq, r.position, r.answer])).to.deep.equal([
        [1, 1, sitting.write.response.answer],
      ]);
    }
    // Twelve answers, fewer statements: those that waited for a free statement went in together.
    expect(statements.reduce((a, b) => a + b, 0)).to.equal(12);
    expect(statements.length).to.be.lessThan(12);
    expect(Math.max(...statements)).to.be.greaterThan(1);
  });

  it('writes one of two answers decided on the same row of one attempt, never both', async () => {
    const { row, write } = await running();
    const second = {
      ...write,
      response: { ...write.response, seq: 2, position: 2 },
      patch: { ...write.patch, lastSeq: 2 },
    };
    const versions = await Promise.all([write, second].map((w) => writeAttemptMove(ctx.deps.db, w)));
    const written = versions.filter((v) => v !== undefined);
    expect(written).to.have.length(1);
    const winner = versions[0] === undefined ? second : write;
    expect((await stored(row)).map((r) => r.seq)).to.deep.equal([winner.response.seq]);
    expect((await attemptRow(ctx.deps.db, row.tenantId, row.id)).lastSeq).to.equal(winner.response.seq);
  });

  it('fails only the answer the database refuses, and writes the others of its statement', async () => {
    const sittings = await Promise.all(Array.from({ length: 8 }, () => running()));
    const refused = sittings[7] as (typeof sittings)[number];
    const others = sittings.slice(0, 7);
    // A log entry without its content domain: the column refuses it, and with it the statement it shares (the
    // last ones queue behind the first ones); those answers are then written one by one.
    const bad = {
      ...refused.write,
      response: { ...refused.write.response, domain: null as unknown as string },
    };
    statements.length = 0;
    const results = await Promise.allSettled(
      [...others.map((s) => s.write), bad].map((w) => writeAttemptMove(ctx.deps.db, w)),
    );
    expect(Math.max(...statements)).to.be.greaterThan(1);
    expect(results[7]?.status).to.equal('rejected');
    expect(await stored(refused.row)).to.have.length(0);
    for (const [i, sitting] of others.entries()) {
      expect(results[i]).to.deep.include({ status: 'fulfilled' });
      expect((await stored(sitting.row)).map((r) => r.seq)).to.deep.equal([1]);
    }
  });

  it("looks each answer's candidate up by key, not by reading every account of the database", async () => {
    // Accounts enough that a scan of them would be the planner's choice on tables not yet analysed (as a new
    // tenant's are), which an answer's account check once was: each answer read every user.
    const now = new Date();
    await insertRows(
      ctx.deps.db,
      users,
      Array.from({ length: 600 }, (_, i) => ({
        tenantId: programme.tenant.id,
        id: randomUUID(),
        email: `bystander-${i}@acme.test`,
        displayName: `Bystander ${i}`,
        roles: ['candidate' as const],
        status: 'active' as const,
        createdAt: now,
        updatedAt: now,
      })),
    );
    // Sixteen at once: the first go alone, those that wait for them share a statement.
    const sittings = await Promise.all(Array.from({ length: 16 }, () => running()));
    sent.length = 0;
    await Promise.all(sittings.map((s) => writeAttemptMove(ctx.deps.db, s.write)));
    const largest = sent.reduce((a, b) => (b.values.length > a.values.length ? b : a));
    expect(largest.values.length).to.be.greaterThan(sent[0]?.values.length ?? 0);
    for (const statement of [sent[0], largest]) {
      if (!statement) throw new Error('no statement was sent');
      const [row] = await runPrepared(
        ctx.deps.db,
        `explain (format json) ${statement.text}`,
        statement.values,
        false,
      );
      const plan = JSON.stringify(row);
      expect(plan).to.include('"Relation Name":"users"');
      expect(plan).not.to.match(/"Node Type":"Seq Scan"[^{}]*"Relation Name":"users"/);
    }
  });
});
