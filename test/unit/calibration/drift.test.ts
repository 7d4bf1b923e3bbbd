import { expect } from 'chai';
import { driftFlags } from '../../../server/domain/psychometrics/calibration/drift.js';
import {
  calibrateItems,
  type StoredItemStats,
} from '../../../server/domain/psychometrics/calibration/index.js';
import type {
  ResponseMatrix,
  ScoredResponse,
} from '../../../server/domain/psychometrics/calibration/response-matrix.js';
import { seededRng } from '../../../server/domain/psychometrics/rng.js';
import { draw1plBank, draw2plBank, simulate } from './simulate.js';

/** The matrix with item `column`'s responses reversed, as if it had been keyed to a wrong option. */
function miskeyed(matrix: ResponseMatrix, column: number): ResponseMatrix {
  const flip = (x: ScoredResponse): ScoredResponse => (x === null ? null : x === 1 ? 0 : 1);
  return {
    ...matrix,
    responses: matrix.responses.map((row) => row.map((x, i) => (i === column ? flip(x) : x))),
  };
}

describe('drift flags', function () {
  this.timeout(60_000);

  it('flag a key error and a planted difficulty shift under the 2PL, and leave stable items alone', () => {
    const truth = draw2plBank(seededRng(31), 20);
    const { matrix } = simulate(32, truth, 2000);
    const stored: Record<string, StoredItemStats> = Object.fromEntries(
      truth.map((item, i) => [matrix.itemIds[i]!, i === 7 ? { ...item, b: item.b + 0.8 } : item]),
    );
    const report = calibrateItems({ matrix: miskeyed(matrix, 2), model: '2pl', stored });
    const byItem = (id: string) => report.flags.filter((f) => f.itemId === id).map((f) => f.kind);
    expect(byItem('item-3')).to.include('negative_discrimination');
    expect(byItem('item-8')).to.deep.equal(['difficulty_drift']);
    const shift = report.flags.find((f) => f.itemId === 'item-8')!;
    expect(shift.storedValue! - shift.value).to.be.closeTo(0.8, 0.25);
    expect(shift.message)
      .to.contain('item-8')
      .and.match(/\d\.\d{3}/);
    const others = report.flags.filter((f) => f.itemId !== 'item-3' && f.itemId !== 'item-8');
    expect(others, others.map((f) => f.message).join('\n')).to.deep.equal([]);
  });

  it('flag a difficulty shift under Rasch after linking the centred estimates onto the stored scale', () => {
    // The stored bank sits 1.5 logits higher on average than CML's mean-zero scale: only the planted shift remains.
    const truth = draw1plBank(seededRng(41), 15).map((item) => ({ ...item, b: item.b + 1.5 }));
    const { matrix } = simulate(42, truth, 1500, 0.2);
    const stored = Object.fromEntries(
      truth.map((item, i) => [matrix.itemIds[i]!, i === 4 ? { ...item, b: item.b - 0.6 } : item]),
    );
    const report = calibrateItems({ matrix, model: 'rasch', stored });
    expect(report.flags.map((f) => [f.itemId, f.kind])).to.deep.equal([['item-5', 'difficulty_drift']]);
  });

  it('flag p-value and discrimination drift and low discrimination with their numbers', () => {
    const flags = driftFlags({
      model: '2pl',
      items: [
        {
          itemId: 'x',
          n: 500,
          pValue: 0.55,
          pointBiserial: 0.05,
          estimate: { a: 1.5, b: 0.1, seA: 0.1, seB: 0.05 },
        },
      ],
      stored: { x: { a: 1, b: 0, c: 0, d: 1, pValue: 0.7 } },
    });
    expect(flags.map((f) => f.kind)).to.have.members([
      'low_discrimination',
      'p_value_drift',
      'discrimination_drift',
    ]);
    const pDrift = flags.find((f) => f.kind === 'p_value_drift')!;
    expect([pDrift.value, pDrift.storedValue]).to.deep.equal([0.55, 0.7]);
    expect(pDrift.message).to.contain('0.700').and.contain('0.550');
  });

  it('only say "insufficient data" below the minimum number of responses, per model', () => {
    const item = {
      itemId: 'x',
      n: 150,
      pValue: 0.2,
      pointBiserial: -0.3,
      estimate: { a: 3, b: 2, seB: 0.2 },
    };
    const stored = { x: { a: 1, b: 0, c: 0, d: 1, pValue: 0.6 } };
    const twoPl = driftFlags({ model: '2pl', items: [item], stored });
    expect(twoPl.map((f) => [f.kind, f.value, f.threshold])).to.deep.equal([['insufficient_data', 150, 200]]);
    const rasch = driftFlags({ model: 'rasch', items: [item], stored });
    expect(rasch.map((f) => f.kind)).to.include('negative_discrimination');
  });

  it('does not call a difficulty change drift while it is within two combined standard errors', () => {
    const item = {
      itemId: 'x',
      n: 300,
      pValue: 0.5,
      pointBiserial: 0.4,
      estimate: { a: 1, b: 0.5, seA: 0.1, seB: 0.2 },
    };
    const noisy = driftFlags({
      model: '2pl',
      items: [item],
      stored: { x: { a: 1, b: 0, c: 0, d: 1, seB: 0.2 } },
    });
    expect(noisy).to.deep.equal([]);
    const precise = { ...item, estimate: { ...item.estimate, seB: 0.05 } };
    const drifted = driftFlags({ model: '2pl', items: [precise], stored: { x: { a: 1, b: 0, c: 0, d: 1 } } });
    expect(drifted.map((f) => f.kind)).to.deep.equal(['difficulty_drift']);
  });
});
