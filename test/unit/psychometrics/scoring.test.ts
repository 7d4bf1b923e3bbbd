import { expect } from 'chai';
import fc from 'fast-check';
import { makeEstimator } from '../../../server/domain/psychometrics/estimation/index.js';
import { scoreAbility, scoreDomains } from '../../../server/domain/psychometrics/scoring.js';

const scoring = { cutTheta: 0.4, scale: { min: 100, max: 1000, passScore: 700, pointsPerLogit: 100 } };

describe('scoring', () => {
  it('maps the cut to the pass score and each logit to pointsPerLogit points', () => {
    expect(scoreAbility(0.4, 0.3, scoring)).to.deep.equal({
      theta: 0.4,
      se: 0.3,
      scaledScore: 700,
      passed: true,
    });
    expect(scoreAbility(1.4, 0.3, scoring).scaledScore).to.equal(800);
    expect(scoreAbility(0.4 - 0.123, 0.3, scoring)).to.include({ scaledScore: 688, passed: false });
  });

  it('clips to the scale and leaves the score null without one', () => {
    expect(scoreAbility(9, 0.3, scoring).scaledScore).to.equal(1000);
    expect(scoreAbility(-9, 0.3, scoring).scaledScore).to.equal(100);
    expect(scoreAbility(0, 0.3, { cutTheta: 0 })).to.deep.equal({
      theta: 0,
      se: 0.3,
      scaledScore: null,
      passed: true,
    });
  });

  it('agrees on pass/fail between θ and the scaled score', () => {
    fc.assert(
      fc.property(fc.double({ min: -5, max: 5, noNaN: true }), (theta) => {
        const { scaledScore, passed } = scoreAbility(theta, 0.3, scoring);
        return passed === theta >= 0.4 && (!passed || (scaledScore as number) >= 700);
      }),
    );
  });

  it('re-estimates each domain from its own responses', () => {
    const estimator = makeEstimator({ method: 'eap', priorMean: 0, priorSd: 1 });
    const item = { a: 1, b: 0, c: 0, d: 1 };
    const responses = [
      { domain: 'net', item, score: 1 },
      { domain: 'sec', item, score: 0 },
      { domain: 'net', item, score: 1 },
    ];
    const subscores = scoreDomains(responses, estimator, scoring);
    expect(subscores.map((s) => [s.domain, s.items])).to.deep.equal([
      ['net', 2],
      ['sec', 1],
    ]);
    const net = estimator(responses.filter((r) => r.domain === 'net'));
    expect(subscores[0]).to.include({ theta: net.theta, se: net.se });
    expect((subscores[0] as { theta: number }).theta).to.be.greaterThan(0);
    expect((subscores[1] as { theta: number }).theta).to.be.lessThan(0);
  });
});
