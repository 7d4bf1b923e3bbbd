import { isUniqueViolation } from '../db-errors.js';
import type { AppDeps } from '../deps.js';
import { findOverdueAttempts } from '../../persistence/repositories/attempts.js';
import { DEADLINE_GRACE_MS } from '../../domain/assessment/attempt.js';
import { runUnitOfWork } from '../unit-of-work.js';
import { lockAttempt, settleIfOverdue } from './attempt-access.js';

/** Attempts settled per sweep run at most; the next run takes the rest. */
const SWEEP_BATCH = 200;

/**
 * Submits and scores every attempt whose deadline (plus the latency grace) has passed with the browser gone:
 * with the answers saved so far, and the deadline as the finish time. Each attempt settles in its own unit of
 * work under its row lock, so two nodes sweeping at once, or a candidate reading at the same moment, settle it
 * once. Returns how many this run settled.
 */
export async function sweepOverdueAttempts(deps: AppDeps): Promise<number> {
  const now = deps.clock.now();
  const due = await findOverdueAttempts(deps.db, new Date(now.getTime() - DEADLINE_GRACE_MS), SWEEP_BATCH);
  let settled = 0;
  for (const { tenantId, id } of due) {
    try {
      const done = await runUnitOfWork(deps, { tenantId, userId: null }, async (uow) => {
        const loaded = await lockAttempt(uow, id);
        const changed = await settleIfOverdue(uow, deps, loaded);
        if (changed) uow.afterCommit(() => deps.attemptEvents?.changed(loaded.attempt));
        return changed;
      });
      if (done) settled += 1;
    } catch (error) {
      // A random credential value drawn twice at once: the next run settles it. Anything else is logged.
      if (!isUniqueViolation(error))
        deps.logger.error({ err: error, attemptId: id }, 'settling an overdue attempt failed');
    }
  }
  return settled;
}
