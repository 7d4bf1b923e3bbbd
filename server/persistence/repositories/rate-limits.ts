import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { rateLimitHits } from '../schema.js';

/**
 * Counts one hit for `key` in the window starting at `windowStart` and returns the hits in that window, in
 * one statement: a hit in a newer window starts the count again at 1. Concurrent hits from several nodes
 * are all counted (the upsert takes the row lock).
 */
export async function countHit(ex: Executor, key: string, windowStart: Date): Promise<number> {
  const [row] = await ex
    .insert(rateLimitHits)
    .values({ key, windowStart, hits: 1 })
    .onConflictDoUpdate({
      target: rateLimitHits.key,
      set: {
        // Every SET expression sees the row as it was. A newer window starts again at 1; a hit stamped with an
        // older window (a node whose clock lags) still counts in the current one.
        hits: sql`case when excluded.window_start > ${rateLimitHits.windowStart} then 1 else ${rateLimitHits.hits} + 1 end`,
        windowStart: sql`greatest(${rateLimitHits.windowStart}, excluded.window_start)`,
      },
    })
    .returning({ hits: rateLimitHits.hits });
  return row?.hits ?? 1;
}

/** Takes back one hit (express-rate-limit does this for requests it was told not to count). */
export async function uncountHit(ex: Executor, key: string): Promise<void> {
  await ex
    .update(rateLimitHits)
    .set({ hits: sql`greatest(${rateLimitHits.hits} - 1, 0)` })
    .where(eq(rateLimitHits.key, key));
}

/** Forgets a key's counter. */
export async function forgetHits(ex: Executor, key: string): Promise<void> {
  await ex.delete(rateLimitHits).where(eq(rateLimitHits.key, key));
}
