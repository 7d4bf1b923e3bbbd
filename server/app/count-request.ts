import { countHit, forgetHits, uncountHit } from '../persistence/repositories/rate-limits.js';
import type { AppDeps } from './deps.js';

/** Start of the fixed window of length `windowMs` that contains `at`. */
export function windowStartOf(at: Date, windowMs: number): Date {
  return new Date(Math.floor(at.getTime() / windowMs) * windowMs);
}

/**
 * Counts a request towards a rate limit shared by every node on the database: returns the hits so far in the
 * current window and when that window ends.
 */
export async function countRequest(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  key: string,
  windowMs: number,
): Promise<{ hits: number; resetTime: Date }> {
  const windowStart = windowStartOf(deps.clock.now(), windowMs);
  const hits = await countHit(deps.db, key, windowStart);
  return { hits, resetTime: new Date(windowStart.getTime() + windowMs) };
}

/** Takes back a counted request. */
export function uncountRequest(deps: Pick<AppDeps, 'db'>, key: string): Promise<void> {
  return uncountHit(deps.db, key);
}

/** Clears a key's count. */
export function forgetRequests(deps: Pick<AppDeps, 'db'>, key: string): Promise<void> {
  return forgetHits(deps.db, key);
}
