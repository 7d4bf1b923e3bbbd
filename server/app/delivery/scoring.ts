import {
  findScoringFactsFor,
  lockAttemptsWithCertification,
  markScored,
} from '../../persistence/repositories/attempts.js';
import type { CertificationRow } from '../../persistence/repositories/certifications.js';
import { isUniqueViolation } from '../db-errors.js';
import type { AppDeps } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';
import { isOverdue, type LoadedAttempt, lockAttempt } from './attempt-access.js';
import { type AttemptView, attemptView } from './attempt-view.js';
import { examBank } from './exam-bank.js';
import { type ScoringBatch, scoreWithin, submitWithin } from './settle-attempt.js';

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
  const [view] = await settlePendingAttempts(deps, ref.tenantId, [ref.id]);
  return view;
}

/**
 * Settles several attempts of one tenant (see `settlePendingAttempt`) in one unit of work: one transaction, one
 * issuing session for the passes and one statement for all their results, item data, audit entries and e-mails.
 * All of them commit together or none does. Returns, in the order given, each attempt as its candidate sees it
 * when this call scored it, else undefined.
 */
export async function settlePendingAttempts(
  deps: AppDeps,
  tenantId: string,
  attemptIds: readonly string[],
): Promise<(AttemptView | undefined)[]> {
  return runUnitOfWork(deps, { tenantId, userId: null }, async (uow) => {
    // Locked in one order, so two batches sharing attempts (a node's scorer and the sweep) never deadlock.
    const order = [...attemptIds].sort();
    const settled = new Map<string, AttemptView | undefined>();
    // The submitted ones (what the scorer is handed, what a reader settles) are read together: the rows, locked,
    // in one statement, and their answers, candidates and records in another; their status moves to scored in
    // one more.
    const locked = await lockAttemptsWithCertification(uow.tx, tenantId, order);
    const ready = new Map(
      locked
        .filter((row) => row.attempt.status === 'submitted' && row.certification)
        .map((row) => [row.attempt.id, row]),
    );
    const batch: ScoringBatch = {
      facts: await findScoringFactsFor(
        uow.tx,
        tenantId,
        [...ready.values()].map((row) => row.attempt),
      ),
      scored: [],
    };
    for (const id of order) {
      const found = ready.get(id);
      // Anything else (running past its deadline, on a break, already scored) goes the way of a single attempt.
      const loaded: LoadedAttempt = found
        ? {
            attempt: found.attempt,
            certification: found.certification as CertificationRow,
            bank: await examBank(
              uow.tx,
              tenantId,
              found.attempt.certificationId,
              found.attempt.blueprintVersion,
            ),
          }
        : await lockAttempt(uow, id);
      let attempt = loaded.attempt;
      if (attempt.deadline && isOverdue(attempt, uow.now))
        attempt = await submitWithin(uow, attempt, attempt.deadline, 'deadline');
      if (attempt.status !== 'submitted') {
        settled.set(id, undefined);
        continue;
      }
      const result = await scoreWithin(uow, deps, attempt, loaded.bank, loaded.certification, batch);
      // The candidate's windows get the result with the notice: nothing to read again.
      const view = attemptView(
        { ...attempt, status: 'scored', updatedAt: uow.now },
        { bank: loaded.bank, certificationTitle: loaded.certification.title, now: uow.now, result },
      );
      const scored = attempt;
      uow.afterCommit(() => deps.attemptEvents?.changed(scored, view));
      settled.set(id, view);
    }
    await markScored(uow.tx, tenantId, batch.scored, uow.now);
    return attemptIds.map((id) => settled.get(id));
  });
}

/**
 * Scoring transactions a node runs at once. One, scoring the attempts that waited meanwhile together, keeps up
 * with a burst of submissions while live answers keep the event loop and the database: on two cores
 * (bench:delivery, 250 candidates) two at once, or batches of 16, doubled the answers' p99.
 */
const SCORING_CONCURRENCY = 1;
/** Attempts of one tenant scored in one unit of work at most: those waiting when the scorer is free. */
const SCORING_BATCH = 8;
/** Tries per attempt when two issuances drew the same random value at once; the sweep takes any left over. */
const SCORING_TRIES = 3;

/** A node's scorer: attempts submitted here are scored right after their submission commits, a few at a time. */
export interface Scorer {
  schedule(ref: AttemptRef): void;
  /** Resolves once every attempt scheduled so far has been tried. */
  idle(): Promise<void>;
}

/**
 * Scores submitted attempts in the background, at most SCORING_CONCURRENCY units of work at a time, in the order
 * they were submitted: those waiting of one tenant go together (a burst of submissions at the end of a session
 * is scored in a few transactions, not one by one). A failure is logged and left to the sweep, which scores
 * submitted attempts a node did not (it stopped, or scoring failed).
 */
export function startScorer(deps: () => AppDeps): Scorer {
  let waiting: AttemptRef[] = [];
  let running = 0;
  let idle: Array<() => void> = [];
  const settleIdle = () => {
    if (running > 0 || waiting.length > 0) return;
    for (const resolve of idle) resolve();
    idle = [];
  };
  const scoreAlone = async (ref: AttemptRef) => {
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
  const score = async (batch: readonly AttemptRef[]) => {
    const first = batch[0] as AttemptRef;
    if (batch.length === 1) return scoreAlone(first);
    try {
      await settlePendingAttempts(
        deps(),
        first.tenantId,
        batch.map((ref) => ref.id),
      );
    } catch {
      // One attempt's failure (or a status-list index drawn twice at once) must not hold back the others: each
      // is scored on its own, and a failure there is logged and left to the sweep.
      for (const ref of batch) await scoreAlone(ref);
    }
  };
  /** The oldest waiting attempt and, with it, those of its tenant waiting after it. */
  const take = (): AttemptRef[] => {
    const tenantId = (waiting[0] as AttemptRef).tenantId;
    const batch: AttemptRef[] = [];
    const rest: AttemptRef[] = [];
    for (const ref of waiting) {
      if (ref.tenantId === tenantId && batch.length < SCORING_BATCH) batch.push(ref);
      else rest.push(ref);
    }
    waiting = rest;
    return batch;
  };
  const pump = () => {
    while (running < SCORING_CONCURRENCY && waiting.length > 0) {
      const batch = take();
      running += 1;
      void score(batch).finally(() => {
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
