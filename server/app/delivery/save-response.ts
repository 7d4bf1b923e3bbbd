import type { Actor } from '../../adapters/token-service.js';
import { recordAdaptiveAnswer } from '../../domain/assessment/adaptive-attempt.js';
import { DomainError } from '../../domain/errors.js';
import type { ItemResponse } from '../../domain/items/item.js';
import { answerProblem } from '../../domain/items/response-shape.js';
import { scoreResponse } from '../../domain/items/score-response.js';
import {
  type AttemptResponseRow,
  type AttemptRow,
  findResponse,
  insertResponse,
  recordAnswer,
  updateAttempt,
} from '../../persistence/repositories/attempts.js';
import type { AppDeps } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';
import { currentView, type LoadedAttempt, lockAttempt, settleIfOverdue } from './attempt-access.js';
import { type AttemptView, adaptiveProgress, formSlots } from './attempt-view.js';
import { timedCat } from './cat-timing.js';
import { examItem } from './exam-bank.js';
import { nextQuestion, requireEpoch } from './run-attempt.js';
import { settleAttempt } from './settle-attempt.js';

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

/** JSON with every object's keys sorted: jsonb gives a stored answer back in its own key order, not the sender's. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );

const sameSave = (stored: AttemptResponseRow, save: ResponseSave) =>
  stored.position === save.position &&
  canonical(stored.answer) === canonical(save.answer) &&
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

/**
 * Stores one answer before it is acknowledged. A save sent twice (same sequence number, same content) is
 * acknowledged again and stored once; a save from a window that no longer holds the attempt, or older than one
 * already stored, is refused as stale and overwrites nothing; an answer to a question not being asked, after the
 * deadline (plus the latency grace, judged by the server's receive time) or to another candidate's attempt is
 * refused and changes nothing. In an adaptive exam the answer is final: θ is re-estimated and the next question
 * chosen in the same transaction, and when the engine stops the attempt is scored.
 */
export async function saveResponse(
  deps: AppDeps,
  actor: Actor,
  attemptId: string,
  save: ResponseSave,
): Promise<AttemptView> {
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
    if (await settleIfOverdue(uow, deps, loaded)) {
      late = true;
      return currentView(uow, attemptId, loaded);
    }
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

    let patch: Partial<AttemptRow> = { lastSeq: save.seq, updatedAt: uow.now };
    let theta: number | null = null;
    let se: number | null = null;
    if (attempt.mode === 'adaptive' && loaded.bank.cat) {
      const cat = loaded.bank.cat;
      const progress = timedCat(attempt.id, 'estimate', () =>
        recordAdaptiveAnswer(
          cat.bank,
          cat.config,
          adaptiveProgress(attempt),
          item.itemId,
          scored,
          score ?? 0,
        ),
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
      receivedAt: uow.now,
    };
    const updated = { ...attempt, ...patch } as AttemptRow;
    const next =
      attempt.mode === 'adaptive' ? nextQuestion(loaded, updated, save.position + 1, uow.now) : undefined;
    let settled = false;
    if (next === null) {
      // The engine stopped: the answer is logged, the attempt scored, and its final state kept; the rest of the
      // row is as settling left it.
      await insertResponse(uow.tx, response);
      await settleAttempt(uow, deps, updated, loaded.bank, loaded.certification, uow.now, 'engine');
      patch = { lastSeq: save.seq, progress: updated.progress, updatedAt: uow.now };
      await updateAttempt(uow.tx, attempt.tenantId, attempt.id, patch);
      settled = true;
    } else {
      if (next) patch = { ...patch, ...next };
      // The answer and the attempt's new state in one statement: one round trip less on every answer.
      await recordAnswer(uow.tx, response, patch);
    }
    // Unless settling rewrote the row, it is the locked row with this patch: no need to read it back.
    return currentView(
      uow,
      attemptId,
      loaded,
      settled ? undefined : ({ ...attempt, ...patch } as AttemptRow),
    );
  });
  if (late)
    throw new DomainError(
      'attempt_over',
      'The time for this exam is over; your saved answers were submitted',
    );
  return view;
}
