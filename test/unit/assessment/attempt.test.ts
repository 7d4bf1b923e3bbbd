import { expect } from 'chai';
import {
  ATTEMPT_STATUSES,
  type AttemptEvent,
  type AttemptStatus,
  allowedTimeMs,
  breakEndsAt,
  clockAt,
  DEADLINE_GRACE_MS,
  deadlineAfterPause,
  deadlineWithNewAllowance,
  isPastDeadline,
  settleRetryAt,
  LIVE_STATUSES,
  MAX_BREAK_MS,
  NO_EXTRA_TIME,
  remainingMs,
  transitionAttempt,
} from '../../../server/domain/assessment/attempt.js';

const at = (iso: string) => new Date(`2026-11-22T${iso}Z`);
const MIN = 60_000;

/** Every move the attempt's life allows, and where it leads; anything else is refused. */
const ALLOWED: ReadonlyArray<[AttemptStatus, AttemptEvent, AttemptStatus]> = [
  ['checked_in', 'start', 'in_progress'],
  ['in_progress', 'pause', 'paused'],
  ['paused', 'resume', 'in_progress'],
  ['in_progress', 'submit', 'submitted'],
  ['paused', 'submit', 'submitted'],
  ['submitted', 'score', 'scored'],
  ['checked_in', 'void', 'voided'],
  ['in_progress', 'void', 'voided'],
  ['paused', 'void', 'voided'],
];
const EVENTS: readonly AttemptEvent[] = ['start', 'pause', 'resume', 'submit', 'score', 'void'];

describe('attempt state machine', () => {
  for (const [from, event, to] of ALLOWED) {
    it(`${from} --${event}--> ${to}`, () => {
      expect(transitionAttempt(from, event)).to.deep.equal({ allowed: true, to });
    });
  }

  it('refuses every other move, with a sentence the candidate can read', () => {
    const refused: string[] = [];
    for (const from of ATTEMPT_STATUSES) {
      for (const event of EVENTS) {
        if (ALLOWED.some(([f, e]) => f === from && e === event)) continue;
        const verdict = transitionAttempt(from, event);
        expect(verdict.allowed, `${from} --${event}-->`).to.equal(false);
        if (!verdict.allowed) expect(verdict.message).to.match(/^[A-Z].{10,}[a-z]$/);
        refused.push(`${from}:${event}`);
      }
    }
    // 6 statuses × 6 events, 9 of them allowed.
    expect(refused).to.have.length(36 - 9);
  });

  it('ends for good: nothing moves a scored or voided attempt', () => {
    for (const from of ['scored', 'voided'] as const) {
      for (const event of EVENTS) expect(transitionAttempt(from, event).allowed).to.equal(false);
    }
  });

  it('calls live exactly the states that can still be voided', () => {
    const voidable = ATTEMPT_STATUSES.filter((s) => transitionAttempt(s, 'void').allowed);
    expect([...LIVE_STATUSES]).to.have.members(voidable);
  });
});

describe('attempt clock', () => {
  describe('allowed time', () => {
    it('is the time limit without accommodation', () => {
      expect(allowedTimeMs(60, NO_EXTRA_TIME)).to.equal(60 * MIN);
    });

    it('stretches by the percentage and adds the minutes', () => {
      expect(allowedTimeMs(60, { extraTimePercent: 50, extraTimeMinutes: 0 })).to.equal(90 * MIN);
      expect(allowedTimeMs(60, { extraTimePercent: 0, extraTimeMinutes: 15 })).to.equal(75 * MIN);
      expect(allowedTimeMs(60, { extraTimePercent: 25, extraTimeMinutes: 10 })).to.equal(85 * MIN);
    });

    it('rounds to whole milliseconds', () => {
      expect(allowedTimeMs(7, { extraTimePercent: 33, extraTimeMinutes: 0 })).to.equal(558_600);
      expect(Number.isInteger(allowedTimeMs(1, { extraTimePercent: 1 / 3, extraTimeMinutes: 0 }))).to.equal(
        true,
      );
    });
  });

  describe('remaining time', () => {
    const deadline = at('10:00:00');

    it('is unknown before the start', () => {
      expect(remainingMs({ status: 'checked_in', deadline: null, pausedAt: null }, at('09:00:00'))).to.equal(
        null,
      );
    });

    it('counts down to the deadline while running, and never below zero', () => {
      const clock = { status: 'in_progress' as const, deadline, pausedAt: null };
      expect(remainingMs(clock, at('09:00:00'))).to.equal(60 * MIN);
      expect(remainingMs(clock, at('09:59:59'))).to.equal(1_000);
      expect(remainingMs(clock, at('10:00:00'))).to.equal(0);
      expect(remainingMs(clock, at('10:30:00'))).to.equal(0);
    });

    it('freezes at the moment of the pause for as long as a break may last, then runs again', () => {
      expect(MAX_BREAK_MS).to.equal(15 * MIN);
      const clock = { status: 'paused' as const, deadline, pausedAt: at('09:40:00') };
      expect(remainingMs(clock, at('09:40:00'))).to.equal(20 * MIN);
      expect(remainingMs(clock, at('09:54:59'))).to.equal(20 * MIN);
      expect(remainingMs(clock, at('09:55:00'))).to.equal(20 * MIN);
      expect(remainingMs(clock, at('10:05:00'))).to.equal(10 * MIN);
      expect(remainingMs(clock, at('10:15:00'))).to.equal(0);
      expect(remainingMs(clock, at('11:00:00'))).to.equal(0);
    });

    it('ends a break by itself once it has lasted its longest, moving the deadline on by the break', () => {
      const paused = { status: 'paused' as const, deadline, pausedAt: at('09:40:00') };
      expect(breakEndsAt(at('09:40:00')).toISOString()).to.equal(at('09:55:00').toISOString());
      expect(clockAt(paused, at('09:54:59'))).to.equal(paused);
      expect(clockAt(paused, at('09:55:00'))).to.deep.equal({
        status: 'in_progress',
        deadline: at('10:15:00'),
        pausedAt: null,
      });
      expect(clockAt(paused, at('12:00:00')).deadline?.toISOString()).to.equal(at('10:15:00').toISOString());
      const running = { status: 'in_progress' as const, deadline, pausedAt: null };
      expect(clockAt(running, at('12:00:00'))).to.equal(running);
    });

    it('is zero once the attempt is over', () => {
      for (const status of ['submitted', 'scored', 'voided'] as const) {
        expect(remainingMs({ status, deadline, pausedAt: null }, at('09:00:00')), status).to.equal(0);
      }
    });
  });

  describe('deadline after a pause', () => {
    it('moves on by the length of the pause, so the time left is what it was when paused', () => {
      const deadline = at('10:00:00');
      const pausedAt = at('09:40:00');
      const resumedAt = at('09:52:30');
      const moved = deadlineAfterPause(deadline, pausedAt, resumedAt);
      expect(moved.toISOString()).to.equal(at('10:12:30').toISOString());
      const before = remainingMs({ status: 'paused', deadline, pausedAt }, resumedAt);
      const after = remainingMs({ status: 'in_progress', deadline: moved, pausedAt: null }, resumedAt);
      expect(after).to.equal(before);
    });

    it('adds up over several pauses', () => {
      let deadline = at('10:00:00');
      deadline = deadlineAfterPause(deadline, at('09:10:00'), at('09:15:00'));
      deadline = deadlineAfterPause(deadline, at('09:30:00'), at('09:40:00'));
      expect(deadline.toISOString()).to.equal(at('10:15:00').toISOString());
    });

    it('never moves the deadline back when the clock reads earlier than the pause', () => {
      const deadline = at('10:00:00');
      expect(deadlineAfterPause(deadline, at('09:40:00'), at('09:39:00')).getTime()).to.equal(
        deadline.getTime(),
      );
    });

    it('does not change its inputs', () => {
      const deadline = at('10:00:00');
      const pausedAt = at('09:40:00');
      deadlineAfterPause(deadline, pausedAt, at('09:50:00'));
      expect(deadline.toISOString()).to.equal(at('10:00:00').toISOString());
      expect(pausedAt.toISOString()).to.equal(at('09:40:00').toISOString());
    });
  });

  describe('grace after the deadline', () => {
    const deadline = at('10:00:00');

    it('still takes an answer received within the grace of a few seconds', () => {
      expect(DEADLINE_GRACE_MS).to.be.within(1_000, 10_000);
      expect(isPastDeadline(deadline, at('09:59:59'))).to.equal(false);
      expect(isPastDeadline(deadline, deadline)).to.equal(false);
      expect(isPastDeadline(deadline, new Date(deadline.getTime() + DEADLINE_GRACE_MS))).to.equal(false);
    });

    it('refuses one received after the grace', () => {
      expect(isPastDeadline(deadline, new Date(deadline.getTime() + DEADLINE_GRACE_MS + 1))).to.equal(true);
      expect(isPastDeadline(deadline, at('10:01:00'))).to.equal(true);
    });

    it('takes another grace when asked', () => {
      expect(isPastDeadline(deadline, at('10:00:01'), 0)).to.equal(true);
      expect(isPastDeadline(deadline, at('10:00:01'), 1_000)).to.equal(false);
    });
  });

  describe('an accommodation granted while the attempt runs', () => {
    it('adds the difference in allowed time to the deadline', () => {
      const moved = deadlineWithNewAllowance(at('10:00:00'), 60 * MIN, 90 * MIN, at('09:30:00'));
      expect(moved.toISOString()).to.equal(at('10:30:00').toISOString());
    });

    it('takes time away, but never into the past', () => {
      expect(
        deadlineWithNewAllowance(at('10:00:00'), 90 * MIN, 60 * MIN, at('09:00:00')).toISOString(),
      ).to.equal(at('09:30:00').toISOString());
      expect(
        deadlineWithNewAllowance(at('10:00:00'), 90 * MIN, 60 * MIN, at('09:45:00')).toISOString(),
      ).to.equal(at('09:45:00').toISOString());
    });
  });

  describe('the sweep waiting after failing to settle an attempt', () => {
    const now = new Date('2026-12-03T09:00:00.000Z');
    const waits = (failures: number) => (settleRetryAt(now, failures).getTime() - now.getTime()) / 1000;
    it('waits 5 seconds after the first failure, twice as long after each next one', () => {
      expect([1, 2, 3, 4, 5].map(waits)).to.deep.equal([5, 10, 20, 40, 80]);
    });
    it('never waits longer than 5 minutes, however often it failed', () => {
      expect([7, 8, 50, 1e6].map(waits)).to.deep.equal([300, 300, 300, 300]);
    });
  });
});
