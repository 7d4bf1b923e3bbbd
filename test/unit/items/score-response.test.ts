import { expect } from 'chai';
import fc from 'fast-check';
import { ITEM_TYPES, type ItemResponse } from '../../../server/domain/items/item.js';
import { scoreResponse } from '../../../server/domain/items/score-response.js';
import {
  itemOfType,
  matching,
  multipleResponse,
  numeric,
  ordering,
  shortText,
  singleChoice,
  trueFalse,
} from './item-fixtures.js';

const odd = (value: unknown) => value as ItemResponse;

describe('scoreResponse', () => {
  it('scores single_choice and true_false as right or wrong', () => {
    expect(scoreResponse(singleChoice(), { optionId: 'b' })).to.equal(1);
    expect(scoreResponse(singleChoice(), { optionId: 'a' })).to.equal(0);
    expect(scoreResponse(trueFalse(), { value: false })).to.equal(1);
    expect(scoreResponse(trueFalse(), { value: true })).to.equal(0);
  });

  describe('multiple_response (key a, b, c of a–e)', () => {
    it('all_or_nothing needs exactly the key', () => {
      expect(scoreResponse(multipleResponse('all_or_nothing'), { optionIds: ['c', 'a', 'b'] })).to.equal(1);
      expect(scoreResponse(multipleResponse('all_or_nothing'), { optionIds: ['a', 'b'] })).to.equal(0);
      expect(scoreResponse(multipleResponse('all_or_nothing'), { optionIds: ['a', 'b', 'c', 'd'] })).to.equal(
        0,
      );
    });
    it('right_minus_wrong is (right − wrong) / correct, floored at 0', () => {
      const item = multipleResponse('right_minus_wrong');
      expect(scoreResponse(item, { optionIds: ['a', 'b', 'c'] })).to.equal(1);
      expect(scoreResponse(item, { optionIds: ['a', 'b', 'd'] })).to.be.closeTo(1 / 3, 1e-12);
      expect(scoreResponse(item, { optionIds: ['a', 'd', 'e'] })).to.equal(0);
      expect(scoreResponse(item, { optionIds: [] })).to.equal(0);
    });
    it('proportion_correct is the share of options classified correctly', () => {
      const item = multipleResponse('proportion_correct');
      expect(scoreResponse(item, { optionIds: ['a', 'b', 'c'] })).to.equal(1);
      expect(scoreResponse(item, { optionIds: ['a', 'd'] })).to.be.closeTo(2 / 5, 1e-12);
      expect(scoreResponse(item, { optionIds: ['d', 'e'] })).to.equal(0);
      expect(scoreResponse(item, { optionIds: [] })).to.be.closeTo(2 / 5, 1e-12);
    });
    it('scores 0 for unknown options or more selections than selectCount asks for', () => {
      expect(scoreResponse(multipleResponse('proportion_correct'), { optionIds: ['a', 'zz'] })).to.equal(0);
      const chooseThree = { ...multipleResponse('proportion_correct'), selectCount: 3 };
      expect(scoreResponse(chooseThree, { optionIds: ['a', 'b', 'c', 'd'] })).to.equal(0);
    });
  });

  describe('numeric (120 GB ± 1%, MB and TB accepted)', () => {
    it('applies relative tolerance', () => {
      expect(scoreResponse(numeric(), { value: 121.2, unit: 'GB' })).to.equal(1);
      expect(scoreResponse(numeric(), { value: 121.3, unit: 'GB' })).to.equal(0);
    });
    it('applies absolute tolerance, with slack for float rounding only', () => {
      const item = numeric();
      const absolute = { ...item, key: { value: 0.3, tolerance: 0, toleranceMode: 'absolute' as const } };
      expect(scoreResponse(absolute, { value: 0.1 + 0.2 })).to.equal(1);
      expect(scoreResponse(absolute, { value: 0.3001 })).to.equal(0);
      const loose = { ...item, key: { value: 216, tolerance: 1, toleranceMode: 'absolute' as const } };
      expect(scoreResponse(loose, { value: 215 })).to.equal(1);
      expect(scoreResponse(loose, { value: 214.9 })).to.equal(0);
    });
    it('converts accepted units by their factor', () => {
      expect(scoreResponse(numeric(), { value: 120000, unit: 'MB' })).to.equal(1);
      expect(scoreResponse(numeric(), { value: 0.12, unit: 'TB' })).to.equal(1);
      expect(scoreResponse(numeric(), { value: 120, unit: 'MB' })).to.equal(0);
    });
    it('takes a unit-less response as the key unit and scores an unknown unit 0', () => {
      expect(scoreResponse(numeric(), { value: 120 })).to.equal(1);
      expect(scoreResponse(numeric(), { value: 120, unit: 'GiB' })).to.equal(0);
    });
  });

  describe('short_text', () => {
    it('matches accepted answers after normalisation', () => {
      for (const text of ['load balancer', '  Load   BALANCER ', 'ｌｏａｄ\u3000ｂａｌａｎｃｅｒ'])
        expect(scoreResponse(shortText(), { text }), text).to.equal(1);
      expect(scoreResponse(shortText(), { text: 'load-balancer' })).to.equal(0);
    });
    it('honours caseSensitive', () => {
      const strict = { ...shortText(), key: { accepted: ['VPC'], caseSensitive: true } };
      expect(scoreResponse(strict, { text: ' VPC ' })).to.equal(1);
      expect(scoreResponse(strict, { text: 'vpc' })).to.equal(0);
    });
    it('matches patterns anchored at both ends', () => {
      expect(scoreResponse(shortText(), { text: 'Network Load Balancer' })).to.equal(1);
      expect(scoreResponse(shortText(), { text: 'an application load balancer' })).to.equal(0);
    });
    it('scores responses longer than 500 characters 0 without running patterns', () => {
      const item = { ...shortText(), key: { accepted: [], patterns: ['(a+)+'], caseSensitive: false } };
      expect(scoreResponse(item, { text: 'a'.repeat(501) })).to.equal(0);
      expect(scoreResponse(item, { text: 'a'.repeat(30) })).to.equal(1);
    });
  });

  describe('ordering (key d, a, b, c)', () => {
    it('partial credit is the share of pairs in the right relative order', () => {
      const item = ordering('partial');
      expect(scoreResponse(item, { order: ['d', 'a', 'b', 'c'] })).to.equal(1);
      expect(scoreResponse(item, { order: ['c', 'b', 'a', 'd'] })).to.equal(0);
      expect(scoreResponse(item, { order: ['a', 'd', 'b', 'c'] })).to.be.closeTo(5 / 6, 1e-12);
    });
    it('all_or_nothing needs the exact order', () => {
      expect(scoreResponse(ordering('all_or_nothing'), { order: ['d', 'a', 'b', 'c'] })).to.equal(1);
      expect(scoreResponse(ordering('all_or_nothing'), { order: ['a', 'd', 'b', 'c'] })).to.equal(0);
    });
    it('scores anything but a permutation 0', () => {
      expect(scoreResponse(ordering('partial'), { order: ['d', 'a', 'b'] })).to.equal(0);
      expect(scoreResponse(ordering('partial'), { order: ['d', 'a', 'b', 'b'] })).to.equal(0);
      expect(scoreResponse(ordering('partial'), { order: ['d', 'a', 'b', 'x'] })).to.equal(0);
    });
    it('stays within [0, 1] for every permutation', () => {
      fc.assert(
        fc.property(fc.shuffledSubarray(['a', 'b', 'c', 'd'], { minLength: 4, maxLength: 4 }), (order) => {
          const score = scoreResponse(ordering('partial'), { order });
          return score >= 0 && score <= 1;
        }),
      );
    });
  });

  describe('matching (p1→x, p2→y, p3→z)', () => {
    it('partial credit is the share of prompts matched correctly', () => {
      expect(scoreResponse(matching('partial'), { pairs: { p1: 'x', p2: 'y', p3: 'z' } })).to.equal(1);
      expect(scoreResponse(matching('partial'), { pairs: { p1: 'x', p2: 'w' } })).to.be.closeTo(1 / 3, 1e-12);
      expect(scoreResponse(matching('all_or_nothing'), { pairs: { p1: 'x', p2: 'y' } })).to.equal(0);
    });
    it('scores pairs naming unknown prompts or options 0', () => {
      expect(scoreResponse(matching('partial'), { pairs: { p1: 'x', p9: 'y' } })).to.equal(0);
      expect(scoreResponse(matching('partial'), { pairs: { p1: 'x', p2: 'q' } })).to.equal(0);
    });
  });

  it('scores a response of the wrong shape 0 for every type, without throwing', () => {
    const shapes = [
      null,
      'b',
      42,
      [],
      {},
      { optionId: 7 },
      { optionIds: 'a' },
      { value: 'true' },
      { text: 5 },
    ];
    const wrongFor: Record<string, unknown[]> = {
      single_choice: [{ text: 'b' }, { optionIds: ['b'] }],
      multiple_response: [{ optionId: 'a' }, { optionIds: [1, 2] }],
      true_false: [{ value: 0 }, { optionId: 'true' }],
      numeric: [{ value: '120' }, { value: 120, unit: 3 }, { value: Number.NaN }],
      short_text: [{ value: 'load balancer' }],
      ordering: [{ order: 'dabc' }, { pairs: {} }],
      matching: [{ pairs: ['x', 'y', 'z'] }, { pairs: { p1: 1 } }],
    };
    for (const type of ITEM_TYPES)
      for (const response of [...shapes, ...(wrongFor[type] ?? [])])
        expect(
          scoreResponse(itemOfType(type), odd(response)),
          `${type} ${JSON.stringify(response)}`,
        ).to.equal(0);
  });
});
