import { expect } from 'chai';
import { calibrate2plMml } from '../../../server/domain/psychometrics/calibration/mml-2pl.js';
import type { ResponseMatrix } from '../../../server/domain/psychometrics/calibration/response-matrix.js';
import { seededRng } from '../../../server/domain/psychometrics/rng.js';
import { draw2plBank, rmse, simulate } from './simulate.js';

describe('2PL calibration by marginal maximum likelihood (EM)', function () {
  this.timeout(60_000);
  const truth = draw2plBank(seededRng(11), 40);

  it('recovers a and b of 2,000 simulated examinees × 40 items', () => {
    const { matrix } = simulate(12, truth, 2000);
    const result = calibrate2plMml(matrix);
    expect(result.converged).to.equal(true);
    expect(result.unestimable).to.deep.equal([]);
    const rmseB = rmse(
      result.items.map((i) => i.b),
      truth.map((t) => t.b),
    );
    const rmseA = rmse(
      result.items.map((i) => i.a),
      truth.map((t) => t.a),
    );
    expect(rmseB).to.be.at.most(0.15);
    expect(rmseA).to.be.at.most(0.2);
    // The standard errors should describe the actual estimation error, not just be positive.
    const meanSeB = result.items.reduce((s, i) => s + i.seB, 0) / result.items.length;
    const meanSeA = result.items.reduce((s, i) => s + i.seA, 0) / result.items.length;
    expect(rmseB / meanSeB).to.be.within(0.6, 1.6);
    expect(rmseA / meanSeA).to.be.within(0.6, 1.6);
    expect(result.logLikelihood).to.be.below(0);
  });

  it('still recovers them when 30 % of the responses are missing at random', () => {
    // Each item keeps ~1,400 of 2,000 responses, so sampling error grows by √(2000/1400) ≈ 1.2,
    // and examinees answer ~28 items, which widens their posteriors; the bounds are scaled by ~1.25.
    const { matrix } = simulate(13, truth, 2000, 0.3);
    const result = calibrate2plMml(matrix);
    expect(result.converged).to.equal(true);
    expect(
      rmse(
        result.items.map((i) => i.b),
        truth.map((t) => t.b),
      ),
    ).to.be.at.most(0.2);
    expect(
      rmse(
        result.items.map((i) => i.a),
        truth.map((t) => t.a),
      ),
    ).to.be.at.most(0.25);
  });

  it('gives larger standard errors from fewer examinees', () => {
    const small = calibrate2plMml(simulate(14, truth.slice(0, 10), 300).matrix);
    const large = calibrate2plMml(simulate(14, truth.slice(0, 10), 1200).matrix);
    small.items.forEach((item, k) => {
      expect(item.seB).to.be.above(large.items[k]!.seB);
      expect(item.seA).to.be.above(large.items[k]!.seA);
    });
  });

  it('reports items everyone got right or wrong, or nobody saw, as unestimable and calibrates the rest', () => {
    const base = simulate(15, truth.slice(0, 8), 400).matrix;
    const matrix: ResponseMatrix = {
      itemIds: [...base.itemIds, 'free', 'impossible', 'unused'],
      responses: base.responses.map((row) => [...row, 1, 0, null]),
    };
    const result = calibrate2plMml(matrix);
    expect(result.unestimable.map((u) => [u.itemId, u.reason])).to.deep.equal([
      ['free', 'all_correct'],
      ['impossible', 'all_incorrect'],
      ['unused', 'not_administered'],
    ]);
    expect(result.items).to.have.length(8);
    for (const item of result.items) {
      expect(Number.isFinite(item.a) && Number.isFinite(item.b)).to.equal(true);
      expect(item.a).to.be.within(0.2, 4);
    }
  });
});
