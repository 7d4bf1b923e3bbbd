import { expect } from 'chai';
import { classicalStats, kr20 } from '../../../server/domain/psychometrics/calibration/classical.js';
import type { ResponseMatrix } from '../../../server/domain/psychometrics/calibration/response-matrix.js';
import { DomainError } from '../../../server/domain/errors.js';

// A Guttman-shaped 4 × 3 matrix whose statistics are worked out by hand below.
const guttman: ResponseMatrix = {
  itemIds: ['easy', 'medium', 'hard'],
  responses: [
    [1, 1, 1],
    [1, 1, 0],
    [1, 0, 0],
    [0, 0, 0],
  ],
};

describe('classical test statistics', () => {
  it('gives p-values, exposure and n on a complete matrix', () => {
    const stats = classicalStats(guttman);
    expect(stats.examinees).to.equal(4);
    expect(stats.items.map((i) => i.n)).to.deep.equal([4, 4, 4]);
    expect(stats.items.map((i) => i.pValue)).to.deep.equal([0.75, 0.5, 0.25]);
    expect(stats.items.map((i) => i.exposureRate)).to.deep.equal([1, 1, 1]);
  });

  it('computes the corrected point-biserial against the rest score', () => {
    // easy: x = (1,1,1,0), rest = (2,1,0,0): cov = 3/4 − 0.75·0.75 = 0.1875, var x = 0.1875,
    // var rest = 5/4 − 0.5625 = 0.6875 → r = 0.1875 / √(0.1875 · 0.6875) ≈ 0.52223.
    // medium: x = (1,1,0,0), rest = (2,1,1,0): cov = 3/4 − 0.5·1 = 0.25, var x = 0.25, var rest = 0.5 → r = 1/√2.
    const [easy, medium] = classicalStats(guttman).items;
    expect(easy?.pointBiserial).to.be.closeTo(0.52223, 1e-5);
    expect(medium?.pointBiserial).to.be.closeTo(Math.SQRT1_2, 1e-12);
  });

  it('computes KR-20 on a complete matrix', () => {
    // Totals (3,2,1,0): σ²_X = 1.25; Σpq = 0.1875 + 0.25 + 0.1875 = 0.625 → 3/2 · (1 − 0.5) = 0.75.
    expect(classicalStats(guttman).alpha).to.be.closeTo(0.75, 1e-12);
  });

  it('leaves KR-20 undefined when a response is missing and handles sparse rows per examinee', () => {
    const sparse: ResponseMatrix = {
      itemIds: ['i1', 'i2', 'i3'],
      responses: [
        [1, null, 1],
        [1, 0, null],
        [0, 0, 1],
        [null, 1, 1],
        [0, null, 0],
      ],
    };
    const stats = classicalStats(sparse);
    expect(stats.alpha).to.equal(null);
    expect(kr20(sparse)).to.equal(null);
    const [i1] = stats.items;
    expect(i1?.n).to.equal(4);
    expect(i1?.pValue).to.equal(0.5);
    expect(i1?.exposureRate).to.equal(0.8);
    // i1's rest scores are the proportions correct on the other items seen: (1, 0, 0.5, 0), x = (1, 1, 0, 0):
    // cov = 0.25 − 0.5·0.375 = 0.0625, var x = 0.25, var rest = 0.3125 − 0.140625 = 0.171875.
    expect(i1?.pointBiserial).to.be.closeTo(0.0625 / Math.sqrt(0.25 * 0.171875), 1e-12);
  });

  it('averages the recorded response times of administered items only', () => {
    const times = [
      [10, 20, 30],
      [12, null, 40],
      [14, 22, 50],
      [99, 24, 60],
    ];
    const withMissing: ResponseMatrix = {
      ...guttman,
      responses: [...guttman.responses.slice(0, 3), [null, 0, 0]],
    };
    const stats = classicalStats(withMissing, times);
    expect(stats.items.map((i) => i.meanTimeSec)).to.deep.equal([12, 22, 45]);
    expect(classicalStats(guttman).items[0]).to.not.have.property('meanTimeSec');
  });

  it('reports undefined statistics as null rather than NaN', () => {
    const stats = classicalStats({
      itemIds: ['never', 'always'],
      responses: [
        [null, 1],
        [null, 1],
      ],
    });
    expect(stats.items[0]?.pValue).to.equal(null);
    expect(stats.items[0]?.exposureRate).to.equal(0);
    expect(stats.items[1]?.pointBiserial).to.equal(null);
  });

  it('rejects a ragged matrix or a cell that is not 0, 1 or null', () => {
    expect(() => classicalStats({ itemIds: ['a', 'b'], responses: [[1]] })).to.throw(DomainError);
    const bad = { itemIds: ['a'], responses: [[2]] } as unknown as ResponseMatrix;
    expect(() => classicalStats(bad)).to.throw(DomainError);
    expect(() => classicalStats(guttman, [[1, 2, 3]])).to.throw(DomainError);
  });
});
