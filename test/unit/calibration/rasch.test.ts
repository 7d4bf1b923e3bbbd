import { expect } from 'chai';
import { elementarySymmetricFunctions } from '../../../server/domain/psychometrics/calibration/esf.js';
import { calibrateRasch } from '../../../server/domain/psychometrics/calibration/rasch.js';
import type {
  ResponseMatrix,
  ScoredResponse,
} from '../../../server/domain/psychometrics/calibration/response-matrix.js';
import { seededRng } from '../../../server/domain/psychometrics/rng.js';
import { draw1plBank, rmse, simulate } from './simulate.js';

/** The matrix with every response flipped and the item order reversed. */
function mirrored(matrix: ResponseMatrix): ResponseMatrix {
  return {
    itemIds: matrix.itemIds,
    responses: matrix.responses.map((row) =>
      row.map((x): ScoredResponse => (x === null ? null : x === 1 ? 0 : 1)).reverse(),
    ),
  };
}

describe('Rasch calibration by conditional maximum likelihood', () => {
  it('computes elementary symmetric functions as the coefficients of Π(1 + ε_i t)', () => {
    // (1 + t)(1 + 2t)(1 + 3t) = 1 + 6t + 11t² + 6t³
    expect([...elementarySymmetricFunctions([1, 2, 3])]).to.deep.equal([1, 6, 11, 6]);
  });

  it('gives mirror-image difficulties when the data are symmetric under flipping and reversing', () => {
    const half: ResponseMatrix = {
      itemIds: ['i1', 'i2', 'i3', 'i4'],
      responses: [
        [1, 1, 1, 0],
        [1, 1, 0, 0],
        [1, 0, 1, 0],
        [1, 1, 0, 1],
        [0, 1, 0, 0],
        [1, 0, 0, 0],
      ],
    };
    const matrix: ResponseMatrix = {
      itemIds: half.itemIds,
      responses: [...half.responses, ...mirrored(half).responses],
    };
    const result = calibrateRasch(matrix);
    expect(result.converged).to.equal(true);
    const bs = result.items.map((i) => i.b);
    expect(bs[0]).to.be.closeTo(-bs[3]!, 1e-6);
    expect(bs[1]).to.be.closeTo(-bs[2]!, 1e-6);
    expect(bs[0]).to.be.below(bs[1]!);
    expect(result.items[0]?.seB).to.be.closeTo(result.items[3]!.seB, 1e-6);
  });

  it('reproduces the closed form for two items: b₂ − b₁ = ln(n₁₀ / n₀₁)', () => {
    // Given a raw score of 1, P(item 1 right) = ε₁ / (ε₁ + ε₂), so the CML estimate is the log odds ratio.
    const responses: ScoredResponse[][] = [
      ...Array.from({ length: 30 }, (): ScoredResponse[] => [1, 0]),
      ...Array.from({ length: 10 }, (): ScoredResponse[] => [0, 1]),
      ...Array.from({ length: 25 }, (): ScoredResponse[] => [1, 1]),
      ...Array.from({ length: 5 }, (): ScoredResponse[] => [0, 0]),
    ];
    const result = calibrateRasch({ itemIds: ['i1', 'i2'], responses });
    const [b1, b2] = result.items.map((i) => i.b);
    expect(b2! - b1!).to.be.closeTo(Math.log(3), 1e-6);
    expect(b1! + b2!).to.be.closeTo(0, 1e-12);
    // Var(b₂ − b₁) = 1 / (n p (1 − p)) with n = 40, p = 3/4; each b is half the difference.
    expect(result.items[0]?.seB).to.be.closeTo(0.5 / Math.sqrt(40 * 0.75 * 0.25), 1e-6);
  });

  it('recovers the difficulties of simulated 1PL data, complete and with 30 % missing at random', function () {
    this.timeout(60_000);
    const truth = draw1plBank(seededRng(21), 40);
    const meanB = truth.reduce((s, item) => s + item.b, 0) / truth.length;
    const centred = truth.map((item) => item.b - meanB);
    for (const missingRate of [0, 0.3]) {
      const { matrix } = simulate(22, truth, 2000, missingRate);
      const result = calibrateRasch(matrix);
      expect(result.converged).to.equal(true);
      expect(result.items.map((i) => i.b).reduce((s, b) => s + b, 0)).to.be.closeTo(0, 1e-9);
      // SE(b) ≈ 1/√(n p q) ≈ 0.05 for 2000 responses; 0.1 leaves room for the sparse case.
      const error = rmse(
        result.items.map((i) => i.b),
        centred,
      );
      expect(error, `missing ${missingRate}`).to.be.below(0.1);
      const meanSe = result.items.reduce((s, i) => s + i.seB, 0) / result.items.length;
      expect(error / meanSe).to.be.within(0.6, 1.6);
    }
  });

  it('reports items everyone got right or wrong, or nobody saw, as unestimable instead of ±∞', () => {
    const matrix: ResponseMatrix = {
      itemIds: ['free', 'normal1', 'normal2', 'normal3', 'impossible', 'unused'],
      responses: [
        [1, 1, 0, 1, 0, null],
        [1, 0, 1, 0, 0, null],
        [1, 1, 1, 0, 0, null],
        [1, 0, 0, 1, 0, null],
        [1, 1, 0, 0, 0, null],
      ],
    };
    const result = calibrateRasch(matrix);
    expect(result.unestimable.map((u) => [u.itemId, u.reason])).to.have.deep.members([
      ['free', 'all_correct'],
      ['impossible', 'all_incorrect'],
      ['unused', 'not_administered'],
    ]);
    expect(result.items.map((i) => i.itemId)).to.deep.equal(['normal1', 'normal2', 'normal3']);
    for (const item of result.items) expect(Number.isFinite(item.b)).to.equal(true);
  });
});
