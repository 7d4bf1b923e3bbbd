import type { AdaptiveProgress, PretestSlot } from '../../domain/assessment/adaptive-attempt.js';
import { stepRng } from '../../domain/assessment/adaptive-attempt.js';
import { type AttemptStatus, breakEndsAt, remainingMs } from '../../domain/assessment/attempt.js';
import type { AttemptResult } from '../../domain/assessment/attempt-result.js';
import { formLength } from '../../domain/assessment/blueprint.js';
import type { FormSlot } from '../../domain/assessment/forms.js';
import { type CandidateItem, presentItem } from '../../domain/items/present-item.js';
import type {
  AttemptResponseRow,
  AttemptResultRow,
  AttemptRow,
} from '../../persistence/repositories/attempts.js';
import { type ExamBank, examItem } from './exam-bank.js';

/** One position of a fixed or linear form as the candidate sees it: the item, their answer, their mark. */
export interface FormPositionView {
  readonly position: number;
  readonly item: CandidateItem;
  readonly answer: Record<string, unknown> | null;
  readonly marked: boolean;
}

/** A scored attempt's result as the candidate reads it. */
export interface ResultView {
  readonly passed: boolean;
  readonly scaledScore: number | null;
  readonly percentCorrect: number;
  readonly summary: string;
  readonly domains: AttemptResult['domains'];
  readonly earliestRetakeAt: string | null;
  readonly credentialId: string | null;
  readonly scoredAt: string;
}

/** An attempt as the candidate's player (and REST integrators) see it; no key, no IRT parameter. */
export interface AttemptView {
  readonly id: string;
  readonly certificationId: string;
  readonly certificationTitle: string;
  readonly mode: 'fixed' | 'linear' | 'adaptive';
  readonly status: AttemptStatus;
  /** Adaptive answers are final; fixed and linear forms may be walked freely. */
  readonly navigation: 'free' | 'forward_only';
  /** The window that holds the attempt; saves must carry it. */
  readonly epoch: number;
  /** The highest client sequence number stored; the next save must carry a higher one. */
  readonly lastSeq: number;
  readonly serverTime: string;
  readonly checkedInAt: string;
  readonly startedAt: string | null;
  readonly deadline: string | null;
  /** Time left now (frozen while paused); null before the start. */
  readonly remainingMs: number | null;
  readonly allowedMs: number;
  readonly breaksAllowed: number;
  readonly breaksTaken: number;
  /** When the current break ends by itself (the clock runs again then); null unless on a break. */
  readonly breakEndsAt: string | null;
  readonly answered: number;
  /** The number of questions: exact for forms, the range of an adaptive exam (pretest questions included). */
  readonly questions: { readonly min: number; readonly max: number };
  /** Adaptive: the question asked now (null before the start, during a break and at the end). */
  readonly current: { readonly position: number; readonly item: CandidateItem } | null;
  /** Fixed and linear: every position with the answer as it stands (null before the start and during a break). */
  readonly form: readonly FormPositionView[] | null;
  readonly result: ResultView | null;
  readonly voidReason: string | null;
}

/** The form slots of a fixed or linear attempt. */
export const formSlots = (attempt: AttemptRow): readonly FormSlot[] =>
  (attempt.form as { slots?: FormSlot[] }).slots ?? [];

/** The pretest plan of an adaptive attempt. */
export const pretestPlan = (attempt: AttemptRow): readonly PretestSlot[] =>
  (attempt.form as { pretest?: PretestSlot[] }).pretest ?? [];

/** An adaptive attempt's stored progress (SE is stored as null while infinite: JSON has no ∞). */
export function adaptiveProgress(attempt: AttemptRow): AdaptiveProgress {
  const stored = attempt.progress as unknown as AdaptiveProgress;
  return { ...stored, cat: { ...stored.cat, se: stored.cat.se ?? Number.POSITIVE_INFINITY } };
}

/** The candidate's view of the item at a position, its options shuffled the same way on every read. */
export function candidateItem(
  bank: ExamBank,
  attempt: AttemptRow,
  itemId: string,
  position: number,
): CandidateItem {
  return presentItem(examItem(bank, itemId).content, stepRng(attempt.seed, 100_000 + position));
}

/** A stored result as the candidate reads it. */
export function resultView(row: AttemptResultRow): ResultView {
  const detail = row.detail as unknown as AttemptResult;
  return {
    passed: row.passed,
    scaledScore: row.scaledScore,
    percentCorrect: row.percentCorrect,
    summary: detail.summary,
    domains: detail.domains,
    earliestRetakeAt: row.earliestRetakeAt?.toISOString() ?? null,
    credentialId: row.credentialId,
    scoredAt: row.scoredAt.toISOString(),
  };
}

/** What building a view needs beyond the attempt. */
export interface ViewContext {
  readonly bank: ExamBank;
  readonly certificationTitle: string;
  readonly now: Date;
  /** Latest save per position (fixed and linear forms). */
  readonly responses?: readonly AttemptResponseRow[];
  readonly result?: AttemptResultRow;
}

/** The candidate's view of an attempt at `now`. */
export function attemptView(attempt: AttemptRow, context: ViewContext): AttemptView {
  const { bank, now } = context;
  const length = formLength(bank.blueprint);
  const adaptive = attempt.mode === 'adaptive';
  const running = attempt.status === 'in_progress' || attempt.status === 'paused';
  const slots = formSlots(attempt);
  let form: FormPositionView[] | null = null;
  if (!adaptive && running) {
    const latest = new Map((context.responses ?? []).map((r) => [r.position, r]));
    form = slots.map((slot, i) => {
      const saved = latest.get(i + 1);
      return {
        position: i + 1,
        item: candidateItem(bank, attempt, slot.itemId, i + 1),
        answer: saved?.answer ?? null,
        marked: saved?.marked ?? false,
      };
    });
  }
  // During a break the clock stands still, so the questions are not shown: a pause is not extra time to read them.
  const showing = attempt.status === 'in_progress';
  const current =
    adaptive && showing && attempt.currentItemId && attempt.currentPosition
      ? {
          position: attempt.currentPosition,
          item: candidateItem(bank, attempt, attempt.currentItemId, attempt.currentPosition),
        }
      : null;
  const pretest = adaptive ? pretestPlan(attempt).length : 0;
  const answered = adaptive ? attempt.answeredCount : (form ?? []).filter((p) => p.answer !== null).length;
  return {
    id: attempt.id,
    certificationId: attempt.certificationId,
    certificationTitle: context.certificationTitle,
    mode: attempt.mode,
    status: attempt.status,
    navigation: adaptive ? 'forward_only' : 'free',
    epoch: attempt.epoch,
    lastSeq: attempt.lastSeq,
    serverTime: now.toISOString(),
    checkedInAt: attempt.checkedInAt.toISOString(),
    startedAt: attempt.startedAt?.toISOString() ?? null,
    deadline: attempt.deadline?.toISOString() ?? null,
    remainingMs: remainingMs(attempt, now),
    allowedMs: attempt.allowedMs,
    breaksAllowed: attempt.breaksAllowed,
    breaksTaken: attempt.breaksTaken,
    breakEndsAt:
      attempt.status === 'paused' && attempt.pausedAt ? breakEndsAt(attempt.pausedAt).toISOString() : null,
    answered: running || adaptive ? answered : attempt.answeredCount,
    questions: adaptive
      ? { min: length.min + pretest, max: length.max + pretest }
      : { min: slots.length, max: slots.length },
    current,
    form: showing ? form : null,
    result: context.result ? resultView(context.result) : null,
    voidReason: attempt.voidReason,
  };
}
