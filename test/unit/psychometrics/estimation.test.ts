import { expect } from 'chai';
import fc from 'fast-check';
import { eapEstimate } from '../../../server/domain/psychometrics/estimation/eap.js';
import { makeEstimator, type ScoredResponse } from '../../../server/domain/psychometrics/estimation/index.js';
import { mapEstimate } from '../../../server/domain/psychometrics/estimation/map.js';
import {
  MLE_BOUNDS,
  mleEstimate,
  mleIsUndefined,
} from '../../../server/domain/psychometrics/estimation/mle.js';
import { logLikelihood, probability, testInformation } from '../../../server/domain/psychometrics/irt.js';
import { normal, seededRng } from '../../../server/domain/psychometrics/rng.js';

const rasch = (b: number) => ({ a: 1, b, c: 0, d: 1 });
/** n Rasch items at b = 0 with `right` of them answered correctly. */
function raschPattern(n: number, right: number): ScoredResponse[] {
  return Array.from({ length: n }, (_, i) => ({ item: rasch(0), score: i < right ? 1 : 0 }));
}

/** Posterior mean and SD by a brute-force trapezoid integral on [−10, 10] with 20,001 nodes. */
function bruteForcePosterior(responses: readonly ScoredResponse[], mean: number, sd: number) {
  const nodes = 20001;
  let mass = 0;
  let first = 0;
  let second = 0;
  for (let q = 0; q < nodes; q++) {
    const t = -10 + (20 * q) / (nodes - 1);
    const w =
      Math.exp(logLikelihood(t, responses) - 0.5 * ((t - mean) / sd) ** 2) *
      (q === 0 || q === nodes - 1 ? 0.5 : 1);
    mass += w;
    first += w * t;
    second += w * t * t;
  }
  const theta = first / mass;
  return { theta, se: Math.sqrt(second / mass - theta * theta) };
}

const responsesArb = fc.array(
  fc.record({
    item: fc.record({
      a: fc.double({ min: 0.5, max: 2.5, noNaN: true }),
      b: fc.double({ min: -2.5, max: 2.5, noNaN: true }),
      c: fc.constantFrom(0, 0.2),
      d: fc.constant(1),
    }),
    score: fc.constantFrom(0, 1),
  }),
  { minLength: 1, maxLength: 30 },
);

describe('estimation', () => {
  describe('MLE', () => {
    it('recovers the Rasch closed form θ̂ = ln(r/(n − r)) for r right of n items at b = 0', () => {
      const est = mleEstimate(raschPattern(10, 7));
      expect(est.theta).to.be.closeTo(Math.log(7 / 3), 1e-6);
      const p = probability(est.theta, rasch(0));
      expect(est.se).to.be.closeTo(1 / Math.sqrt(10 * p * (1 - p)), 1e-6);
    });

    it("falls back to Dodd's fixed steps while every answer is right or every answer is wrong", () => {
      expect(mleEstimate(raschPattern(3, 3), { startTheta: 0.5, stepSize: 0.7 }).theta).to.be.closeTo(
        2.6,
        1e-12,
      );
      expect(mleEstimate(raschPattern(2, 0), { startTheta: 0, stepSize: 0.7 }).theta).to.be.closeTo(
        -1.4,
        1e-12,
      );
      expect(mleEstimate(raschPattern(20, 20)).theta).to.equal(MLE_BOUNDS.upper);
      const none = mleEstimate([], { startTheta: 0.3 });
      expect(none.theta).to.equal(0.3);
      expect(none.se).to.equal(Number.POSITIVE_INFINITY);
    });

    it('climbs on from a level stretch of a 3PL likelihood to its maximum (a case fast-check found)', () => {
      // One right answer to a 3PL item with guessing, three wrong: the likelihood levels off near θ = −2.16.
      const responses = [
        { item: { a: 1.2634345435859642, b: 0, c: 0.2, d: 1 }, score: 1 },
        { item: { a: 0.5713062568211332, b: 0, c: 0, d: 1 }, score: 0 },
        { item: { a: 1.400489666121263, b: 0, c: 0, d: 1 }, score: 0 },
        { item: { a: 1.7371157373409787, b: 0, c: 0, d: 1 }, score: 0 },
      ];
      const { theta } = mleEstimate(responses);
      const at = logLikelihood(theta, responses);
      for (const h of [-0.01, -0.001, 0.001, 0.01])
        expect(logLikelihood(theta + h, responses)).to.be.at.most(at);
    });

    it('maximises the likelihood: no nearby θ scores higher', () => {
      fc.assert(
        fc.property(responsesArb, (responses) => {
          if (mleIsUndefined(responses)) return true;
          const { theta } = mleEstimate(responses);
          const at = logLikelihood(theta, responses);
          return [-0.01, 0.01].every((h) => {
            const t = theta + h;
            return t < MLE_BOUNDS.lower || t > MLE_BOUNDS.upper || logLikelihood(t, responses) <= at + 1e-9;
          });
        }),
        { numRuns: 200 },
      );
    });
  });

  describe('EAP', () => {
    it('matches a brute-force numeric integral of the posterior', () => {
      fc.assert(
        fc.property(responsesArb, fc.double({ min: -1, max: 1, noNaN: true }), (responses, mean) => {
          const eap = eapEstimate(responses, { priorMean: mean, priorSd: 1 });
          const exact = bruteForcePosterior(responses, mean, 1);
          return Math.abs(eap.theta - exact.theta) < 1e-3 && Math.abs(eap.se - exact.se) < 1e-3;
        }),
        { numRuns: 30 },
      );
    });

    it('lies between the prior mean and the MLE', () => {
      for (const [n, right] of [
        [10, 7],
        [10, 2],
        [30, 20],
        [5, 4],
      ] as const) {
        const responses = raschPattern(n, right);
        const mle = mleEstimate(responses).theta;
        const eap = eapEstimate(responses, { priorMean: 0, priorSd: 1 }).theta;
        expect(Math.sign(eap)).to.equal(Math.sign(mle));
        expect(Math.abs(eap)).to.be.below(Math.abs(mle));
      }
    });

    it('exists for all-right patterns and returns the prior before any response', () => {
      const allRight = eapEstimate(raschPattern(5, 5), { priorMean: 0, priorSd: 1 });
      expect(allRight.theta).to.be.greaterThan(0.5);
      expect(Number.isFinite(allRight.se)).to.equal(true);
      const prior = eapEstimate([], { priorMean: 0.4, priorSd: 1.2 });
      expect(prior.theta).to.be.closeTo(0.4, 1e-9);
      expect(prior.se).to.be.closeTo(1.2, 1e-3);
    });

    it('shrinks the mean posterior SD as items accrue', () => {
      const rng = seededRng(5);
      const lengths = [5, 10, 20, 40];
      const meanSe = lengths.map(() => 0);
      for (let e = 0; e < 200; e++) {
        const theta = normal(rng);
        const responses: ScoredResponse[] = [];
        for (let i = 0; i < 40; i++) {
          const item = { a: 1.2, b: normal(rng), c: 0, d: 1 };
          responses.push({ item, score: rng.next() < probability(theta, item) ? 1 : 0 });
        }
        lengths.forEach((n, k) => {
          meanSe[k] =
            (meanSe[k] as number) + eapEstimate(responses.slice(0, n), { priorMean: 0, priorSd: 1 }).se / 200;
        });
      }
      for (let k = 1; k < lengths.length; k++) expect(meanSe[k]).to.be.below(meanSe[k - 1] as number);
    });
  });

  describe('MAP', () => {
    it('lies between the prior mean and the MLE for the 2PL, with SE 1/√(I + 1/σ²)', () => {
      const twoPl = responsesArb.map((rs) => rs.map((r) => ({ ...r, item: { ...r.item, c: 0 } })));
      fc.assert(
        fc.property(twoPl, (responses) => {
          const map = mapEstimate(responses, { priorMean: 0, priorSd: 1 });
          const se =
            1 /
            Math.sqrt(
              testInformation(
                map.theta,
                responses.map((r) => r.item),
              ) + 1,
            );
          if (Math.abs(map.se - se) > 1e-12) return false;
          if (mleIsUndefined(responses)) return true;
          const mle = mleEstimate(responses);
          if (mle.theta === MLE_BOUNDS.upper || mle.theta === MLE_BOUNDS.lower) return true;
          return Math.min(0, mle.theta) - 1e-6 <= map.theta && map.theta <= Math.max(0, mle.theta) + 1e-6;
        }),
        { numRuns: 200 },
      );
    });

    it('equals the posterior mode found by a fine grid search', () => {
      const responses = raschPattern(8, 6);
      let mode = 0;
      const logPost = (t: number) => logLikelihood(t, responses) - ((t - 0.2) / 0.8) ** 2 / 2;
      for (let t = -4; t <= 4; t += 1e-4) if (logPost(t) > logPost(mode)) mode = t;
      expect(mapEstimate(responses, { priorMean: 0.2, priorSd: 0.8 }).theta).to.be.closeTo(mode, 2e-4);
    });
  });

  it('makes the estimator a configuration names', () => {
    const responses = raschPattern(10, 7);
    expect(makeEstimator({ method: 'mle' })(responses)).to.deep.equal(mleEstimate(responses));
    expect(makeEstimator({ method: 'eap', priorMean: 0, priorSd: 1 })(responses)).to.deep.equal(
      eapEstimate(responses, { priorMean: 0, priorSd: 1 }),
    );
    expect(makeEstimator({ method: 'map', priorMean: 0, priorSd: 1 })(responses)).to.deep.equal(
      mapEstimate(responses, { priorMean: 0, priorSd: 1 }),
    );
  });
});
