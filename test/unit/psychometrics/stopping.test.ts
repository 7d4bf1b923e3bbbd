import { expect } from 'chai';
import { normalQuantile, twoSidedZ } from '../../../server/domain/psychometrics/stopping/normal-quantile.js';
import { makeStoppingRule, stoppingProblems } from '../../../server/domain/psychometrics/stopping/rules.js';

const at = (length: number, theta: number, se: number, minimumsMet = true) => ({
  length,
  theta,
  se,
  minimumsMet,
});

describe('stopping', () => {
  it('matches the published normal quantiles', () => {
    expect(twoSidedZ(0.95)).to.be.closeTo(1.959963985, 1e-8);
    expect(twoSidedZ(0.9)).to.be.closeTo(1.644853627, 1e-8);
    expect(twoSidedZ(0.99)).to.be.closeTo(2.575829304, 1e-8);
    expect(normalQuantile(0.001)).to.be.closeTo(-3.090232306, 1e-8);
    expect(normalQuantile(0.5)).to.equal(0);
    expect(() => normalQuantile(1)).to.throw(RangeError);
  });

  it('stops a fixed-length test at its length, content or not', () => {
    const rule = makeStoppingRule({ rule: 'fixed_length', length: 3 });
    expect(rule(at(2, 0, 0.1))).to.equal(undefined);
    expect(rule(at(3, 0, 9, false))).to.equal('length');
  });

  it('stops on the standard error only between min and max length and with minimums met', () => {
    const rule = makeStoppingRule({ rule: 'standard_error', maxSe: 0.3, minLength: 5, maxLength: 20 });
    expect(rule(at(4, 0, 0.1))).to.equal(undefined);
    expect(rule(at(5, 0, 0.31))).to.equal(undefined);
    expect(rule(at(5, 0, 0.3))).to.equal('standard_error');
    expect(rule(at(8, 0, 0.2, false))).to.equal(undefined);
    expect(rule(at(20, 0, 0.9, false))).to.equal('length');
  });

  it('classifies once θ ± z·SE excludes the cut', () => {
    const rule = makeStoppingRule({
      rule: 'classification',
      cutTheta: 0.5,
      confidence: 0.95,
      minLength: 3,
      maxLength: 40,
    });
    // 1.2 − 1.96·0.35 = 0.514 > 0.5: pass decided; 1.2 − 1.96·0.36 = 0.494: not yet.
    expect(rule(at(10, 1.2, 0.35))).to.equal('classification');
    expect(rule(at(10, 1.2, 0.36))).to.equal(undefined);
    expect(rule(at(10, -0.3, 0.4))).to.equal('classification');
    expect(rule(at(2, 3, 0.1))).to.equal(undefined);
    expect(rule(at(40, 0.5, 0.1))).to.equal('length');
  });

  it('reports configuration problems', () => {
    expect(stoppingProblems({ rule: 'fixed_length', length: 0 })).to.have.length(1);
    expect(
      stoppingProblems({ rule: 'classification', cutTheta: 0, confidence: 1, minLength: 9, maxLength: 5 }),
    ).to.have.length(2);
    expect(
      stoppingProblems({ rule: 'standard_error', maxSe: 0.3, minLength: 0, maxLength: 30 }),
    ).to.deep.equal([]);
  });
});
