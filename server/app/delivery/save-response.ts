import type { Actor } from '../../adapters/token-service.js';
import { recordAdaptiveAnswer } from '../../domain/assessment/adaptive-attempt.js';
import { DomainError } from '../../domain/errors.js';
import type { ItemResponse } from '../../domain/items/item.js';
import { answerProblem } from '../../domain/items/response-shape.js';
import { scoreResponse } from '../../domain/items/score-response.js';
import { writeAttemptMove } from '../../persistence/attempt-moves.js';
import { type AuditEvent, canonicalJson } from '../../persistence/audit-chain.js';
import {
  type AttemptResponseRow,
  type AttemptRow,
  findResponse,
  insertResponse,
  recordAnswer,
} from '../../persistence/repositories/attempts.js';
import type { AppDeps } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';
import {
  attemptViewAt,
  currentView,
  decideUnlocked,
  type KnownAttempt,
  type LoadedAttempt,
  lockAttempt,
  readOwnAttempt,
  submitIfOverdue,
} from './attempt-access.js';
import { type AttemptView, adaptiveProgress, formSlots } from './attempt-view.js';
import { timedCat } from './cat-timing.js';
import { examItem } from './exam-bank.js';
import { nextQuestion, requireEpoch } from './run-attempt.js';
import { submission, submitForScoring } from './settle-attempt.js';

/** One save from the player: which window, its sequence number, the position and the answer (null clears it). */
export interface ResponseSave {
  readonly epoch: number;
  readonly seq: number;
  readonly position: number;
  readonly answer: Record<string, unknown> | null;
  /** Marked for review (fixed and linear forms). */
  readonly marked?: boolean;
  /** Time the candidate spent on the question, as the player measured it. */
  readonly timeOnItemMs?: number;
}

// Compared as canonical JSON: jsonb gives a stored answer back in its own key order, not the sender's.
const sameSave = (stored: AttemptResponseRow, save: ResponseSave) =>
  stored.position === save.position &&
  canonicalJson(stored.answer) === canonicalJson(save.answer) &&
  stored.marked === (save.marked ?? false);

/** The question at a position and whether it counts, or a refusal when it is not being asked now. */
function servedAt(loaded: LoadedAttempt, attempt: AttemptRow, position: number) {
  if (attempt.mode === 'adaptive') {
    if (position !== attempt.currentPosition || !attempt.currentItemId)
      throw new DomainError('item_not_served', `Question ${position} is not the one being asked now`);
    const item = examItem(loaded.bank, attempt.currentItemId);
    // Pretest questions are shown to gather data and never count.
    return { item, scored: !item.pretest };
  }
  const slot = formSlots(attempt)[position - 1];
  if (!slot) throw new DomainError('item_not_served', `This exam has no question ${position}`);
  return { item: examItem(loaded.bank, slot.itemId), scored: slot.scored };
}

/** What an accepted answer writes: its log entry, and the attempt's patch (with the next question, if any). */
interface AnswerPlan {
  readonly response: AttemptResponseRow;
  readonly patch: Partial<AttemptRow>;
  /** True when the adaptive engine stopped with this answer: the attempt is to be scored. */
  readonly finished: boolean;
}

/**
 * Decides a save to a running attempt held by this window at `now`, writing nothing: the question must be the
 * one being asked, the answer in its item's shape; in an adaptive exam θ is re-estimated and the next question
 * chosen. Refusals are thrown.
 */
function planAnswer(loaded: LoadedAttempt, save: ResponseSave, now: Date): AnswerPlan {
  const { attempt } = loaded;
  if (attempt.status === 'paused')
    throw new DomainError('invalid_transition', 'The exam is paused: resume it first');
  if (attempt.status !== 'in_progress')
    throw new DomainError('attempt_over', 'This attempt is over; nothing more can be saved');
  requireEpoch(attempt, save.epoch);

  const { item, scored } = servedAt(loaded, attempt, save.position);
  if (save.answer === null && attempt.mode === 'adaptive')
    throw new DomainError('validation_failed', 'Answer the question: in this exam answers are final', [
      { path: '/answer', rule: 'required', message: 'is required in an adaptive exam' },
    ]);
  const problem = save.answer === null ? null : answerProblem(item.content, save.answer);
  if (problem)
    throw new DomainError('validation_failed', problem, [
      { path: '/answer', rule: 'answer', message: problem },
    ]);
  const score =
    save.answer === null ? null : scoreResponse(item.content, save.answer as unknown as ItemResponse);

  let patch: Partial<AttemptRow> = { lastSeq: save.seq, updatedAt: now };
  let theta: number | null = null;
  let se: number | null = null;
  let finished = false;
  if (attempt.mode === 'adaptive' && loaded.bank.cat) {
    const cat = loaded.bank.cat;
    const progress = timedCat(attempt.id, 'estimate', () =>
      recordAdaptiveAnswer(cat.bank, cat.config, adaptiveProgress(attempt), item.itemId, scored, score ?? 0),
    );
    theta = progress.cat.theta;
    se = Number.isFinite(progress.cat.se) ? progress.cat.se : null;
    patch = {
      ...patch,
      answeredCount: attempt.answeredCount + 1,
      progress: progress as unknown as Record<string, unknown>,
      currentItemId: null,
      currentPosition: null,
    };
    const next = nextQuestion(loaded, { ...attempt, ...patch }, save.position + 1, now);
    if (next) patch = { ...patch, ...next };
    else finished = true;
  }
  const response: AttemptResponseRow = {
    tenantId: attempt.tenantId,
    attemptId: attempt.id,
    seq: save.seq,
    position: save.position,
    itemId: item.itemId,
    itemVersion: item.version,
    domain: item.domain,
    scored,
    answer: save.answer,
    marked: save.marked ?? false,
    score,
    timeOnItemMs: save.timeOnItemMs === undefined ? null : Math.round(save.timeOnItemMs),
    theta,
    se,
    receivedAt: now,
  };
  return { response, patch, finished };
}

/**
 * What one window's connection remembers between its answers: the attempt row as its last answer left it (with
 * the row's version), so the next answer needs no read. Kept only while nothing else has written the row.
 */
export interface AnswerSession {
  known?: KnownAttempt;
}

/**
 * The common case without a lock or a transaction: the attempt as this window's last answer left it (or one
 * statement reading it), and one statement that logs the answer and moves the attempt on only if the row is
 * still that version, still running and this window's, and the candidate's account still active (when the
 * engine stops, the same statement submits the attempt and stages its audit entry): that write is the unit of
 * work, atomic on its own. Anything else (a resent or stale save, the deadline passed, a paused or ended
 * attempt, an account no longer active, a refusal, or a change by anyone else) returns undefined, having
 * written nothing, and is decided afresh.
 */
async function saveUnlocked(
  deps: AppDeps,
  actor: Actor,
  attemptId: string,
  save: ResponseSave,
  session: AnswerSession,
): Promise<AttemptView | undefined> {
  const now = deps.clock.now();
  const known = session.known;
  session.known = undefined;
  // An account no longer active is refused by the unit of work, before anything is said about the answer.
  const loaded = await readOwnAttempt(deps, actor, attemptId, 'in_progress', now, known);
  if (!loaded || loaded.attempt.epoch !== save.epoch || save.seq <= loaded.attempt.lastSeq) return undefined;
  const { attempt, certification } = loaded;
  const plan = decideUnlocked(loaded, () => planAnswer(loaded, save, now));
  if (!plan) return undefined;
  let patch = plan.patch;
  let audit: AuditEvent | undefined;
  if (plan.finished) {
    // The engine stopped: the answer, the submission and its audit entry are still the one statement.
    const moved = { ...attempt, ...patch } as AttemptRow;
    const submitted = submission(moved, now, 'engine', now, moved.answeredCount);
    patch = { ...patch, ...submitted.patch };
    audit = { ...submitted.note, tenantId: attempt.tenantId, actorId: actor.userId, occurredAt: now };
  }
  const version = await writeAttemptMove(deps.db, { response: plan.response, patch, read: attempt, audit });
  if (version === undefined) return undefined;
  const updated = { ...attempt, ...patch, version } as AttemptRow;
  if (plan.finished) deps.scoring?.schedule(updated);
  else session.known = { attempt: updated, certification };
  return attemptViewAt(deps.db, now, loaded, updated);
}

/**
 * Stores one answer before it is acknowledged. A save sent twice (same sequence number, same content) is
 * acknowledged again and stored once; a save from a window that no longer holds the attempt, or older than one
 * already stored, is refused as stale and overwrites nothing; an answer to a question not being asked, after the
 * deadline (plus the latency grace, judged by the server's receive time) or to another candidate's attempt is
 * refused and changes nothing. In an adaptive exam the answer is final: θ is re-estimated and the next question
 * chosen with it, and when the engine stops the attempt is submitted (and scored right after). A window's
 * connection passes its `session`, so that its next answer starts from the row this one left.
 */
export async function saveResponse(
  deps: AppDeps,
  actor: Actor,
  attemptId: string,
  save: ResponseSave,
  session: AnswerSession = {},
): Promise<AttemptView> {
  const unlocked = await saveUnlocked(deps, actor, attemptId, save, session);
  if (unlocked) return unlocked;
  let late = false;
  const view = await runUnitOfWork(deps, actor, async (uow) => {
    uow.authorize(['candidate']);
    const loaded = await lockAttempt(uow, attemptId);
    const { attempt } = loaded;
    if (save.seq <= attempt.lastSeq) {
      const stored = await findResponse(uow.tx, attempt.tenantId, attempt.id, save.seq);
      if (stored && sameSave(stored, save)) return currentView(uow, attemptId, loaded, attempt);
      throw new DomainError(
        'stale_save',
        `An answer newer than this one (sequence ${attempt.lastSeq}) is already saved; reopen the exam to continue`,
      );
    }
    if (await submitIfOverdue(uow, deps, loaded)) {
      late = true;
      return currentView(uow, attemptId, loaded);
    }
    const { response, patch, finished } = planAnswer(loaded, save, uow.now);
    if (finished) {
      // The engine stopped: the answer is logged and the attempt submitted with its final state, all of it
      // acknowledged now; it is scored right after this commits (and by a reader or the sweep if this node stops).
      await insertResponse(uow.tx, response);
      const submitted = await submitForScoring(uow, deps, attempt, uow.now, 'engine', patch);
      return currentView(uow, attemptId, loaded, submitted);
    }
    // The answer and the attempt's new state in one statement: one round trip less on every answer.
    await recordAnswer(uow.tx, response, patch);
    // The locked row with this patch is the row as it now stands: no need to read it back.
    return currentView(uow, attemptId, loaded, { ...attempt, ...patch } as AttemptRow);
  });
  if (late)
    throw new DomainError(
      'attempt_over',
      'The time for this exam is over; your saved answers were submitted',
    );
  return view;
}
