import { expect } from 'chai';
import {
  checkCandidatePolicy,
  type ProgrammeCertification,
} from '../../../server/domain/policies/candidate-policy.js';
import {
  type CandidatePolicy,
  DEFAULT_CANDIDATE_POLICY,
} from '../../../server/domain/policies/eligibility.js';

const OPEN: CandidatePolicy = {
  prerequisites: [],
  retakeWaitHours: [],
  maxAttemptsPerYear: null,
  voucherRequired: false,
};

/** A programme of certifications a…e where each key requires the listed others. */
function programme(requires: Record<string, string[]>): Map<string, ProgrammeCertification> {
  return new Map(
    Object.entries(requires).map(([id, prerequisites]) => [
      id,
      { title: `Cert ${id.toUpperCase()}`, prerequisites },
    ]),
  );
}

const rules = (policy: CandidatePolicy, id = 'a', certs = programme({ a: [], b: [], c: [] })) =>
  checkCandidatePolicy(id, policy, certs).map((p) => `${p.path} ${p.rule}`);

describe('checking a candidate policy', () => {
  it('accepts the default policy and an open one', () => {
    expect(rules(DEFAULT_CANDIDATE_POLICY)).to.deep.equal([]);
    expect(rules(OPEN)).to.deep.equal([]);
    expect(
      rules({ ...OPEN, prerequisites: ['b', 'c'], retakeWaitHours: [0, 8760], maxAttemptsPerYear: 100 }),
    ).to.deep.equal([]);
  });

  it('refuses the certification itself, an unknown one and a repeat, each at its entry', () => {
    expect(rules({ ...OPEN, prerequisites: ['b', 'a', 'z', 'b'] })).to.deep.equal([
      '/prerequisites/1 self_prerequisite',
      '/prerequisites/2 unknown_certification',
      '/prerequisites/3 uniqueItems',
    ]);
  });

  it('refuses a prerequisite that already requires the certification, directly or through others', () => {
    const certs = programme({ a: [], b: ['c'], c: ['a'], d: [] });
    expect(rules({ ...OPEN, prerequisites: ['c'] }, 'a', certs)).to.deep.equal([
      '/prerequisites/0 prerequisite_cycle',
    ]);
    expect(rules({ ...OPEN, prerequisites: ['d', 'b'] }, 'a', certs)).to.deep.equal([
      '/prerequisites/1 prerequisite_cycle',
    ]);
    const [problem] = checkCandidatePolicy('a', { ...OPEN, prerequisites: ['b'] }, certs);
    expect(problem?.message).to.equal(
      'Cert B already requires this certification, so neither could ever be earned',
    );
  });

  it('ignores the old prerequisites of the certification being changed, and ends on cycles among others', () => {
    // a used to require b; requiring nothing of b now is fine, and b ⇄ c (stored earlier) does not loop.
    const certs = programme({ a: ['b'], b: ['c'], c: ['b'], d: [] });
    expect(rules({ ...OPEN, prerequisites: ['b', 'd'] }, 'a', certs)).to.deep.equal([]);
  });

  it('holds waiting periods, their number and the yearly limit to sane bounds', () => {
    expect(rules({ ...OPEN, retakeWaitHours: [24, -1, 8761, 1.5] })).to.deep.equal([
      '/retakeWaitHours/1 range',
      '/retakeWaitHours/2 range',
      '/retakeWaitHours/3 range',
    ]);
    expect(rules({ ...OPEN, retakeWaitHours: Array(11).fill(24) })).to.deep.equal([
      '/retakeWaitHours maxItems',
    ]);
    expect(rules({ ...OPEN, maxAttemptsPerYear: 0 })).to.deep.equal(['/maxAttemptsPerYear range']);
    expect(rules({ ...OPEN, maxAttemptsPerYear: 101 })).to.deep.equal(['/maxAttemptsPerYear range']);
    expect(rules({ ...OPEN, maxAttemptsPerYear: 2.5 })).to.deep.equal(['/maxAttemptsPerYear range']);
  });

  it('refuses more than 20 prerequisites', () => {
    const ids = Array.from({ length: 21 }, (_, i) => `p${i}`);
    const certs = programme(Object.fromEntries([['a', []], ...ids.map((id) => [id, []])]));
    expect(rules({ ...OPEN, prerequisites: ids }, 'a', certs)).to.deep.equal(['/prerequisites maxItems']);
  });
});
