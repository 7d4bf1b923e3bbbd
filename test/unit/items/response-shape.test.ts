import { expect } from 'chai';
import { ITEM_TYPES, type ItemContent, type ItemType } from '../../../server/domain/items/item.js';
import { MAX_SHORT_TEXT_RESPONSE } from '../../../server/domain/items/normalise-text.js';
import { answerProblem } from '../../../server/domain/items/response-shape.js';
import { itemOfType, matching, multipleResponse, numeric, ordering, singleChoice } from './item-fixtures.js';

type Answer = Record<string, unknown>;

/** Answers of the right shape (right or wrong) for each fixture of item-fixtures.ts. */
const GOOD: Record<ItemType, Answer[]> = {
  single_choice: [{ optionId: 'b' }, { optionId: 'a' }],
  multiple_response: [{ optionIds: ['a', 'b', 'c'] }, { optionIds: ['d'] }, { optionIds: [] }],
  true_false: [{ value: false }, { value: true }],
  numeric: [
    { value: 120 },
    { value: 0.12, unit: 'TB' },
    { value: -3.5, unit: 'GB' },
    { value: 7, unit: 'MB' },
  ],
  short_text: [{ text: 'load balancer' }, { text: '' }, { text: 'x'.repeat(MAX_SHORT_TEXT_RESPONSE) }],
  ordering: [{ order: ['d', 'a', 'b', 'c'] }, { order: ['a', 'b', 'c', 'd'] }],
  matching: [{ pairs: { p1: 'x', p2: 'y', p3: 'z' } }, { pairs: { p1: 'w' } }, { pairs: {} }],
};

/** Answers that are not answers to the fixture: unknown options, other shapes, extra fields. */
const BAD: Record<ItemType, Answer[]> = {
  single_choice: [
    { optionId: 'z' },
    { optionId: 1 },
    { optionIds: ['b'] },
    { optionId: 'b', extra: true },
    {},
  ],
  multiple_response: [
    { optionIds: ['a', 'z'] },
    { optionIds: 'a' },
    { optionIds: ['a', 'a'] },
    { optionIds: [1] },
    { optionId: 'a' },
    { optionIds: ['a'], note: 'x' },
    {},
  ],
  true_false: [{ value: 'false' }, { value: 0 }, { value: null }, { value: true, why: 'x' }, {}],
  numeric: [
    { value: '120' },
    { value: null },
    { value: 120, unit: 5 },
    { value: -3.5, unit: 'parsecs' },
    { value: 120, unit: 'gb' },
    { value: 120, unit: '' },
    { value: 120, precision: 2 },
    { text: '120' },
    {},
  ],
  short_text: [
    { text: 7 },
    { text: ['load balancer'] },
    { text: 'x'.repeat(MAX_SHORT_TEXT_RESPONSE + 1) },
    { text: 'lb', lang: 'en' },
    {},
  ],
  ordering: [
    { order: ['d', 'a', 'b'] },
    { order: ['d', 'a', 'b', 'b'] },
    { order: ['d', 'a', 'b', 'z'] },
    { order: ['d', 'a', 'b', 'c', 'c'] },
    { order: 'dabc' },
    { order: ['d', 'a', 'b', 'c'], extra: 1 },
    {},
  ],
  matching: [
    { pairs: { p1: 'q' } },
    { pairs: { p9: 'x' } },
    { pairs: { p1: 1 } },
    { pairs: [['p1', 'x']] },
    { pairs: null },
    { pairs: { p1: 'x' }, extra: 1 },
    { pairs: { __proto__: null, constructor: 'x' } },
    {},
  ],
};

describe('answer shapes', () => {
  for (const type of ITEM_TYPES) {
    describe(type, () => {
      const content: ItemContent = itemOfType(type);

      for (const answer of GOOD[type]) {
        it(`takes ${JSON.stringify(answer).slice(0, 60)}`, () => {
          expect(answerProblem(content, answer)).to.equal(null);
        });
      }

      for (const answer of BAD[type]) {
        it(`refuses ${JSON.stringify(answer).slice(0, 60)} with a sentence`, () => {
          const problem = answerProblem(content, answer);
          expect(problem).to.be.a('string');
          expect(problem).to.match(/^[A-Z].{8,}/);
        });
      }

      it("refuses every other type's answers", () => {
        for (const other of ITEM_TYPES) {
          if (other === type) continue;
          // Answers of another type that happen to fit this one too (none here) would be listed.
          for (const answer of GOOD[other]) {
            expect(answerProblem(content, answer), `${other} answer ${JSON.stringify(answer)}`).to.not.equal(
              null,
            );
          }
        }
      });
    });
  }

  it('tells the candidate what to send', () => {
    expect(answerProblem(singleChoice(), { optionId: 'z' })).to.equal(
      'That option is not one of this question’s options',
    );
    expect(answerProblem(singleChoice(), {})).to.equal('Choose one option: send { "optionId": "…" }');
    expect(answerProblem(ordering('partial'), { order: ['a'] })).to.equal('Place every option exactly once');
    expect(answerProblem(matching('partial'), { pairs: { p9: 'x' } })).to.equal(
      'A pair names a prompt or option this question does not have',
    );
    expect(answerProblem(numeric(), { value: Number.POSITIVE_INFINITY })).to.equal(
      'Enter a number: send { "value": 12.5 }',
    );
  });

  it('takes a unit only from those the numeric question lists, and none where it lists none', () => {
    expect(answerProblem(numeric(), { value: 1, unit: 'PB' })).to.equal(
      'The unit must be one of: GB, MB, TB',
    );
    const unitless = { ...numeric(), key: { value: 3, tolerance: 0, toleranceMode: 'absolute' as const } };
    expect(answerProblem(unitless, { value: 3 })).to.equal(null);
    expect(answerProblem(unitless, { value: 3, unit: 'GB' })).to.equal(
      'This question takes a number without a unit',
    );
  });

  it('holds a multiple-response answer to the number of options it asks for', () => {
    const chooseTwo = { ...multipleResponse('right_minus_wrong'), selectCount: 2 };
    expect(answerProblem(chooseTwo, { optionIds: ['a', 'b'] })).to.equal(null);
    expect(answerProblem(chooseTwo, { optionIds: ['a', 'b', 'c'] })).to.equal('Choose at most 2 options');
  });
});
