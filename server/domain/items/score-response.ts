/**
 * Scoring one response to one item: a number in [0, 1]. Scoring never throws for well-formed content;
 * a response of the wrong shape for the item's type (say `{ text }` for a single_choice item), or one
 * naming an option or prompt the item does not have, is not an answer to this item and scores 0.
 */
import type {
  ItemContent,
  ItemResponse,
  MatchingContent,
  MultipleResponseContent,
  NumericContent,
  OrderingContent,
  ShortTextContent,
} from './item.js';
import { compileShortTextPattern } from './item-rules.js';
import { MAX_SHORT_TEXT_RESPONSE, normaliseText } from './normalise-text.js';

type Fields = Record<string, unknown>;

const isRecord = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((entry) => typeof entry === 'string');

/** Compiled short-text patterns (null: does not compile) by case sensitivity and source, bounded in size. */
const compiledPatterns = new Map<string, RegExp | null>();
const MAX_COMPILED_PATTERNS = 1000;

/**
 * Whether `text` matches the pattern, compiling each pattern once rather than once per response. The
 * RegExps carry neither the g nor the y flag, so test() keeps no lastIndex state and one can be shared.
 */
function matchesPattern(source: string, caseSensitive: boolean, text: string): boolean {
  const cacheKey = `${caseSensitive ? 1 : 0}${source}`;
  let pattern = compiledPatterns.get(cacheKey);
  if (pattern === undefined) {
    try {
      pattern = compileShortTextPattern(source, caseSensitive);
    } catch {
      pattern = null;
    }
    if (compiledPatterns.size >= MAX_COMPILED_PATTERNS) compiledPatterns.clear();
    compiledPatterns.set(cacheKey, pattern);
  }
  return pattern?.test(text) === true;
}

/**
 * Multiple response. Selecting an unknown option, or more options than `selectCount` asks for, scores 0.
 * - all_or_nothing: 1 when the selection is exactly the key, else 0;
 * - right_minus_wrong: (correct selected − incorrect selected) / number correct, floored at 0;
 * - proportion_correct: the share of options classified correctly (selected iff correct).
 */
function scoreMultipleResponse(content: MultipleResponseContent, response: Fields): number {
  if (!isStringList(response.optionIds)) return 0;
  const selected = new Set(response.optionIds);
  const optionIds = content.options.map((o) => o.id);
  if ([...selected].some((id) => !optionIds.includes(id))) return 0;
  if (content.selectCount !== undefined && selected.size > content.selectCount) return 0;
  const correct = new Set(content.key.correct);
  const right = [...selected].filter((id) => correct.has(id)).length;
  const wrong = selected.size - right;
  switch (content.scoring) {
    case 'all_or_nothing':
      return right === correct.size && wrong === 0 ? 1 : 0;
    case 'right_minus_wrong':
      return Math.max(0, (right - wrong) / correct.size);
    case 'proportion_correct':
      return optionIds.filter((id) => selected.has(id) === correct.has(id)).length / optionIds.length;
  }
}

/**
 * Numeric. The response's unit must be the key's unit or one of its acceptedUnits (the value is then
 * multiplied by that unit's factor to express it in the key's unit); any other unit scores 0. A response
 * with no unit is taken to be in the key's unit. Absolute tolerance: |r − v| ≤ t; relative: |r − v| ≤ t·|v|.
 * A slack of 1e-9·max(1, |v|) absorbs binary floating-point rounding (0.1 + 0.2 against 0.3).
 */
function scoreNumeric(content: NumericContent, response: Fields): number {
  const { value, tolerance, toleranceMode, unit, acceptedUnits = [] } = content.key;
  if (typeof response.value !== 'number' || !Number.isFinite(response.value)) return 0;
  const unitGiven = response.unit;
  if (unitGiven !== undefined && typeof unitGiven !== 'string') return 0;
  const given = unitGiven?.trim();
  let factor: number | undefined = 1;
  if (given !== undefined && given !== unit) factor = acceptedUnits.find((u) => u.unit === given)?.factor;
  if (factor === undefined) return 0;
  const allowed = toleranceMode === 'absolute' ? tolerance : tolerance * Math.abs(value);
  const slack = 1e-9 * Math.max(1, Math.abs(value));
  return Math.abs(response.value * factor - value) <= allowed + slack ? 1 : 0;
}

/**
 * Short text: 1 when the normalised response equals a normalised accepted answer, or matches a pattern
 * (anchored as ^(?:pattern)$). Patterns are at most 200 characters (schema) and a response longer than
 * MAX_SHORT_TEXT_RESPONSE characters scores 0 unseen, which bounds the work a backtracking pattern can do.
 */
function scoreShortText(content: ShortTextContent, response: Fields): number {
  if (typeof response.text !== 'string') return 0;
  const { accepted, patterns = [], caseSensitive } = content.key;
  const text = normaliseText(response.text, caseSensitive);
  if (text.length > MAX_SHORT_TEXT_RESPONSE) return 0;
  if (accepted.some((answer) => normaliseText(answer, caseSensitive) === text)) return 1;
  return patterns.some((source) => matchesPattern(source, caseSensitive, text)) ? 1 : 0;
}

/**
 * Ordering. A response must be a permutation of the option ids, else 0.
 * - all_or_nothing: 1 for the key's order exactly;
 * - partial: the share of all n(n−1)/2 option pairs placed in the key's relative order, which is
 *   (τ + 1)/2 for Kendall's τ (Kendall 1938, Biometrika 30): 1 for the key's order, 0 for its reverse.
 */
function scoreOrdering(content: OrderingContent, response: Fields): number {
  const order = response.order;
  const ids = content.key.order;
  if (!isStringList(order) || order.length !== ids.length || new Set(order).size !== order.length) return 0;
  if (order.some((id) => !ids.includes(id))) return 0;
  const rank = new Map(order.map((id, position) => [id, position]));
  let concordant = 0;
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++)
      if ((rank.get(ids[i] as string) ?? 0) < (rank.get(ids[j] as string) ?? 0)) concordant++;
  const pairs = (ids.length * (ids.length - 1)) / 2;
  if (content.scoring === 'all_or_nothing') return concordant === pairs ? 1 : 0;
  return concordant / pairs;
}

/**
 * Matching. Pairs naming an unknown prompt or option score 0; an unpaired prompt is simply not matched.
 * - all_or_nothing: 1 when every prompt is matched as the key says;
 * - partial: the share of prompts matched correctly.
 */
function scoreMatching(content: MatchingContent, response: Fields): number {
  const pairs = response.pairs;
  if (!isRecord(pairs)) return 0;
  const promptIds = new Set(content.prompts.map((p) => p.id));
  const optionIds = new Set(content.options.map((o) => o.id));
  for (const [promptId, optionId] of Object.entries(pairs))
    if (!promptIds.has(promptId) || typeof optionId !== 'string' || !optionIds.has(optionId)) return 0;
  const right = [...promptIds].filter(
    (id) => Object.hasOwn(pairs, id) && pairs[id] === content.key.pairs[id],
  ).length;
  if (content.scoring === 'all_or_nothing') return right === promptIds.size ? 1 : 0;
  return right / promptIds.size;
}

/** The score in [0, 1] of a candidate's response to an item (see the module docblock for odd shapes). */
export function scoreResponse(content: ItemContent, response: ItemResponse): number {
  const fields: unknown = response;
  if (!isRecord(fields)) return 0;
  switch (content.type) {
    case 'single_choice':
      return fields.optionId === content.key.correct ? 1 : 0;
    case 'multiple_response':
      return scoreMultipleResponse(content, fields);
    case 'true_false':
      return typeof fields.value === 'boolean' && fields.value === content.key.correct ? 1 : 0;
    case 'numeric':
      return scoreNumeric(content, fields);
    case 'short_text':
      return scoreShortText(content, fields);
    case 'ordering':
      return scoreOrdering(content, fields);
    case 'matching':
      return scoreMatching(content, fields);
  }
}
