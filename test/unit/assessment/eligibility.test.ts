import { expect } from 'chai';
import {
  type CandidatePolicy,
  DEFAULT_CANDIDATE_POLICY,
  decideEligibility,
  type EligibilityFacts,
  type HeldCredential,
  type PastAttempt,
  type WaivableRule,
} from '../../../server/domain/policies/eligibility.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2027-03-10T12:00:00.000Z');
const CERT = 'cert-associate';
const PREREQ = 'cert-foundations';

const ago = (ms: number) => new Date(NOW.getTime() - ms);
const later = (from: Date, ms: number) => new Date(from.getTime() + ms);

let serial = 0;
/** A finished, scored attempt that ended `endedAgo` before now. */
function scored(passed: boolean, endedAgo: number): PastAttempt {
  serial += 1;
  return {
    id: `a${serial}`,
    status: 'scored',
    checkedInAt: ago(endedAgo + HOUR),
    finishedAt: ago(endedAgo),
    passed,
  };
}

function attempt(status: PastAttempt['status'], checkedInAgo: number): PastAttempt {
  serial += 1;
  return { id: `a${serial}`, status, checkedInAt: ago(checkedInAgo), finishedAt: null, passed: null };
}

function facts(
  overrides: Partial<Omit<EligibilityFacts, 'policy'>> & { policy?: Partial<CandidatePolicy> } = {},
): EligibilityFacts {
  return {
    certificationId: CERT,
    attempts: [],
    credentials: [],
    exceptions: new Set<WaivableRule>(),
    titles: new Map([
      [CERT, 'Cloud Associate'],
      [PREREQ, 'Cloud Foundations'],
    ]),
    now: NOW,
    ...overrides,
    policy: { ...DEFAULT_CANDIDATE_POLICY, ...overrides.policy },
  };
}

const rules = (verdict: ReturnType<typeof decideEligibility>) => verdict.obstacles.map((o) => o.rule);

describe('eligibility', () => {
  it('lets a newcomer start', () => {
    const verdict = decideEligibility(facts());
    expect(verdict).to.deep.equal({
      eligible: true,
      obstacles: [],
      earliestStart: null,
      voucherRequired: false,
      liveAttemptId: null,
    });
  });

  describe('waiting after a failure', () => {
    const policy = { retakeWaitHours: [24, 7 * 24, 30 * 24], maxAttemptsPerYear: null };

    it('waits the first period after the first failure, and says from when', () => {
      const failed = scored(false, 2 * HOUR);
      const verdict = decideEligibility(facts({ policy, attempts: [failed] }));
      const from = later(failed.finishedAt as Date, 24 * HOUR);
      expect(verdict.eligible).to.equal(false);
      expect(verdict.obstacles).to.deep.equal([
        { rule: 'retake_wait', message: 'You may retake from 11 March 2027 at 10:00 UTC', from },
      ]);
      expect(verdict.earliestStart).to.deep.equal(from);
    });

    it('waits longer after each further failure, then the last period for every failure after', () => {
      const cases: Array<[number, number]> = [
        [1, 24],
        [2, 7 * 24],
        [3, 30 * 24],
        [4, 30 * 24],
        [6, 30 * 24],
      ];
      for (const [failures, hours] of cases) {
        const attempts = Array.from({ length: failures }, (_, i) => scored(false, (failures - i) * HOUR));
        const verdict = decideEligibility(facts({ policy, attempts }));
        const latest = attempts.at(-1)?.finishedAt as Date;
        expect(verdict.earliestStart, `${failures} failures`).to.deep.equal(later(latest, hours * HOUR));
      }
    });

    it('counts the wait from the latest failure, whatever order the attempts come in', () => {
      const old = scored(false, 10 * DAY);
      const latest = scored(false, HOUR);
      const verdict = decideEligibility(facts({ policy, attempts: [latest, old] }));
      expect(verdict.earliestStart).to.deep.equal(later(latest.finishedAt as Date, 7 * 24 * HOUR));
    });

    it('lets the candidate start at the very instant the wait ends', () => {
      const failed = scored(false, 24 * HOUR);
      expect(decideEligibility(facts({ policy, attempts: [failed] })).eligible).to.equal(true);
      const almost = scored(false, 24 * HOUR - 1);
      expect(decideEligibility(facts({ policy, attempts: [almost] })).eligible).to.equal(false);
    });

    it('starts counting failures again after a pass', () => {
      // Failed twice, passed (the credential has since been revoked), failed once: the first wait again.
      const attempts = [scored(false, 40 * DAY), scored(false, 30 * DAY), scored(true, 20 * DAY)];
      const latest = scored(false, HOUR);
      const verdict = decideEligibility(facts({ policy, attempts: [...attempts, latest] }));
      expect(verdict.earliestStart).to.deep.equal(later(latest.finishedAt as Date, 24 * HOUR));
    });

    it('ignores voided attempts', () => {
      const attempts = [{ ...attempt('voided', HOUR), finishedAt: ago(HOUR) }];
      expect(rules(decideEligibility(facts({ policy, attempts })))).to.deep.equal([]);
    });

    it('waits for the result of a submitted attempt, whatever exceptions exist: it decides the wait', () => {
      const attempts = [{ ...attempt('submitted', HOUR), finishedAt: ago(HOUR) }];
      const all = new Set<WaivableRule>(['retake_wait', 'attempt_limit', 'already_certified']);
      const verdict = decideEligibility(facts({ policy, attempts, exceptions: all }));
      expect(rules(verdict)).to.deep.equal(['result_pending']);
      expect(verdict.earliestStart).to.equal(null);
      expect(verdict.liveAttemptId).to.equal(null);
    });

    it('has no wait when the policy sets none', () => {
      const verdict = decideEligibility(
        facts({ policy: { retakeWaitHours: [] }, attempts: [scored(false, HOUR)] }),
      );
      expect(verdict.eligible).to.equal(true);
    });
  });

  describe('attempts in a rolling 12 months', () => {
    const policy = { maxAttemptsPerYear: 3, retakeWaitHours: [] };

    it('allows attempts up to the limit', () => {
      const attempts = [scored(false, 200 * DAY), scored(false, 100 * DAY)];
      expect(decideEligibility(facts({ policy, attempts })).eligible).to.equal(true);
    });

    it('refuses the next one until the oldest is 12 months old', () => {
      const oldest = scored(false, 300 * DAY);
      const attempts = [oldest, scored(false, 100 * DAY), scored(false, 10 * DAY)];
      const verdict = decideEligibility(facts({ policy, attempts }));
      const from = later(oldest.checkedInAt, 365 * DAY);
      expect(rules(verdict)).to.deep.equal(['attempt_limit']);
      expect(verdict.obstacles[0]?.from).to.deep.equal(from);
      expect(verdict.obstacles[0]?.message).to.equal(
        `You have used all 3 attempts allowed in 12 months; your next attempt is possible from 14 May 2027 at 11:00 UTC`,
      );
      expect(verdict.earliestStart).to.deep.equal(from);
      expect(decideEligibility(facts({ policy, attempts, now: from })).eligible).to.equal(true);
      expect(
        decideEligibility(facts({ policy, attempts, now: new Date(from.getTime() - 1) })).eligible,
      ).to.equal(false);
    });

    it('counts 12 calendar months, across a leap day too', () => {
      // Checked in on 1 June 2027: it counts until 1 June 2028, a day longer than 365 days (29 February 2028).
      const june = (day: number) => new Date(`2027-06-${String(day).padStart(2, '0')}T09:00:00.000Z`);
      const attempts: PastAttempt[] = [1, 2, 3].map((day, i) => ({
        id: `leap-${i}`,
        status: 'scored',
        checkedInAt: june(day),
        finishedAt: later(june(day), HOUR),
        passed: false,
      }));
      const afterDays = new Date('2028-05-31T12:00:00.000Z');
      const verdict = decideEligibility(facts({ policy, attempts, now: afterDays }));
      expect(rules(verdict)).to.deep.equal(['attempt_limit']);
      expect(verdict.earliestStart?.toISOString()).to.equal('2028-06-01T09:00:00.000Z');
      const onTheDay = new Date('2028-06-01T09:00:00.000Z');
      expect(decideEligibility(facts({ policy, attempts, now: onTheDay })).eligible).to.equal(true);
    });

    it('does not count attempts older than 12 months, nor voided ones', () => {
      const attempts = [
        scored(false, 400 * DAY),
        scored(false, 380 * DAY),
        attempt('voided', 5 * DAY),
        attempt('voided', 4 * DAY),
        scored(false, 10 * DAY),
      ];
      expect(decideEligibility(facts({ policy, attempts })).eligible).to.equal(true);
    });

    it('frees a place only when enough attempts have aged out, even past the limit', () => {
      // Four attempts (one allowed by an exception): two must age out before a fourth fits under 3.
      const attempts = [
        scored(false, 300 * DAY),
        scored(false, 200 * DAY),
        scored(false, 100 * DAY),
        scored(false, 10 * DAY),
      ];
      const verdict = decideEligibility(facts({ policy, attempts }));
      expect(verdict.earliestStart).to.deep.equal(later(attempts[1]?.checkedInAt as Date, 365 * DAY));
    });

    it('has no limit when the policy sets none', () => {
      const attempts = Array.from({ length: 10 }, (_, i) => scored(false, (i + 1) * DAY));
      expect(
        decideEligibility(facts({ policy: { maxAttemptsPerYear: null, retakeWaitHours: [] }, attempts }))
          .eligible,
      ).to.equal(true);
    });

    it('gives the later of two dates when both the wait and the limit stand in the way', () => {
      const attempts = [scored(false, 300 * DAY), scored(false, 100 * DAY), scored(false, HOUR)];
      const verdict = decideEligibility(
        facts({ policy: { maxAttemptsPerYear: 3, retakeWaitHours: [24] }, attempts }),
      );
      expect(rules(verdict)).to.have.members(['retake_wait', 'attempt_limit']);
      expect(verdict.earliestStart).to.deep.equal(later(attempts[0]?.checkedInAt as Date, 365 * DAY));
    });
  });

  describe('prerequisites', () => {
    const policy = { prerequisites: [PREREQ] };
    const held = (valid: boolean): HeldCredential => ({
      certificationId: PREREQ,
      valid,
      expiresAt: new Date('2028-01-01T00:00:00Z'),
    });

    it('refuses without the prerequisite, naming it, with no date (time alone will not remove it)', () => {
      const verdict = decideEligibility(facts({ policy }));
      expect(verdict.obstacles).to.deep.equal([
        { rule: 'prerequisite', message: 'You first need to hold Cloud Foundations' },
      ]);
      expect(verdict.earliestStart).to.equal(null);
    });

    it('accepts a valid prerequisite, not an expired, suspended or revoked one', () => {
      expect(decideEligibility(facts({ policy, credentials: [held(true)] })).eligible).to.equal(true);
      expect(rules(decideEligibility(facts({ policy, credentials: [held(false)] })))).to.deep.equal([
        'prerequisite',
      ]);
    });

    it('names an unknown prerequisite without leaking its id', () => {
      const verdict = decideEligibility(facts({ policy: { prerequisites: ['cert-gone'] } }));
      expect(verdict.obstacles[0]?.message).to.equal('You first need to hold another certification');
    });

    it('gives no earliest start when a prerequisite joins a timed obstacle', () => {
      const verdict = decideEligibility(
        facts({ policy: { ...policy, retakeWaitHours: [24] }, attempts: [scored(false, HOUR)] }),
      );
      expect(rules(verdict)).to.have.members(['prerequisite', 'retake_wait']);
      expect(verdict.earliestStart).to.equal(null);
    });
  });

  describe('already certified', () => {
    it('refuses a holder of a valid credential, saying until when it is valid', () => {
      const credentials = [
        { certificationId: CERT, valid: true, expiresAt: new Date('2028-06-30T00:00:00Z') },
      ];
      const verdict = decideEligibility(facts({ credentials }));
      expect(verdict.obstacles).to.deep.equal([
        {
          rule: 'already_certified',
          message: 'You already hold this certification, valid until 30 June 2028 at 00:00 UTC',
        },
      ]);
    });

    it('says so plainly for a credential without expiry', () => {
      const verdict = decideEligibility(
        facts({ credentials: [{ certificationId: CERT, valid: true, expiresAt: null }] }),
      );
      expect(verdict.obstacles[0]?.message).to.equal('You already hold this certification');
    });

    it('lets the holder of an expired or revoked credential recertify', () => {
      const verdict = decideEligibility(
        facts({ credentials: [{ certificationId: CERT, valid: false, expiresAt: ago(DAY) }] }),
      );
      expect(verdict.eligible).to.equal(true);
    });
  });

  describe('a live attempt', () => {
    it('points at the attempt to resume, whatever exceptions exist', () => {
      for (const status of ['checked_in', 'in_progress', 'paused'] as const) {
        const live = attempt(status, 5 * 60_000);
        const verdict = decideEligibility(
          facts({ attempts: [live], exceptions: new Set<WaivableRule>(['attempt_limit', 'retake_wait']) }),
        );
        expect(rules(verdict), status).to.deep.equal(['live_attempt']);
        expect(verdict.liveAttemptId).to.equal(live.id);
        expect(verdict.earliestStart).to.equal(null);
      }
    });
  });

  describe('a check-in never begun', () => {
    it('stops counting as live once its ten minutes are over (the next check-in voids it)', () => {
      const fresh = decideEligibility(facts({ attempts: [attempt('checked_in', 9 * 60_000)] }));
      expect(rules(fresh)).to.deep.equal(['live_attempt']);
      const stale = decideEligibility(facts({ attempts: [attempt('checked_in', 11 * 60_000)] }));
      expect(stale.eligible).to.equal(true);
      expect(stale.liveAttemptId).to.equal(null);
    });
  });

  describe('exceptions', () => {
    it('waive exactly the rule they name', () => {
      const attempts = [scored(false, 300 * DAY), scored(false, 100 * DAY), scored(false, HOUR)];
      const base = {
        policy: { prerequisites: [PREREQ], maxAttemptsPerYear: 3, retakeWaitHours: [24] },
        attempts,
        credentials: [{ certificationId: CERT, valid: true, expiresAt: null }],
      };
      const all = ['already_certified', 'prerequisite', 'retake_wait', 'attempt_limit'] as const;
      expect(rules(decideEligibility(facts(base)))).to.have.members([...all]);
      for (const waived of all) {
        const verdict = decideEligibility(facts({ ...base, exceptions: new Set<WaivableRule>([waived]) }));
        expect(rules(verdict), waived).to.have.members(all.filter((r) => r !== waived));
      }
      expect(decideEligibility(facts({ ...base, exceptions: new Set<WaivableRule>(all) })).eligible).to.equal(
        true,
      );
    });

    it('waive the voucher', () => {
      expect(decideEligibility(facts({ policy: { voucherRequired: true } })).voucherRequired).to.equal(true);
      expect(
        decideEligibility(
          facts({ policy: { voucherRequired: true }, exceptions: new Set<WaivableRule>(['voucher']) }),
        ).voucherRequired,
      ).to.equal(false);
    });
  });

  it('follows the default policy: 24 hours after the first failure, 14 days after the second, 3 a year', () => {
    const first = scored(false, HOUR);
    expect(decideEligibility(facts({ attempts: [first] })).earliestStart).to.deep.equal(
      later(first.finishedAt as Date, DAY),
    );
    const second = scored(false, HOUR / 2);
    expect(
      decideEligibility(facts({ attempts: [scored(false, 5 * DAY), second] })).earliestStart,
    ).to.deep.equal(later(second.finishedAt as Date, 14 * DAY));
  });
});
