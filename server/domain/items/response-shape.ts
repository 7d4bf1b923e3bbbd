/**
 * Whether a candidate's answer has the shape its item asks for, before it is stored: an answer naming an option
 * the item does not have, or of another item type's shape, is bad input (a 400 that changes nothing), not a
 * wrong answer. Scoring (score-response.ts) stays total on top of this.
 */
import type { ItemContent } from './item.js';
import { MAX_SHORT_TEXT_RESPONSE } from './normalise-text.js';

type Fields = Record<string, unknown>;

const keysAre = (answer: Fields, allowed: readonly string[]) =>
  Object.keys(answer).every((k) => allowed.includes(k));
const ids = (options: readonly { id: string }[]) => new Set(options.map((o) => o.id));
const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((entry) => typeof entry === 'string');

/** A unit is one the question lists (the key's own first, then those it converts), as the candidate sees them. */
function unitProblem(
  key: { unit?: string; acceptedUnits?: { unit: string }[] },
  unit: string,
): string | null {
  if (key.unit === undefined) return 'This question takes a number without a unit';
  const listed = [key.unit, ...(key.acceptedUnits ?? []).map((accepted) => accepted.unit)];
  return listed.includes(unit) ? null : `The unit must be one of: ${listed.join(', ')}`;
}

/** What is wrong with an answer to this item, in a sentence; null when its shape fits. */
export function answerProblem(content: ItemContent, answer: Fields): string | null {
  switch (content.type) {
    case 'single_choice':
      if (!keysAre(answer, ['optionId']) || typeof answer.optionId !== 'string')
        return 'Choose one option: send { "optionId": "…" }';
      return ids(content.options).has(answer.optionId)
        ? null
        : 'That option is not one of this question’s options';
    case 'multiple_response': {
      if (!keysAre(answer, ['optionIds']) || !isStringList(answer.optionIds))
        return 'Choose options: send { "optionIds": ["…"] }';
      const known = ids(content.options);
      if (answer.optionIds.some((id) => !known.has(id)))
        return 'An option chosen is not one of this question’s options';
      if (new Set(answer.optionIds).size !== answer.optionIds.length) return 'An option is chosen twice';
      if (content.selectCount !== undefined && answer.optionIds.length > content.selectCount)
        return `Choose at most ${content.selectCount} options`;
      return null;
    }
    case 'true_false':
      return keysAre(answer, ['value']) && typeof answer.value === 'boolean'
        ? null
        : 'Answer true or false: send { "value": true } or { "value": false }';
    case 'numeric':
      if (
        !keysAre(answer, ['value', 'unit']) ||
        typeof answer.value !== 'number' ||
        !Number.isFinite(answer.value)
      )
        return 'Enter a number: send { "value": 12.5 }';
      if (answer.unit !== undefined && typeof answer.unit !== 'string') return 'The unit must be text';
      return answer.unit === undefined ? null : unitProblem(content.key, answer.unit);
    case 'short_text':
      if (!keysAre(answer, ['text']) || typeof answer.text !== 'string')
        return 'Type an answer: send { "text": "…" }';
      return answer.text.length > MAX_SHORT_TEXT_RESPONSE
        ? `Answers are at most ${MAX_SHORT_TEXT_RESPONSE} characters`
        : null;
    case 'ordering': {
      if (!keysAre(answer, ['order']) || !isStringList(answer.order))
        return 'Put the options in order: send { "order": ["…"] }';
      const known = ids(content.options);
      const complete = answer.order.length === known.size && new Set(answer.order).size === known.size;
      return complete && answer.order.every((id) => known.has(id)) ? null : 'Place every option exactly once';
    }
    case 'matching': {
      const pairs = answer.pairs;
      if (!keysAre(answer, ['pairs']) || typeof pairs !== 'object' || pairs === null || Array.isArray(pairs))
        return 'Match the prompts: send { "pairs": { "prompt": "option" } }';
      const prompts = ids(content.prompts);
      const options = ids(content.options);
      const ok = Object.entries(pairs).every(
        ([p, o]) => prompts.has(p) && typeof o === 'string' && options.has(o),
      );
      return ok ? null : 'A pair names a prompt or option this question does not have';
    }
  }
}
