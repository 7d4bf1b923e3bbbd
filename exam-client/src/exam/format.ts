/** Exam facts in words, shared by the catalogue, the rules page, the player and the history. Pure. */
import type { AttemptStatus, DomainRating, ExamMode } from '../types';

const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** A time of day in the reader's language, or '' when absent. */
export function formatTime(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : time.format(date);
}

/** "45 minutes", "1 hour", "1 hour 30 minutes". */
export function minutesInWords(minutes: number): string {
  const whole = Math.max(0, Math.round(minutes));
  const hours = Math.floor(whole / 60);
  const rest = whole % 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(`${hours} hour${hours === 1 ? '' : 's'}`);
  if (rest > 0 || hours === 0) parts.push(`${rest} minute${rest === 1 ? '' : 's'}`);
  return parts.join(' ');
}

/** How an exam is delivered, in a few words. */
export const MODE_LABELS = {
  adaptive: 'Adaptive',
  linear: 'Linear (questions in a set order)',
  fixed: 'Fixed form',
} as const satisfies Record<ExamMode, string>;

/** "30 questions", or "between 22 and 32 questions" for an adaptive exam whose length varies. */
export function questionCount(questions: { min: number; max: number }): string {
  if (questions.min === questions.max) return `${questions.max} question${questions.max === 1 ? '' : 's'}`;
  return `between ${questions.min} and ${questions.max} questions`;
}

/** An attempt's status as the candidate reads it. */
export const STATUS_WORDS = {
  checked_in: 'Checked in, not begun',
  in_progress: 'In progress',
  paused: 'On a break',
  submitted: 'Submitted',
  scored: 'Scored',
  voided: 'Voided',
} as const satisfies Record<AttemptStatus, string>;

/** How a domain went, in words (never colour alone). */
export const RATING_WORDS = {
  strong: 'Strong',
  adequate: 'Adequate',
  needs_work: 'Needs work',
} as const satisfies Record<DomainRating, string>;
