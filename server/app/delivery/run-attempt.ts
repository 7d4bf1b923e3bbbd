/**
 * The candidate's moves on a running attempt: begin it, take it over in this window, pause, resume, submit.
 * Each asks the pure state machine and records its audit entry (a take-over changes only the window's epoch);
 * each locks the attempt row, except that beginning and taking over first go the answers' way when nothing stands
 * in it: one read (none when this node has just written the row: the check-in's for the start, the start's for
 * the take-over), then one statement written only if the row is still the one read (attempt-moves.ts). Answers
 * are in save-response.ts, as they are not audit entries.
 */
import type { Actor } from '../../adapters/token-service.js';
import { nextAdaptiveItem } from '../../domain/assessment/adaptive-attempt.js';
import {
  type AttemptEvent,
  deadlineAfterPause,
  isCheckInFresh,
  LIVE_STATUSES,
  transitionAttempt,
} from '../../domain/assessment/attempt.js';
import { DomainError } from '../../domain/errors.js';
import { writeAttemptMove } from '../../persistence/attempt-moves.js';
import { type AttemptRow, takeOverAttempt, updateAttempt } from '../../persistence/repositories/attempts.js';
import type { AppDeps } from '../deps.js';
import { runUnitOfWork, type UnitOfWork } from '../unit-of-work.js';
import {
  attemptViewAt,
  currentView,
  decideUnlocked,
  type KnownAttempt,
  type LoadedAttempt,
  lockAttempt,
  readOwnAttempt,
  rememberWritten,
  submitIfOverdue,
} from './attempt-access.js';
import { type AttemptView, adaptiveProgress, pretestPlan } from './attempt-view.js';
import { timedCat } from './cat-timing.js';
import { submitForScoring } from './settle-attempt.js';

function allow(attempt: AttemptRow, event: AttemptEvent) {
  const verdict = transitionAttempt(attempt.status, event);
  if (!verdict.allowed) throw new DomainError('invalid_transition', verdict.message);
  return verdict.to;
}

/** What a window is told once another window or tab has taken its attempt over. */
export const TAKEN_OVER_MESSAGE =
  'This exam was opened in another window or tab: continue there, or reopen it here';

/** The window's claim: a save from another window than the one that last opened the attempt is stale. */
export function requireEpoch(attempt: AttemptRow, epoch: number): void {
  if (epoch !== attempt.epoch) throw new DomainError('stale_save', TAKEN_OVER_MESSAGE);
}

/**
 * The patch that serves an adaptive attempt's next question at `position` (a pretest item whose turn it is, or
 * the engine's choice), or null when the engine stops. Decides only; nothing is written.
 */
export function nextQuestion(
  loaded: LoadedAttempt,
  attempt: AttemptRow,
  position: number,
  now: Date,
): Partial<AttemptRow> | null {
  const cat = loaded.bank.cat;
  if (!cat) throw new Error('an adaptive attempt needs the prepared bank');
  const next = timedCat(attempt.id, 'select', () =>
    nextAdaptiveItem(cat.bank, cat.config, pretestPlan(attempt), adaptiveProgress(attempt), attempt.seed),
  );
  if (next.kind === 'finished') return null;
  return {
    progress: next.progress as unknown as Record<string, unknown>,
    currentPosition: position,
    currentItemId: next.itemId,
    currentServedAt: now,
  };
}

/** What beginning a checked-in attempt at `now` writes: the clock started, and an adaptive exam's first question. */
function beginning(loaded: LoadedAttempt, now: Date) {
  const { attempt } = loaded;
  const status = allow(attempt, 'start');
  if (!isCheckInFresh(attempt.checkedInAt, now))
    throw new DomainError('challenge_invalid', 'Your check-in has expired: check in again with your passkey');
  const deadline = new Date(now.getTime() + attempt.allowedMs);
  let patch: Partial<AttemptRow> = {
    status,
    startedAt: now,
    deadline,
    epoch: attempt.epoch + 1,
    updatedAt: now,
  };
  const first =
    attempt.mode === 'adaptive'
      ? nextQuestion(loaded, { ...attempt, ...patch } as AttemptRow, 1, now)
      : undefined;
  if (first) patch = { ...patch, ...first };
  const note = {
    action: 'attempt.started',
    subjectType: 'attempt',
    subjectId: attempt.id,
    details: { deadline: deadline.toISOString(), allowedMs: attempt.allowedMs },
  };
  // The engine may stop before a first question: the attempt is then submitted at once, to be scored.
  return { patch, note, stopped: first === null };
}

/**
 * The common start without a lock or a transaction: one statement reads the attempt (unless the check-in on this
 * node just wrote it), and one begins it with its audit entry only if the row is still the one read (see
 * `writeAttemptMove`). Undefined, having written nothing, when the attempt is not plainly the candidate's
 * check-in, the engine stops before a first question, a remembered row would be refused, or the row changed
 * meanwhile: the locked path decides.
 */
async function startUnlocked(
  deps: AppDeps,
  actor: Actor,
  attemptId: string,
): Promise<AttemptView | undefined> {
  const now = deps.clock.now();
  const loaded = await readOwnAttempt(deps, actor, attemptId, 'checked_in', now);
  if (!loaded) return undefined;
  const { attempt } = loaded;
  const begun = decideUnlocked(loaded, () => beginning(loaded, now));
  if (!begun || begun.stopped) return undefined;
  const { patch, note } = begun;
  const audit = { ...note, tenantId: attempt.tenantId, actorId: actor.userId, occurredAt: now };
  const version = await writeAttemptMove(deps.db, { read: attempt, patch, audit });
  if (version === undefined) return undefined;
  const started = { ...attempt, ...patch, version } as AttemptRow;
  rememberWritten({ attempt: started, certification: loaded.certification });
  return attemptViewAt(deps.db, now, loaded, started);
}

/**
 * Begins a checked-in attempt: the clock starts (deadline = now + the allowed time), this window takes it over,
 * and an adaptive exam serves its first question. A check-in older than its freshness must be made again.
 */
export async function startAttempt(deps: AppDeps, actor: Actor, attemptId: string): Promise<AttemptView> {
  const unlocked = await startUnlocked(deps, actor, attemptId);
  if (unlocked) return unlocked;
  return runUnitOfWork(deps, actor, async (uow) => {
    uow.authorize(['candidate']);
    const loaded = await lockAttempt(uow, attemptId);
    const { attempt } = loaded;
    const { patch, note, stopped } = beginning(loaded, uow.now);
    await updateAttempt(uow.tx, attempt.tenantId, attempt.id, patch);
    await uow.audit(note);
    // The locked row with what this wrote is the row as it now stands.
    const started = { ...attempt, ...patch } as AttemptRow;
    if (!stopped) return currentView(uow, attemptId, loaded, started);
    return currentView(uow, attemptId, loaded, await submitForScoring(uow, deps, started, uow.now, 'engine'));
  });
}

/**
 * Opens the attempt in this window (after a reload, a reconnect or in a second tab): the window takes the
 * attempt over, so saves from any earlier window are refused as stale, and the attempt is re-read from the
 * database with the true remaining time. An attempt whose time ran out meanwhile is settled first.
 */
export async function openAttempt(deps: AppDeps, actor: Actor, attemptId: string): Promise<AttemptView> {
  return (await openAttemptHere(deps, actor, attemptId)).view;
}

/** What a window that answers next is given: the attempt as the take-over left it, and its certification. */
type OpenedHere = { view: AttemptView; known?: KnownAttempt };

/**
 * The common take-over without a lock or a transaction: one statement reads the running attempt (unless the start
 * on this node just wrote it), and one moves it to the new window's epoch only if the row is still the one read. Undefined, having written nothing, when the
 * attempt is not plainly running (paused, overdue, over) or changed meanwhile: the locked path decides.
 */
async function openUnlocked(deps: AppDeps, actor: Actor, attemptId: string): Promise<OpenedHere | undefined> {
  const now = deps.clock.now();
  const loaded = await readOwnAttempt(deps, actor, attemptId, 'in_progress', now);
  if (!loaded) return undefined;
  const { attempt } = loaded;
  const patch = { epoch: attempt.epoch + 1 };
  const version = await writeAttemptMove(deps.db, { read: attempt, patch });
  if (version === undefined) return undefined;
  const row = { ...attempt, ...patch, version };
  const view = await attemptViewAt(deps.db, now, loaded, row);
  return { view, known: { attempt: row, certification: loaded.certification } };
}

/**
 * `openAttempt` for a window that answers next: with the attempt as the take-over left it (and its
 * certification), so the window's first answer needs no read; undefined when it was not left running.
 */
export async function openAttemptHere(deps: AppDeps, actor: Actor, attemptId: string): Promise<OpenedHere> {
  const unlocked = await openUnlocked(deps, actor, attemptId);
  if (unlocked) return unlocked;
  return runUnitOfWork(deps, actor, async (uow) => {
    uow.authorize(['candidate']);
    const loaded = await lockAttempt(uow, attemptId);
    const { attempt } = loaded;
    if (await submitIfOverdue(uow, deps, loaded)) return { view: await currentView(uow, attemptId, loaded) };
    if (!LIVE_STATUSES.includes(attempt.status))
      return { view: await currentView(uow, attemptId, loaded, attempt) };
    // Taking over changes only the epoch: saves from the other windows are refused from now on (the socket also
    // tells them at once, see attempt-socket.ts).
    const epoch = attempt.epoch + 1;
    const version = await takeOverAttempt(uow.tx, attempt.tenantId, attemptId, epoch);
    const row = { ...attempt, epoch, version };
    const view = await currentView(uow, attemptId, loaded, row);
    return { view, known: { attempt: row, certification: loaded.certification } };
  });
}

/**
 * One move of the candidate on their own attempt: locked, decided by `move` (true when it changed the attempt,
 * which then tells the attempt's other windows after commit), and answered with the attempt as it stands.
 */
function candidateMove(
  deps: AppDeps,
  actor: Actor,
  attemptId: string,
  move: (uow: UnitOfWork, loaded: LoadedAttempt) => Promise<boolean>,
): Promise<AttemptView> {
  return runUnitOfWork(deps, actor, async (uow) => {
    uow.authorize(['candidate']);
    const loaded = await lockAttempt(uow, attemptId);
    if (await move(uow, loaded)) uow.afterCommit(() => deps.attemptEvents?.changed(loaded.attempt));
    return currentView(uow, attemptId, loaded);
  });
}

/** Pauses a running attempt for a permitted break: the time left freezes until it is resumed. */
export function pauseAttempt(
  deps: AppDeps,
  actor: Actor,
  attemptId: string,
  epoch: number,
): Promise<AttemptView> {
  return candidateMove(deps, actor, attemptId, async (uow, loaded) => {
    const { attempt } = loaded;
    if (await submitIfOverdue(uow, deps, loaded)) return false;
    requireEpoch(attempt, epoch);
    const status = allow(attempt, 'pause');
    if (attempt.breaksTaken >= attempt.breaksAllowed)
      throw new DomainError('invalid_transition', 'No break is permitted in this exam');
    await updateAttempt(uow.tx, attempt.tenantId, attempt.id, {
      status,
      pausedAt: uow.now,
      breaksTaken: attempt.breaksTaken + 1,
      updatedAt: uow.now,
    });
    await uow.audit({ action: 'attempt.paused', subjectType: 'attempt', subjectId: attempt.id, details: {} });
    return true;
  });
}

/** Resumes a paused attempt: the deadline moves on by the length of the pause. */
export function resumeAttempt(
  deps: AppDeps,
  actor: Actor,
  attemptId: string,
  epoch: number,
): Promise<AttemptView> {
  return candidateMove(deps, actor, attemptId, async (uow, { attempt, breakEnded }) => {
    requireEpoch(attempt, epoch);
    // The break lasted its longest and ended by itself: the exam is running again already.
    if (breakEnded) return true;
    const status = allow(attempt, 'resume');
    const deadline = deadlineAfterPause(attempt.deadline as Date, attempt.pausedAt as Date, uow.now);
    await updateAttempt(uow.tx, attempt.tenantId, attempt.id, {
      status,
      pausedAt: null,
      deadline,
      updatedAt: uow.now,
    });
    await uow.audit({
      action: 'attempt.resumed',
      subjectType: 'attempt',
      subjectId: attempt.id,
      details: { deadline: deadline.toISOString() },
    });
    return true;
  });
}

/**
 * Submits the attempt; it is scored right after the submission commits. Submitting an attempt already submitted
 * (a double click, a retry after a lost answer) answers with it as it stands instead of an error.
 */
export function submitAttempt(
  deps: AppDeps,
  actor: Actor,
  attemptId: string,
  epoch: number,
): Promise<AttemptView> {
  return candidateMove(deps, actor, attemptId, async (uow, loaded) => {
    const { attempt } = loaded;
    if (attempt.status === 'scored' || attempt.status === 'submitted') return false;
    if (await submitIfOverdue(uow, deps, loaded)) return true;
    requireEpoch(attempt, epoch);
    await submitForScoring(uow, deps, attempt, uow.now, 'candidate');
    return true;
  });
}
