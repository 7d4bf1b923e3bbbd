import { expect } from 'chai';
import fc from 'fast-check';
import request from 'supertest';
import type { AttemptView } from '../../../server/app/delivery/attempt-view.js';
import { ERROR_CODES } from '../../../server/domain/errors.js';
import { countResponses } from '../../../server/persistence/repositories/attempts.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import { type ExamCandidate, makeCandidate, makeExamProgramme, startExam } from '../../support/exam.js';
import { attemptRow, itemAt, rightAnswer } from '../../support/exam-answers.js';
import { rowCounts } from '../../support/row-counts.js';

// The generic route fuzzer (fuzz-routes.test.ts) has no running attempt to aim at, so its saves stop at "no such
// attempt". Here saves go to running attempts of both kinds, with bodies that are mostly well-formed around the
// real epoch, sequence and position and answers of every shape: none may answer 5xx, a refusal carries the
// error body and writes nothing, and an accepted save writes exactly one response.

const RUNS = Number(process.env.FUZZ_RUNS) || 60;

/** Answers: each item type's fields with values of any JSON type, options real and made up, and junk. */
function answers(options: readonly string[]): fc.Arbitrary<unknown> {
  const id = fc.oneof(
    fc.constantFrom(...options, 'A', '__proto__', 'constructor', ''),
    fc.string({ maxLength: 6 }),
  );
  const anyValue = fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(
    fc.record({ optionId: fc.oneof(id, anyValue) }),
    fc.record({ optionIds: fc.oneof(fc.array(id, { maxLength: 6 }), anyValue) }),
    fc.record({ value: fc.oneof(fc.boolean(), fc.double(), fc.integer(), anyValue) }),
    fc.record(
      { value: fc.oneof(fc.double(), fc.integer()), unit: fc.oneof(fc.string({ maxLength: 4 }), anyValue) },
      { requiredKeys: ['value'] },
    ),
    fc.record({ text: fc.oneof(fc.string({ maxLength: 600 }), anyValue) }),
    fc.record({
      order: fc.oneof(fc.array(id, { maxLength: 8 }), fc.shuffledSubarray([...options]), anyValue),
    }),
    fc.record({ pairs: fc.oneof(fc.dictionary(id, id, { maxKeys: 5 }), anyValue) }),
    fc.dictionary(fc.string({ maxLength: 10 }), anyValue, { maxKeys: 5 }),
    anyValue,
  );
}

describe('exam delivery: fuzzed saves on running attempts', function () {
  this.timeout(600_000);
  let ctx: TestContext;
  let candidate: ExamCandidate;
  const attempts: Record<'adaptive' | 'linear', AttemptView> = {} as never;
  let tenantId: string;

  before(async () => {
    ctx = await createTestContext();
    const programme = await makeExamProgramme(ctx.deps);
    tenantId = programme.tenant.id;
    candidate = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
    attempts.adaptive = (await startExam(ctx.app, candidate, programme.adaptiveId)).attempt;
    attempts.linear = (await startExam(ctx.app, candidate, programme.linearId)).attempt;
  });
  after(() => ctx.close());

  for (const mode of ['linear', 'adaptive'] as const) {
    it(`never answers 5xx to a save on a running ${mode} attempt, and writes only what it accepts`, async () => {
      const { id } = attempts[mode];
      const options = ['a', 'b', 'c', 'd', 'A', 'B', 'C', 'D', 'p1', 'x'];
      const cases = fc.record(
        {
          epoch: fc.oneof(fc.constant('current'), fc.integer({ min: -1, max: 5 }), fc.jsonValue()),
          seq: fc.oneof(fc.constant('next'), fc.integer({ min: -1, max: 3 }), fc.double(), fc.jsonValue()),
          position: fc.oneof(fc.constant('current'), fc.integer({ min: -1, max: 40 }), fc.string()),
          answer: fc.oneof(
            { arbitrary: answers(options), weight: 4 },
            fc.constant('right'),
            fc.constant(null),
          ),
          marked: fc.oneof(fc.boolean(), fc.jsonValue()),
          timeOnItemMs: fc.oneof(fc.integer({ min: -5, max: 90_000_000 }), fc.double()),
          extra: fc.jsonValue(),
        },
        { requiredKeys: ['epoch', 'seq', 'position', 'answer'] },
      );
      await fc.assert(
        fc.asyncProperty(cases, async (fuzz) => {
          const row = await attemptRow(ctx.deps.db, tenantId, id);
          if (row.status !== 'in_progress') return;
          const position = fuzz.position === 'current' ? (row.currentPosition ?? 1) : fuzz.position;
          const answer =
            fuzz.answer === 'right' && typeof position === 'number'
              ? await itemAt(ctx.deps.db, tenantId, id, position)
                  .then((item) => rightAnswer(item.content))
                  .catch(() => null)
              : fuzz.answer;
          const body = {
            ...fuzz,
            epoch: fuzz.epoch === 'current' ? row.epoch : fuzz.epoch,
            seq: fuzz.seq === 'next' ? row.lastSeq + 1 : fuzz.seq,
            position,
            answer,
          };
          const before = await rowCounts(ctx.deps.db);
          const stored = await countResponses(ctx.deps.db, tenantId, id);
          const res = await request(ctx.app)
            .post(`/api/v1/attempts/${id}/responses`)
            .set('Authorization', `Bearer ${candidate.token}`)
            .send(body);
          const where = `${JSON.stringify(body).slice(0, 300)} → ${res.status} ${res.text.slice(0, 300)}`;
          expect(res.status, where).to.be.below(500);
          if (res.status >= 400) {
            expect(res.body.error?.code, where).to.be.oneOf([...ERROR_CODES]);
            expect(res.body.error?.message, where).to.be.a('string').and.not.equal('');
            expect(await rowCounts(ctx.deps.db), where).to.deep.equal(before);
            const after = await attemptRow(ctx.deps.db, tenantId, id);
            expect(after.lastSeq, where).to.equal(row.lastSeq);
          } else {
            const now = await countResponses(ctx.deps.db, tenantId, id);
            expect(now - stored, where).to.be.oneOf([0, 1]);
          }
        }),
        { numRuns: RUNS, seed: mode === 'linear' ? 4242 : 2424 },
      );
    });
  }
});
