/**
 * Answers as the player builds them, one shape per item type (the server's ItemResponse): reading what a stored
 * answer says, and the moves the candidate makes (choose, order, match). Pure.
 */
import type { Answer, CandidateItem } from '../types';

const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** The option chosen in a single-choice answer, or ''. */
export const chosenOption = (answer: Answer | null): string =>
  typeof answer?.optionId === 'string' ? answer.optionId : '';

/** The options chosen in a multiple-response answer. */
export const chosenOptions = (answer: Answer | null): string[] => stringList(answer?.optionIds);

/** True, false, or null when a true/false question is unanswered. */
export const chosenTruth = (answer: Answer | null): boolean | null =>
  typeof answer?.value === 'boolean' ? answer.value : null;

/**
 * Ticks or unticks an option. With a "choose N" limit a further option cannot be ticked once N are: the
 * selection comes back unchanged.
 */
export function toggleOption(chosen: readonly string[], optionId: string, selectCount?: number): string[] {
  if (chosen.includes(optionId)) return chosen.filter((id) => id !== optionId);
  if (selectCount !== undefined && chosen.length >= selectCount) return [...chosen];
  return [...chosen, optionId];
}

/** The order shown: the stored one when it names every option, otherwise the options as presented. */
export function currentOrder(options: readonly { id: string }[], answer: Answer | null): string[] {
  const presented = options.map((o) => o.id);
  const stored = stringList(answer?.order);
  const complete = stored.length === presented.length && presented.every((id) => stored.includes(id));
  return complete ? stored : presented;
}

/** The order with the entry at `index` moved one place up (-1) or down (+1); unchanged at either end. */
export function moveEntry(order: readonly string[], index: number, delta: -1 | 1): string[] {
  const target = index + delta;
  if (index < 0 || index >= order.length || target < 0 || target >= order.length) return [...order];
  const next = [...order];
  [next[index], next[target]] = [next[target] as string, next[index] as string];
  return next;
}

/** The pairs of a matching answer (prompt id → option id). */
export function currentPairs(answer: Answer | null): Record<string, string> {
  const pairs = answer?.pairs;
  if (typeof pairs !== 'object' || pairs === null || Array.isArray(pairs)) return {};
  return Object.fromEntries(
    Object.entries(pairs).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/** The pairs with one prompt matched to an option, or unmatched when `optionId` is ''. */
export function matchPrompt(
  pairs: Readonly<Record<string, string>>,
  promptId: string,
  optionId: string,
): Record<string, string> {
  const next = { ...pairs };
  if (optionId === '') delete next[promptId];
  else next[promptId] = optionId;
  return next;
}

/**
 * A number as typed: digits with an optional sign and one decimal point (a lone decimal comma is read as a
 * point, as many locales write it). Null when it is not a number.
 */
export function parseNumber(text: string): number | null {
  let cleaned = text.trim().replace(/[\s\u00a0\u202f]/g, '');
  if (cleaned.includes(',') && !cleaned.includes('.') && cleaned.split(',').length === 2)
    cleaned = cleaned.replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(cleaned)) return null;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : null;
}

/** The typed text of a numeric or short-text answer, for its input. */
export function answerText(item: CandidateItem, answer: Answer | null): string {
  if (item.type === 'numeric') return typeof answer?.value === 'number' ? String(answer.value) : '';
  if (item.type === 'short_text') return typeof answer?.text === 'string' ? answer.text : '';
  return '';
}

/**
 * Whether an answer says anything: a save of an empty answer clears the question instead (an unticked last
 * box, an emptied field, no prompt matched).
 */
export function isEmptyAnswer(item: CandidateItem, answer: Answer | null): boolean {
  if (answer === null) return true;
  switch (item.type) {
    case 'single_choice':
      return chosenOption(answer) === '';
    case 'multiple_response':
      return chosenOptions(answer).length === 0;
    case 'true_false':
      return chosenTruth(answer) === null;
    case 'numeric':
      return typeof answer.value !== 'number';
    case 'short_text':
      return typeof answer.text !== 'string' || answer.text.trim() === '';
    case 'ordering':
      return stringList(answer.order).length === 0;
    case 'matching':
      return Object.keys(currentPairs(answer)).length === 0;
  }
}

/** What the candidate still has to do for a question to be fully answered, or null when nothing. */
export function incompleteness(item: CandidateItem, answer: Answer | null): string | null {
  if (isEmptyAnswer(item, answer)) return 'Not answered';
  if (item.type === 'multiple_response' && item.selectCount !== undefined) {
    const chosen = chosenOptions(answer).length;
    if (chosen < item.selectCount) return `${chosen} of ${item.selectCount} options chosen`;
  }
  if (item.type === 'matching') {
    const matched = Object.keys(currentPairs(answer)).length;
    if (matched < item.prompts.length) return `${matched} of ${item.prompts.length} matched`;
  }
  return null;
}
