import type { Actor } from '../../adapters/token-service.js';
import { clockAt, isPastDeadline } from '../../domain/assessment/attempt.js';
import { DomainError } from '../../domain/errors.js';
import { hasAnyRole } from '../../domain/identity/roles.js';
import type { Executor } from '../../persistence/database.js';
import {
  type AttemptRow,
  findAttempt,
  findAttemptForMove,
  findResults,
  latestResponses,
  lockAttemptWithCertification,
  updateAttempt,
} from '../../persistence/repositories/attempts.js';
import type { CertificationRow } from '../../persistence/repositories/certifications.js';
import type { AppDeps } from '../deps.js';
import type { UnitOfWork } from '../unit-of-work.js';
import { type AttemptView, attemptView } from './attempt-view.js';
import { type ExamBank, examBank } from './exam-bank.js';
import { submitForScoring } from './settle-attempt.js';

/** An attempt loaded for a change, with its delivery bank and certification. */
export interface LoadedAttempt {
  readonly attempt: AttemptRow;
  readonly bank: ExamBank;
  readonly certification: CertificationRow;
  /** True when loading it ended a break that had lasted its longest (the attempt runs again). */
  readonly breakEnded?: boolean;
  /**
   * True when it is a row remembered since this node wrote it, not one just read: a move may be written on it
   * (only if the row is still that version), but a refusal is decided on the row as it is now, the locked way.
   */
  readonly remembered?: boolean;
}

/**
 * Loads and locks an attempt for a change by its candidate (or the system, or an admin when `admins` is set).
 * Anyone else is told it does not exist, so attempt ids reveal nothing across candidates or tenants.
 */
export async function lockAttempt(
  uow: UnitOfWork,
  attemptId: string,
  options: { admins?: boolean } = {},
): Promise<LoadedAttempt> {
  const tenantId = uow.tenantId;
  if (!tenantId) throw new DomainError('unauthenticated', 'Sign in to do this');
  const found = await lockAttemptWithCertification(uow.tx, tenantId, attemptId);
  const attempt = found?.attempt;
  const actor = uow.actor;
  const allowed =
    attempt !== undefined &&
    (uow.system !== null ||
      (actor !== null &&
        ((actor.userId === attempt.candidateId && hasAnyRole(actor.roles, ['candidate'])) ||
          (options.admins === true && hasAnyRole(actor.roles, ['admin'])))));
  if (!attempt || !allowed) throw new DomainError('not_found', 'No such attempt');
  const certification = found?.certification;
  if (!certification) throw new Error(`attempt ${attempt.id} names no certification`);
  const bank = await examBank(uow.tx, tenantId, attempt.certificationId, attempt.blueprintVersion);
  const ended = await endBreakIfOver(uow, attempt);
  return ended ? { attempt: ended, bank, certification, breakEnded: true } : { attempt, bank, certification };
}

/**
 * Ends a break that has lasted its longest, as of the instant it did: the attempt runs again with its deadline
 * moved on by the break (whoever loads it first: the candidate, an admin, the sweep). Returns the row as it now
 * stands, or undefined when there was no such break.
 */
async function endBreakIfOver(uow: UnitOfWork, attempt: AttemptRow): Promise<AttemptRow | undefined> {
  const clock = clockAt(attempt, uow.now);
  if (clock === attempt || !clock.deadline) return undefined;
  const patch = { status: clock.status, pausedAt: null, deadline: clock.deadline, updatedAt: uow.now };
  await updateAttempt(uow.tx, attempt.tenantId, attempt.id, patch);
  await uow.audit({
    action: 'attempt.resumed',
    subjectType: 'attempt',
    subjectId: attempt.id,
    actorId: null,
    details: { deadline: clock.deadline.toISOString(), breakLimitReached: true },
  });
  return { ...attempt, ...patch };
}

/** An attempt row and its certification as read or last written, without a lock. */
export interface KnownAttempt {
  readonly attempt: AttemptRow;
  readonly certification: CertificationRow;
}

/**
 * `known` (`remembered`, or just read) with its delivery bank when it is the acting candidate's, in `status` and
 * not overdue at `now`; else undefined (the locked path decides and says why).
 */
async function ownAttempt(
  deps: Pick<AppDeps, 'db'>,
  actor: Actor,
  known: KnownAttempt,
  status: AttemptRow['status'],
  now: Date,
  remembered: boolean,
): Promise<LoadedAttempt | undefined> {
  const { attempt, certification } = known;
  const own = hasAnyRole(actor.roles, ['candidate']) && attempt.candidateId === actor.userId;
  if (!own || attempt.status !== status || isOverdue(attempt, now)) return undefined;
  const bank = await examBank(deps.db, attempt.tenantId, attempt.certificationId, attempt.blueprintVersion);
  return { attempt, bank, certification, remembered };
}

/**
 * Rows this node has just written for the candidate's next move on the attempt: the check-in's new attempt for its
 * start, and the start's row for the window that takes it over right after. Each is the row exactly as committed,
 * with its version, so that move needs no read. Taken once; kept a minute at most (a check-in never begun is
 * forgotten then), and never more than `JUST_WRITTEN_MAX`. Nothing depends on it being right: a move decided on a
 * remembered row is written only if the row is still that version (attempt-moves.ts), else it goes the locked
 * way, which reads afresh.
 */
const justWritten = new Map<string, { known: KnownAttempt; at: number }>();
const JUST_WRITTEN_MS = 60_000;
const JUST_WRITTEN_MAX = 2_000;
const writtenKey = (tenantId: string, attemptId: string) => `${tenantId}/${attemptId}`;

/** Remembers `known`, just committed, for the attempt's next move on this node (see `justWritten`). */
export function rememberWritten(known: KnownAttempt): void {
  const now = performance.now();
  // Oldest first (each is set anew when remembered): drop those past their minute, and the oldest beyond the cap.
  for (const [key, kept] of justWritten) {
    if (now - kept.at <= JUST_WRITTEN_MS && justWritten.size < JUST_WRITTEN_MAX) break;
    justWritten.delete(key);
  }
  const key = writtenKey(known.attempt.tenantId, known.attempt.id);
  justWritten.delete(key);
  justWritten.set(key, { known, at: now });
}

function recallWritten(tenantId: string, attemptId: string): KnownAttempt | undefined {
  const key = writtenKey(tenantId, attemptId);
  const kept = justWritten.get(key);
  if (!kept) return undefined;
  justWritten.delete(key);
  return performance.now() - kept.at <= JUST_WRITTEN_MS ? kept.known : undefined;
}

/**
 * The acting candidate's attempt without a lock, as `ownAttempt` takes it: a row remembered since it was written
 * (the window's own, `known`, else this node's, see `justWritten`), marked `remembered`; else read in one
 * statement while the account is still an active candidate; undefined otherwise.
 */
export async function readOwnAttempt(
  deps: Pick<AppDeps, 'db'>,
  actor: Actor,
  attemptId: string,
  status: AttemptRow['status'],
  now: Date,
  known?: KnownAttempt,
): Promise<LoadedAttempt | undefined> {
  const kept = known?.attempt.id === attemptId ? known : recallWritten(actor.tenantId, attemptId);
  const remembered = kept && (await ownAttempt(deps, actor, kept, status, now, true));
  if (remembered) return remembered;
  const read = await findAttemptForMove(deps.db, actor.tenantId, attemptId, actor.userId);
  if (!read?.certification || !read.activeCandidate) return undefined;
  const { attempt, certification } = read;
  return ownAttempt(deps, actor, { attempt, certification }, status, now, false);
}

/**
 * What `decide` makes of a row `readOwnAttempt` gave; when it refuses a remembered row, undefined instead (having
 * written nothing): a refusal is decided on the row as it is now, and the account as it is now, the locked way.
 */
export function decideUnlocked<T>(loaded: LoadedAttempt, decide: () => T): T | undefined {
  try {
    return decide();
  } catch (error) {
    if (loaded.remembered) return undefined;
    throw error;
  }
}

/** Whether the attempt's time ran out (with the latency grace) at `now`. */
export function isOverdue(attempt: AttemptRow, now: Date): boolean {
  const clock = clockAt(attempt, now);
  return clock.status === 'in_progress' && clock.deadline !== null && isPastDeadline(clock.deadline, now);
}

/**
 * Submits an attempt whose deadline passed before anyone submitted it, finished at the deadline, to be scored
 * once this commits. The sweep does this on a timer, and any reader or move does it first if it comes first.
 * Returns true when it submitted.
 */
export async function submitIfOverdue(
  uow: UnitOfWork,
  deps: Pick<AppDeps, 'scoring'>,
  loaded: LoadedAttempt,
): Promise<boolean> {
  const { attempt } = loaded;
  if (!isOverdue(attempt, uow.now) || !attempt.deadline) return false;
  await submitForScoring(uow, deps, attempt, attempt.deadline, 'deadline');
  return true;
}

/**
 * The attempt as it stands in this transaction, as its candidate sees it: re-read after a change, unless the
 * caller passes the row as it now stands (the locked row, or the locked row with the patch it just wrote), which
 * spares the hot answer path a round trip.
 */
export async function currentView(
  uow: UnitOfWork,
  attemptId: string,
  loaded: LoadedAttempt,
  known?: AttemptRow,
): Promise<AttemptView> {
  const attempt = known ?? ((await findAttempt(uow.tx, loaded.attempt.tenantId, attemptId)) as AttemptRow);
  return attemptViewAt(uow.tx, uow.now, loaded, attempt);
}

/** The attempt row as its candidate sees it at `now`, with the answers of a form and the result once scored. */
export async function attemptViewAt(
  ex: Executor,
  now: Date,
  loaded: LoadedAttempt,
  attempt: AttemptRow,
): Promise<AttemptView> {
  const { tenantId, id } = attempt;
  const running = attempt.status === 'in_progress' || attempt.status === 'paused';
  const responses = running && attempt.mode !== 'adaptive' ? await latestResponses(ex, tenantId, id) : [];
  const [result] = attempt.status === 'scored' ? await findResults(ex, tenantId, [id]) : [];
  return attemptView(attempt, {
    bank: loaded.bank,
    certificationTitle: loaded.certification.title,
    now,
    responses,
    result,
  });
}
