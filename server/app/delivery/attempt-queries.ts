import type { Actor } from '../../adapters/token-service.js';
import { findResults, listCandidateAttempts } from '../../persistence/repositories/attempts.js';
import { listCertifications } from '../../persistence/repositories/certifications.js';
import type { AppDeps } from '../deps.js';
import { requireRole, runUnitOfWork } from '../unit-of-work.js';
import { currentView, lockAttempt, submitIfOverdue } from './attempt-access.js';
import { type AttemptView, type ResultView, resultView } from './attempt-view.js';
import { settlePendingAttempt } from './scoring.js';

/**
 * The attempt as it stands, for its candidate (or an admin). Reading it submits it first when its deadline has
 * passed and the sweep has not come yet, and scores it when it is submitted and the scorer has not come yet: so
 * nobody reads an attempt still running past its time, or waits on a result nobody is working out. Scoring runs
 * in its own transaction: when it fails (the signing service is down), the reader still gets the attempt, as
 * submitted, and the scorer or the sweep tries again.
 */
export async function getAttempt(deps: AppDeps, actor: Actor, attemptId: string): Promise<AttemptView> {
  const read = () =>
    runUnitOfWork(deps, actor, async (uow) => {
      const loaded = await lockAttempt(uow, attemptId, { admins: true });
      await submitIfOverdue(uow, deps, loaded);
      return currentView(uow, attemptId, loaded);
    });
  const view = await read();
  if (view.status !== 'submitted') return view;
  let scored: AttemptView | undefined;
  try {
    scored = await settlePendingAttempt(deps, { tenantId: actor.tenantId, id: attemptId });
  } catch (error) {
    deps.logger.warn({ err: error, attemptId }, 'scoring a submitted attempt failed; it will be tried again');
    return view;
  }
  // Scored by this read, as it stands; scored by someone else meanwhile, read again.
  return scored ?? read();
}

/** One line of a candidate's history. */
export interface AttemptSummary {
  readonly id: string;
  readonly certificationId: string;
  readonly certificationTitle: string;
  readonly status: string;
  readonly checkedInAt: string;
  readonly finishedAt: string | null;
  readonly result: ResultView | null;
  readonly voidReason: string | null;
}

/** The candidate's attempts and results, newest first. */
export async function listMyAttempts(deps: AppDeps, actor: Actor): Promise<{ attempts: AttemptSummary[] }> {
  requireRole(actor, ['candidate']);
  const attempts = await listCandidateAttempts(deps.db, actor.tenantId, actor.userId);
  const results = new Map(
    (
      await findResults(
        deps.db,
        actor.tenantId,
        attempts.map((a) => a.id),
      )
    ).map((r) => [r.attemptId, r]),
  );
  const titles = new Map((await listCertifications(deps.db, actor.tenantId)).map((c) => [c.id, c.title]));
  return {
    attempts: attempts.map((a) => {
      const result = results.get(a.id);
      return {
        id: a.id,
        certificationId: a.certificationId,
        certificationTitle: titles.get(a.certificationId) ?? '',
        status: a.status,
        checkedInAt: a.checkedInAt.toISOString(),
        finishedAt: a.finishedAt?.toISOString() ?? null,
        result: result ? resultView(result) : null,
        voidReason: a.voidReason,
      };
    }),
  };
}
