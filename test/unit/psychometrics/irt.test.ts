import { expect } from 'chai';
import fc from 'fast-check';
import {
  type ItemParameters,
  information,
  logLikelihood,
  probability,
  standardErrorFromInformation,
  testInformation,
} from '../../../server/domain/psychometrics/irt.js';

const item4pl = fc.record({
  a: fc.double({ min: 0.2, max: 3, noNaN: true }),
  b: fc.double({ min: -3, max: 3, noNaN: true }),
  c: fc.double({ min: 0, max: 0.35, noNaN: true }),
  d: fc.double({ min: 0.85, max: 1, noNaN: true }),
});
const theta = fc.double({ min: -6, max: 6, noNaN: true });

/** θ of maximum information by a fine scan around b (reference for the closed forms). */
function argmaxInformation(item: ItemParameters): number {
  let best = item.b;
  for (let t = item.b - 4; t <= item.b + 4; t += 1e-4)
    if (information(t, item) > information(best, item)) best = t;
  return best;
}

describe('irt', () => {
  it('gives the Rasch probability e/(1 + e) one logit above b', () => {
    expect(probability(1, { a: 1, b: 0, c: 0, d: 1 })).to.be.closeTo(Math.E / (1 + Math.E), 1e-12);
  });

  it('puts P(b) halfway between the asymptotes, (c + d)/2', () => {
    fc.assert(
      fc.property(item4pl, (item) => Math.abs(probability(item.b, item) - (item.c + item.d) / 2) < 1e-12),
    );
  });

  it('keeps P within [c, d] ⊂ [c, 1] and information ≥ 0', () => {
    fc.assert(
      fc.property(item4pl, theta, (item, t) => {
        const p = probability(t, item);
        return p >= item.c - 1e-15 && p <= item.d + 1e-15 && p <= 1 && information(t, item) >= 0;
      }),
    );
  });

  it('gives the 2PL information a²/4 at b, its peak', () => {
    fc.assert(
      fc.property(item4pl, fc.double({ min: 0.05, max: 3, noNaN: true }), (raw, offset) => {
        const item = { ...raw, c: 0, d: 1 };
        const peak = information(item.b, item);
        return (
          Math.abs(peak - (item.a * item.a) / 4) < 1e-12 &&
          information(item.b + offset, item) < peak &&
          information(item.b - offset, item) < peak
        );
      }),
    );
  });

  it('gives the 3PL information a²/4·(1 − c)/(1 + c) at b', () => {
    const item = { a: 1.5, b: 0.3, c: 0.2, d: 1 };
    expect(information(item.b, item)).to.be.closeTo((1.5 ** 2 / 4) * (0.8 / 1.2), 1e-12);
  });

  it("peaks the 3PL at Birnbaum's θmax = b + ln((1 + √(1 + 8c))/2)/a with Lord's maximum", () => {
    for (const item of [
      { a: 1.2, b: -0.5, c: 0.2, d: 1 },
      { a: 0.7, b: 1, c: 0.3, d: 1 },
      { a: 2, b: 0, c: 0.1, d: 1 },
    ]) {
      const thetaMax = item.b + Math.log((1 + Math.sqrt(1 + 8 * item.c)) / 2) / item.a;
      expect(argmaxInformation(item)).to.be.closeTo(thetaMax, 2e-4);
      // Birnbaum (1968); Lord (1980), ch. 10: I_max = a²/(8(1 − c)²)·[1 − 20c − 8c² + (1 + 8c)^{3/2}] (with D = 1).
      const { a, c } = item;
      const lord = ((a * a) / (8 * (1 - c) ** 2)) * (1 - 20 * c - 8 * c * c + (1 + 8 * c) ** 1.5);
      expect(information(thetaMax, item)).to.be.closeTo(lord, 1e-10);
    }
  });

  it('sums item information into test information and inverts it into an SE', () => {
    const items = [
      { a: 1, b: 0, c: 0, d: 1 },
      { a: 2, b: 0, c: 0, d: 1 },
    ];
    expect(testInformation(0, items)).to.be.closeTo(0.25 + 1, 1e-12);
    expect(standardErrorFromInformation(1.25)).to.be.closeTo(1 / Math.sqrt(1.25), 1e-12);
    expect(standardErrorFromInformation(0)).to.equal(Number.POSITIVE_INFINITY);
  });

  it('makes the log-likelihood the Bernoulli one for 0/1 scores and linear in a fractional score', () => {
    const item = { a: 1.3, b: 0.4, c: 0.1, d: 0.95 };
    const p = probability(0.2, item);
    expect(logLikelihood(0.2, [{ item, score: 1 }])).to.be.closeTo(Math.log(p), 1e-12);
    expect(logLikelihood(0.2, [{ item, score: 0 }])).to.be.closeTo(Math.log(1 - p), 1e-12);
    expect(logLikelihood(0.2, [{ item, score: 0.25 }])).to.be.closeTo(
      0.25 * Math.log(p) + 0.75 * Math.log(1 - p),
      1e-12,
    );
  });
});
