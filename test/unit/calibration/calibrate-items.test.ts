import { expect } from 'chai';
import fc from 'fast-check';
import { calibrateItems } from '../../../server/domain/psychometrics/calibration/index.js';
import type {
  ResponseMatrix,
  ScoredResponse,
} from '../../../server/domain/psychometrics/calibration/response-matrix.js';
import { seededRng } from '../../../server/domain/psychometrics/rng.js';
import { draw2plBank, simulate } from './simulate.js';

/** Small response matrices with missing cells: 2–6 items, 2–25 examinees. */
const matrices = fc.integer({ min: 2, max: 6 }).chain((width) =>
  fc.record({
    itemIds: fc.constant(Array.from({ length: width }, (_, i) => `q${i}`)),
    responses: fc.array(
      fc.array(fc.constantFrom<ScoredResponse>(0, 1, null), { minLength: width, maxLength: width }),
      { minLength: 2, maxLength: 25 },
    ),
  }),
);

/** A deep-frozen copy, so a write anywhere throws in strict mode. */
function frozen(matrix: ResponseMatrix): ResponseMatrix {
  return Object.freeze({
    itemIds: Object.freeze([...matrix.itemIds]),
    responses: Object.freeze(matrix.responses.map((row) => Object.freeze([...row]))),
  });
}

describe('calibrateItems', function () {
  this.timeout(60_000);

  it('reports classical statistics, an estimate in 4PL form and times for every item', () => {
    const truth = draw2plBank(seededRng(51), 6);
    const { matrix } = simulate(52, truth, 500);
    const timesSec = matrix.responses.map((row) => row.map((_, i) => 20 + i));
    for (const model of ['2pl', 'rasch'] as const) {
      const report = calibrateItems({ matrix, model, timesSec });
      expect(report.model).to.equal(model);
      expect(report.examinees).to.equal(500);
      expect(report.alpha).to.be.within(0, 1);
      expect(report.converged).to.equal(true);
      expect(report.iterations).to.be.above(0);
      expect(report.logLikelihood).to.be.below(0);
      report.items.forEach((item, i) => {
        expect(item.meanTimeSec).to.equal(20 + i);
        expect(item.estimate?.c).to.equal(0);
        expect(item.estimate?.d).to.equal(1);
        if (model === 'rasch') expect(item.estimate?.a).to.equal(1);
        else expect(item.estimate?.seA).to.be.above(0);
        expect(item).to.not.have.property('unestimable');
      });
      // Harder items (lower p-value) get higher b under either model.
      const order = [...report.items].sort((x, y) => x.pValue! - y.pValue!);
      const bs = order.map((item) => item.estimate!.b);
      expect(bs[0]).to.be.above(bs[bs.length - 1]!);
    }
  });

  it('marks unestimable items with a reason instead of an estimate', () => {
    const matrix: ResponseMatrix = {
      itemIds: ['a', 'b', 'c', 'free'],
      responses: [
        [1, 0, 1, 1],
        [0, 1, 0, 1],
        [1, 1, 0, 1],
        [0, 0, 1, 1],
      ],
    };
    for (const model of ['2pl', 'rasch'] as const) {
      const free = calibrateItems({ matrix, model }).items.find((item) => item.itemId === 'free');
      expect(free?.estimate).to.equal(undefined);
      expect(free?.unestimable?.reason).to.equal('all_correct');
      expect(free?.unestimable?.message).to.contain('4');
    }
  });

  it('never mutates its inputs and gives every item either a finite estimate or a reason', () => {
    fc.assert(
      fc.property(matrices, fc.constantFrom('rasch' as const, '2pl' as const), (matrix, model) => {
        const stored = { q0: { a: 1.2, b: 0.3, c: 0, d: 1, pValue: 0.5 } };
        const timesSec = matrix.responses.map((row) => row.map(() => 30));
        const before = structuredClone({ matrix, stored, timesSec });
        const report = calibrateItems({
          matrix,
          model,
          stored,
          timesSec,
          options: { mml: { maxIterations: 50 } },
        });
        expect({ matrix, stored, timesSec }).to.deep.equal(before);
        // A deep-frozen copy makes any write throw in strict mode, even one undone before returning.
        calibrateItems({ matrix: frozen(matrix), model, options: { mml: { maxIterations: 50 } } });
        expect(report.items).to.have.length(matrix.itemIds.length);
        for (const item of report.items) {
          expect((item.estimate === undefined) !== (item.unestimable === undefined)).to.equal(true);
          if (item.estimate !== undefined) expect(Number.isFinite(item.estimate.b)).to.equal(true);
        }
      }),
      { numRuns: 60 },
    );
  });
});
