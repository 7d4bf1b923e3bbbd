import type { Options, Store } from 'express-rate-limit';
import { countRequest, forgetRequests, uncountRequest } from '../../app/count-request.js';
import type { AppDeps } from '../../app/deps.js';

/**
 * An express-rate-limit store whose counters live in the database, so several server nodes enforce one limit
 * together instead of each allowing the full rate.
 */
export class SharedRateLimitStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly deps: Pick<AppDeps, 'db' | 'clock'>,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async increment(key: string) {
    const { hits, resetTime } = await countRequest(this.deps, this.prefix + key, this.windowMs);
    return { totalHits: hits, resetTime };
  }

  decrement(key: string): Promise<void> {
    return uncountRequest(this.deps, this.prefix + key);
  }

  resetKey(key: string): Promise<void> {
    return forgetRequests(this.deps, this.prefix + key);
  }
}
