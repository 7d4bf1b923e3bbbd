import { isUniqueViolation } from '../db-errors.js';
import type { AppDeps } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';
import { isOverdue, lockAttempt } from './attempt-access.js';
import { type AttemptView, attemptView } from './attempt-view.js';
import { scoreWithin, submitWithin } from './settle-attempt.js';

/** An attempt as scoring names it. */
export interface AttemptRef {
  readonly tenantId: string;
  readonly id: string;
}

/**
 * Scores a submitted attempt (and first submits one whose deadline passed, finished at the deadline) in its own
 * unit of work, as the system: the result, the credential on a pass, the holder's e-mail and the audit entries
 * commit together, and the attempt's windows are given the result. An attempt already scored (by a reader
 * or another node first) is left as it is. Returns the scored attempt as its candidate sees it when this call
 * scored it, else undefined.
 */
export async function settlePendingAttempt(deps: AppDeps, ref: AttemptRef): Promise<AttemptView | undefined> {
  return runUnitOfWork(deps, { tenantId: ref.tenantId, userId: null }, async (uow) => {
    const loaded = await lockAttempt(uow, ref.id);
    let attempt = loaded.attempt;
    if (attempt.deadline && isOverdue(attempt, uow.now))
      attempt = await submitWithin(uow, attempt, attempt.deadline, 'deadline');
    if (attempt.status !== 'submitted') return undefined;
    const result = await scoreWithin(uow, deps, attempt, loaded.bank, loaded.certification);
    // The candidate's windows get the result with the notice: nothing to read again.
    const view = attemptView(
      { ...attempt, status: 'scored', updatedAt: uow.now },
      { bank: loaded.bank, certificationTitle: loaded.certification.title, now: uow.now, result },
    );
    uow.afterCommit(() => deps.attemptEvents?.changed(attempt, view));
    return view;
  });
}

/** Scoring transactions a node runs at once; the rest wait their turn (answers keep the pool's connections). */
const SCORING_CONCURRENCY = 2;
/** Tries per attempt when two issuances drew the same random value at once; the sweep takes any left over. */
const SCORING_TRIES = 3;

/** A node's scorer: attempts submitted here are scored right after their submission commits, a few at a time. */
export interface Scorer {
  schedule(ref: AttemptRef): void;
  /** Resolves once every attempt scheduled so far has been tried. */
  idle(): Promise<void>;
}

/**
 * Scores submitted attempts in the background, at most SCORING_CONCURRENCY at a time, in the order they were
 * submitted. A failure is logged and left to the sweep, which scores submitted attempts a node did not (it
 * stopped, or scoring failed).
 */
export function startScorer(deps: () => AppDeps): Scorer {
  const waiting: AttemptRef[] = [];
  let running = 0;
  let idle: Array<() => void> = [];
  const settleIdle = () => {
    if (running > 0 || waiting.length > 0) return;
    for (const resolve of idle) resolve();
    idle = [];
  };
  const score = async (ref: AttemptRef) => {
    for (let tries = 1; ; tries++) {
      try {
        await settlePendingAttempt(deps(), ref);
        return;
      } catch (error) {
        if (isUniqueViolation(error) && tries < SCORING_TRIES) continue;
        deps().logger.error(
          { err: error, attemptId: ref.id },
          'scoring an attempt failed; the sweep will retry',
        );
        return;
      }
    }
  };
  const pump = () => {
    while (running < SCORING_CONCURRENCY && waiting.length > 0) {
      const ref = waiting.shift() as AttemptRef;
      running += 1;
      void score(ref).finally(() => {
        running -= 1;
        pump();
        settleIdle();
      });
    }
  };
  return {
    schedule(ref) {
      waiting.push({ tenantId: ref.tenantId, id: ref.id });
      pump();
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idle.push(resolve));
    },
  };
}
