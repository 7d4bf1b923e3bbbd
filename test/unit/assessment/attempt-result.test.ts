import { expect } from 'chai';
import { type ScoredAnswer, scoreAttempt } from '../../../server/domain/assessment/attempt-result.js';
import type { Blueprint } from '../../../server/domain/assessment/blueprint.js';
import { makeEstimator } from '../../../server/domain/psychometrics/estimation/index.js';
import type { ItemParameters } from '../../../server/domain/psychometrics/irt.js';

const DOMAINS: Blueprint['domains'] = [
  { domain: 'networking', title: 'Networking', weight: 0.5 },
  { domain: 'security', title: 'Security', weight: 0.3 },
  { domain: 'operations', title: 'Operations', weight: 0.2 },
];

function percentBlueprint(passPercent: number): Blueprint {
  return {
    timeLimitMin: 30,
    domains: DOMAINS,
    delivery: { mode: 'linear', length: 10, shuffleOptions: false },
    scoring: { method: 'percent', passPercent },
    pretestCount: 0,
  };
}

const SCALE = { min: 100, max: 1000, passScore: 700, pointsPerLogit: 100 };

function thetaBlueprint(mode: 'adaptive' | 'linear', scale: typeof SCALE | null = SCALE): Blueprint {
  return {
    timeLimitMin: 30,
    domains: DOMAINS,
    delivery:
      mode === 'adaptive'
        ? {
            mode: 'adaptive',
            startTheta: 0,
            estimator: { method: 'eap', priorMean: 0, priorSd: 1 },
            exposure: { method: 'none' },
            stopping: { rule: 'fixed_length', length: 10 },
            shuffleOptions: false,
          }
        : { mode: 'linear', length: 10, shuffleOptions: false },
    scoring: scale ? { method: 'theta', cutTheta: 0, scale } : { method: 'theta', cutTheta: 0 },
    pretestCount: 0,
  };
}

/** An item a borderline candidate (θ = 0) answers correctly with probability `p`. */
const itemAt = (p: number): ItemParameters => ({ a: 1, b: Math.log(1 / p - 1), c: 0, d: 1 });

const answers = (domain: string, scores: readonly number[], params: ItemParameters | null = null) =>
  scores.map((score): ScoredAnswer => ({ domain, params, score }));

describe('attempt result', () => {
  describe('percent scoring', () => {
    it('passes at the pass mark and says both numbers', () => {
      const result = scoreAttempt(
        percentBlueprint(70),
        answers('networking', [1, 1, 1, 1, 1, 1, 1, 0, 0, 0]),
      );
      expect(result.passed).to.equal(true);
      expect(result.percentCorrect).to.equal(70);
      expect(result.summary).to.equal('You answered 70 % correctly; the pass mark is 70 %.');
      expect(result).to.include({ scaledScore: null, theta: null, se: null, scoredItems: 10 });
    });

    it('fails one item below it', () => {
      const result = scoreAttempt(
        percentBlueprint(70),
        answers('networking', [1, 1, 1, 1, 1, 1, 0, 0, 0, 0]),
      );
      expect(result.passed).to.equal(false);
      expect(result.percentCorrect).to.equal(60);
    });

    it('counts partial credit, and never shows a failing share as the pass mark', () => {
      // 6.996 of 10: 69.96 %, below 70 %. Shown rounded to 70 beside a fail, or worse passed, it would be wrong.
      const result = scoreAttempt(
        percentBlueprint(70),
        answers('networking', [1, 1, 1, 1, 1, 1, 0.996, 0, 0, 0]),
      );
      expect(result.passed).to.equal(false);
      expect(result.percentCorrect).to.be.below(70);
      expect(result.summary).to.equal('You answered 69.9 % correctly; the pass mark is 70 %.');
    });

    it('passes an exact pass mark reached through partial credit despite binary fractions', () => {
      // 0.1 + 0.2 + 0.4 = 0.7000000000000001 and 0.7 · 10 items: the sum in floating point is not exact.
      const scores = [1, 1, 1, 1, 1, 1, 0.1, 0.2, 0.4, 0];
      const result = scoreAttempt(percentBlueprint(67), answers('networking', scores));
      expect(result.percentCorrect).to.equal(67);
      expect(result.passed).to.equal(true);
    });

    it('scores an attempt with no scored answer as 0 % and a fail', () => {
      const result = scoreAttempt(percentBlueprint(70), []);
      expect(result).to.include({ passed: false, percentCorrect: 0, scoredItems: 0 });
      expect(result.domains).to.deep.equal([]);
    });
  });

  describe('theta scoring', () => {
    it("uses the adaptive engine's final estimate when given", () => {
      const result = scoreAttempt(thetaBlueprint('adaptive'), answers('networking', [1, 0, 1], itemAt(0.5)), {
        theta: 0.42,
        se: 0.29,
      });
      expect(result).to.include({ passed: true, theta: 0.42, se: 0.29, scaledScore: 742 });
      expect(result.summary).to.equal(
        'Your scaled score is 742 on a scale of 100 to 1000; the pass mark is 700.',
      );
    });

    it('estimates θ with EAP over the answers of a linear form, leaving uncalibrated items out', () => {
      const params = [itemAt(0.3), itemAt(0.5), itemAt(0.7), itemAt(0.8)];
      const given: ScoredAnswer[] = [
        ...params.map((p, i) => ({ domain: 'networking', params: p, score: i % 2 })),
        { domain: 'security', params: null, score: 1 },
      ];
      const expected = makeEstimator({ method: 'eap', priorMean: 0, priorSd: 1 })(
        params.map((item, i) => ({ item, score: i % 2 })),
      );
      const result = scoreAttempt(thetaBlueprint('linear'), given);
      expect(result.theta).to.be.closeTo(expected.theta, 1e-12);
      expect(result.se).to.be.closeTo(expected.se, 1e-12);
      expect(result.scoredItems).to.equal(5);
      expect(result.percentCorrect).to.equal(60);
    });

    it('fails below the cut and says so, even when the scaled score rounds to the pass mark', () => {
      const result = scoreAttempt(thetaBlueprint('adaptive'), answers('networking', [1, 0], itemAt(0.5)), {
        theta: -0.004,
        se: 0.3,
      });
      expect(result.passed).to.equal(false);
      expect(result.scaledScore).to.be.below(700);
      expect(result.summary).to.match(/^Your scaled score is 699 on a scale of 100 to 1000/);
    });

    it('passes exactly at the cut', () => {
      const result = scoreAttempt(thetaBlueprint('adaptive'), answers('networking', [1], itemAt(0.5)), {
        theta: 0,
        se: 0.3,
      });
      expect(result).to.include({ passed: true, scaledScore: 700 });
    });

    it('clips the scaled score to the scale', () => {
      const high = scoreAttempt(thetaBlueprint('adaptive'), [], { theta: 12, se: 0.3 });
      const low = scoreAttempt(thetaBlueprint('adaptive'), [], { theta: -12, se: 0.3 });
      expect([high.scaledScore, low.scaledScore]).to.deep.equal([1000, 100]);
    });

    it('says pass or fail in words when the certification has no scale', () => {
      const passed = scoreAttempt(thetaBlueprint('adaptive', null), [], { theta: 0.5, se: 0.3 });
      const failed = scoreAttempt(thetaBlueprint('adaptive', null), [], { theta: -0.5, se: 0.3 });
      expect(passed.scaledScore).to.equal(null);
      expect(passed.summary).to.equal('Your result is at or above the passing standard.');
      expect(failed.summary).to.equal('Your result is below the passing standard.');
    });
  });

  describe('domain feedback', () => {
    it('rates each domain against the pass mark: strong 10 points above, adequate within 10, needs work below', () => {
      const result = scoreAttempt(percentBlueprint(70), [
        ...answers('networking', [1, 1, 1, 1, 1, 1, 1, 1, 1, 0]),
        ...answers('security', [1, 1, 1, 1, 1, 1, 0, 0, 0, 0]),
        ...answers('operations', [1, 1, 1, 1, 1, 0, 0, 0, 0, 0]),
      ]);
      expect(result.domains).to.deep.equal([
        {
          domain: 'networking',
          title: 'Networking',
          items: 10,
          percentCorrect: 90,
          rating: 'strong',
          feedback: 'Networking: a strength. You did clearly better here than the passing standard asks.',
        },
        {
          domain: 'security',
          title: 'Security',
          items: 10,
          percentCorrect: 60,
          rating: 'adequate',
          feedback: 'Security: around the passing standard. Some review will make it secure.',
        },
        {
          domain: 'operations',
          title: 'Operations',
          items: 10,
          percentCorrect: 50,
          rating: 'needs_work',
          feedback: 'Operations: needs work. This is the area to study before your next attempt.',
        },
      ]);
    });

    it('counts exactly 10 points above the pass mark as strong, whatever the binary fractions', () => {
      for (const [passPercent, correct] of [
        [20, 3],
        [60, 7],
        [70, 8],
      ] as const) {
        const scores = Array.from({ length: 10 }, (_, i) => (i < correct ? 1 : 0));
        const [domain] = scoreAttempt(percentBlueprint(passPercent), answers('security', scores)).domains;
        expect(domain?.rating, `${correct}/10 against ${passPercent} %`).to.equal('strong');
      }
    });

    it('compares with a borderline candidate on the same items, so hard adaptive items do not read as weakness', () => {
      // A borderline candidate gets 20 % of these hard items; 40 % is clearly better than that.
      const hard = answers('networking', [1, 1, 0, 0, 0], itemAt(0.2));
      // A borderline candidate gets 90 % of these easy ones; 60 % is clearly worse.
      const easy = answers('security', [1, 1, 1, 0, 0], itemAt(0.9));
      const result = scoreAttempt(thetaBlueprint('adaptive'), [...hard, ...easy], { theta: 0.1, se: 0.3 });
      const byDomain = Object.fromEntries(result.domains.map((d) => [d.domain, d]));
      expect(byDomain.networking).to.include({ percentCorrect: 40, rating: 'strong', items: 5 });
      expect(byDomain.security).to.include({ percentCorrect: 60, rating: 'needs_work', items: 5 });
    });

    it('leaves out domains the candidate was given no item of, and keeps blueprint order', () => {
      const result = scoreAttempt(percentBlueprint(50), [
        ...answers('operations', [1, 0]),
        ...answers('networking', [1, 1]),
      ]);
      expect(result.domains.map((d) => d.domain)).to.deep.equal(['networking', 'operations']);
    });

    it('ignores answers in a domain the blueprint does not name', () => {
      const result = scoreAttempt(percentBlueprint(50), answers('retired-domain', [1, 1]));
      expect(result.domains).to.deep.equal([]);
      expect(result.percentCorrect).to.equal(100);
    });
  });
});
