/**
 * An exam attempt's life and clock. The server owns both: the deadline is stored, a pause freezes the time
 * left and a resume moves the deadline on by the pause, so a reconnecting client is told the true remaining
 * time by whoever reads the attempt (ARCHITECTURE.md, core state machines).
 *
 *   checked_in → in_progress ⇄ paused → submitted → scored, and voided from any live state.
 */

/** Where an attempt stands. */
export const ATTEMPT_STATUSES = [
  'checked_in',
  'in_progress',
  'paused',
  'submitted',
  'scored',
  'voided',
] as const;

/** One of ATTEMPT_STATUSES. */
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

/** What may happen to an attempt. */
export type AttemptEvent = 'start' | 'pause' | 'resume' | 'submit' | 'score' | 'void';

/** States in which the candidate (or the sweep, or an admin) can still change the attempt. */
export const LIVE_STATUSES: readonly AttemptStatus[] = ['checked_in', 'in_progress', 'paused'];

const TRANSITIONS: Readonly<Record<AttemptEvent, Partial<Record<AttemptStatus, AttemptStatus>>>> = {
  start: { checked_in: 'in_progress' },
  pause: { in_progress: 'paused' },
  resume: { paused: 'in_progress' },
  submit: { in_progress: 'submitted', paused: 'submitted' },
  score: { submitted: 'scored' },
  void: { checked_in: 'voided', in_progress: 'voided', paused: 'voided' },
};

/** The verdict on an event: the next status, or why it cannot happen (a value, not an exception). */
export type AttemptTransition =
  | { readonly allowed: true; readonly to: AttemptStatus }
  | { readonly allowed: false; readonly message: string };

const NOT_ALLOWED: Record<AttemptEvent, string> = {
  start: 'This attempt has already begun or is over',
  pause: 'Only a running exam can be paused',
  resume: 'Only a paused exam can be resumed',
  submit: 'This attempt is not running, so it cannot be submitted',
  score: 'Only a submitted attempt can be scored',
  void: 'This attempt is over and can no longer be voided',
};

/** The pure transition function of the attempt state machine. */
export function transitionAttempt(from: AttemptStatus, event: AttemptEvent): AttemptTransition {
  const to = TRANSITIONS[event][from];
  return to ? { allowed: true, to } : { allowed: false, message: NOT_ALLOWED[event] };
}

/** Extra time a candidate is granted: a percentage of the time limit, fixed minutes, or both. */
export interface ExtraTime {
  readonly extraTimePercent: number;
  readonly extraTimeMinutes: number;
}

/** No accommodation. */
export const NO_EXTRA_TIME: ExtraTime = { extraTimePercent: 0, extraTimeMinutes: 0 };

/** The time an attempt runs for, in ms: the blueprint's limit stretched by the percentage, plus the minutes. */
export function allowedTimeMs(timeLimitMin: number, extra: ExtraTime): number {
  return Math.round(
    timeLimitMin * 60_000 * (1 + extra.extraTimePercent / 100) + extra.extraTimeMinutes * 60_000,
  );
}

/** The clock fields of an attempt. */
export interface AttemptClock {
  readonly status: AttemptStatus;
  /** The instant the time runs out, pauses included so far; null before the start. */
  readonly deadline: Date | null;
  /** When the current pause began; null unless paused. */
  readonly pausedAt: Date | null;
}

/** The longest one break lasts: then the exam's clock runs again, whether or not the candidate is back. */
export const MAX_BREAK_MS = 15 * 60_000;

/** When a break that began at `pausedAt` ends by itself. */
export function breakEndsAt(pausedAt: Date): Date {
  return new Date(pausedAt.getTime() + MAX_BREAK_MS);
}

/**
 * The clock as it stands at `now`: a break that has lasted its longest has ended by itself at that instant (the
 * attempt runs again, its deadline moved on by the break); any other clock is as it is.
 */
export function clockAt<C extends AttemptClock>(clock: C, now: Date): C {
  if (clock.status !== 'paused' || clock.pausedAt === null || clock.deadline === null) return clock;
  const ends = breakEndsAt(clock.pausedAt);
  if (now.getTime() < ends.getTime()) return clock;
  return {
    ...clock,
    status: 'in_progress',
    pausedAt: null,
    deadline: deadlineAfterPause(clock.deadline, clock.pausedAt, ends),
  };
}

/**
 * Milliseconds the candidate has left at `now`: frozen at the pause while paused (until the break has lasted
 * its longest), never below 0, and 0 once the attempt is over. Null before the start.
 */
export function remainingMs(running: AttemptClock, now: Date): number | null {
  const clock = clockAt(running, now);
  if (clock.deadline === null) return null;
  if (clock.status !== 'in_progress' && clock.status !== 'paused') return 0;
  const at = clock.status === 'paused' && clock.pausedAt ? clock.pausedAt : now;
  return Math.max(0, clock.deadline.getTime() - at.getTime());
}

/** The deadline after a pause that began at `pausedAt` ends at `now`: moved on by the length of the pause. */
export function deadlineAfterPause(deadline: Date, pausedAt: Date, now: Date): Date {
  return new Date(deadline.getTime() + Math.max(0, now.getTime() - pausedAt.getTime()));
}

/**
 * How late, after the deadline, an answer still counts: it covers the trip from the browser to the server
 * for an answer sent in the last second. The server stamps its own receive time; the client's is not used.
 */
export const DEADLINE_GRACE_MS = 3_000;

/** The first wait of the sweep after it failed to settle an attempt; each further failure doubles it. */
export const SETTLE_RETRY_MS = 5_000;
/** The longest the sweep waits between tries at one attempt. */
export const SETTLE_RETRY_MAX_MS = 5 * 60_000;

/**
 * When the sweep next tries an attempt it has now failed to settle `failures` times (1 after the first): 5 s,
 * then 10 s, 20 s… up to 5 minutes, so an attempt that cannot be settled (the signing service down) neither
 * floods the log nor crowds out the others.
 */
export function settleRetryAt(now: Date, failures: number): Date {
  const wait = Math.min(SETTLE_RETRY_MS * 2 ** Math.max(0, Math.min(failures - 1, 30)), SETTLE_RETRY_MAX_MS);
  return new Date(now.getTime() + wait);
}

/** Whether an answer received at `receivedAt` is too late for the attempt's deadline. */
export function isPastDeadline(deadline: Date, receivedAt: Date, graceMs = DEADLINE_GRACE_MS): boolean {
  return receivedAt.getTime() > deadline.getTime() + graceMs;
}

/** How long after check-in the candidate may begin before checking in again (the passkey check is fresh). */
export const CHECK_IN_FRESH_MS = 10 * 60_000;

/** Whether a check-in made at `checkedInAt` may still be begun at `now`. */
export function isCheckInFresh(checkedInAt: Date, now: Date): boolean {
  return now.getTime() - checkedInAt.getTime() <= CHECK_IN_FRESH_MS;
}

/**
 * A deadline changed by an accommodation granted while the attempt runs: the difference between the new and
 * the old allowed time is added (or taken away, never below the present instant).
 */
export function deadlineWithNewAllowance(
  deadline: Date,
  oldAllowedMs: number,
  newAllowedMs: number,
  now: Date,
): Date {
  return new Date(Math.max(now.getTime(), deadline.getTime() + newAllowedMs - oldAllowedMs));
}
