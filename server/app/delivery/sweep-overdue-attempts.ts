import { DEADLINE_GRACE_MS, settleRetryAt } from '../../domain/assessment/attempt.js';
import { deferSettling, findAttemptsToSettle } from '../../persistence/repositories/attempts.js';
import { isUniqueViolation } from '../db-errors.js';
import type { AppDeps } from '../deps.js';
import { settlePendingAttempt } from './scoring.js';

/** Attempts settled per sweep run at most; the next run takes the rest. */
const SWEEP_BATCH = 200;

/** How long a submitted attempt is left to the scorer of the node that took it before the sweep scores it. */
export const SCORING_LEFT_AFTER_MS = 30_000;

/**
 * Submits and scores every attempt whose deadline (plus the latency grace) has passed with the browser gone:
 * with the answers saved so far, and the deadline as the finish time. It also scores attempts submitted but left
 * unscored (the node that took the submission stopped first, or its scoring failed). Each attempt settles in its
 * own unit of work under its row lock, so two nodes sweeping at once, or a candidate reading at the same moment,
 * settle it once. Returns how many this run settled.
 */
export async function sweepOverdueAttempts(deps: AppDeps): Promise<number> {
  const at = deps.clock.now();
  const now = at.getTime();
  const due = await findAttemptsToSettle(
    deps.db,
    new Date(now - DEADLINE_GRACE_MS),
    new Date(now - SCORING_LEFT_AFTER_MS),
    at,
    SWEEP_BATCH,
  );
  let settled = 0;
  for (const attempt of due) {
    try {
      if (await settlePendingAttempt(deps, attempt)) settled += 1;
    } catch (error) {
      // A random credential value drawn twice at once: the next run settles it.
      if (isUniqueViolation(error)) continue;
      // Anything else waits longer after each failure (see settleRetryAt), so it neither floods the log nor
      // holds up the attempts behind it.
      const failures = attempt.settleFailures + 1;
      const retryAt = settleRetryAt(at, failures);
      await deferSettling(deps.db, attempt, failures, retryAt).catch(() => undefined);
      deps.logger.error(
        { err: error, attemptId: attempt.id, failures, retryAt: retryAt.toISOString() },
        'settling an attempt failed; the sweep tries it again later',
      );
    }
  }
  return settled;
}
