/**
 * The exam timer as the player shows it. The server owns the clock: every attempt it sends says how much time is
 * left (`remainingMs`), and the player only counts down from the latest of those with a monotonic clock
 * (performance.now()), so a wrong or changed system clock never moves the deadline. Pure.
 */

/** The time left as last told by the server, and when (on the monotonic clock) it was told. */
export interface ClockSync {
  readonly remainingMs: number;
  readonly atMs: number;
  /** False while paused (the time left is frozen) or before the start. */
  readonly running: boolean;
}

/** A sync point from an attempt received at `atMs`; null when the attempt has no clock yet (not begun). */
export function syncClock(
  attempt: { remainingMs: number | null; status: string },
  atMs: number,
): ClockSync | null {
  if (attempt.remainingMs === null) return null;
  return {
    remainingMs: Math.max(0, attempt.remainingMs),
    atMs,
    running: attempt.status === 'in_progress',
  };
}

/** Time left at `nowMs`: counted down from the last sync while running, never below zero. */
export function remainingAt(sync: ClockSync, nowMs: number): number {
  if (!sync.running) return sync.remainingMs;
  return Math.max(0, sync.remainingMs - Math.max(0, nowMs - sync.atMs));
}

/** "1:02:03", "41:07" or "0:09": whole seconds rounded up, so 0:00 shows only when the time is over. */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

/** The time left in words for a screen reader: "12 minutes", "1 minute", "45 seconds". */
export function remainingInWords(ms: number): string {
  const seconds = Math.ceil(Math.max(0, ms) / 1000);
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const hourWords = `${hours} hour${hours === 1 ? '' : 's'}`;
  return rest === 0 ? hourWords : `${hourWords} ${rest} minute${rest === 1 ? '' : 's'}`;
}

/** The shares of the allowed time at which the time left is announced: 20 % and 5 % left. */
export const TIME_THRESHOLDS = [0.2, 0.05] as const;

/**
 * The thresholds reached and not yet announced, the smallest last. A candidate who reopens the exam with
 * little time left has passed both: announce only the last (the caller marks them all as announced).
 */
export function thresholdsReached(
  remainingMs: number,
  allowedMs: number,
  announced: ReadonlySet<number>,
): number[] {
  if (allowedMs <= 0 || remainingMs <= 0) return [];
  return TIME_THRESHOLDS.filter((share) => remainingMs <= share * allowedMs && !announced.has(share));
}

/** What the live region says at a threshold. */
export function thresholdMessage(share: number, remainingMs: number): string {
  return `${remainingInWords(remainingMs)} left (${Math.round(share * 100)} % of your time).`;
}
