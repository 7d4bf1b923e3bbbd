/**
 * Delay before the next try of an outgoing message after `attempts` failed tries: exponential backoff,
 * `baseMs · 2^(attempts−1)`, capped at `capMs` (1 s, 2 s, 4 s … with the defaults up to an hour), so a
 * receiving server that is down is not hammered and one that comes back soon is tried again soon.
 */
export function retryDelayMs(attempts: number, baseMs = 1000, capMs = 3_600_000): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(capMs, baseMs * 2 ** exponent);
}
