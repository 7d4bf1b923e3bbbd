/**
 * The one mapping from the server's error details (`{ path, rule, message }`, where `path` is a JSON pointer
 * and `rule` the JSON Schema keyword or domain rule that failed) to what people read: a sentence that names
 * the field in words and says what to do, such as "Display name: use at most 120 characters.". Every form
 * shows its field errors through `fieldSentence`; the raw validator text never reaches the screen.
 * Pure: no DOM, no API.
 */
import type { ErrorDetail } from './types';

/** How a form words one detail, where the general wording below is not specific enough (null: use it). */
export type Wording = (detail: ErrorDetail) => string | null;

/** RFC 6901: the segments of a JSON pointer, unescaped. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** A field name as words, for a path no form labels: `/holderEmail` → "Holder email", `/domains/2` → "Domains 3". */
export function labelOfPath(pointer: string): string {
  const parts = pointerSegments(pointer);
  if (parts.length === 0) return 'The request';
  const words = parts
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : part))
    .join(' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase()
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The number a schema message ends with ("must NOT have more than 120 characters" → 120). */
function boundOf(message: string): string | undefined {
  return /(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)(?:\s+(?:characters?|items?))?\s*$/i.exec(message)?.[1];
}

/** What to do about a failed rule, in words (lower case: it follows the field's name). */
export function ruleWording(detail: ErrorDetail): string {
  const bound = boundOf(detail.message);
  switch (detail.rule) {
    case 'required':
      return 'fill this in';
    case 'minLength':
      return bound === undefined || Number(bound) <= 1
        ? 'must not be empty'
        : `use at least ${bound} characters`;
    case 'maxLength':
      return bound === undefined ? 'is too long' : `use at most ${bound} characters`;
    case 'minimum':
      return bound === undefined ? 'is too small' : `must be at least ${bound}`;
    case 'maximum':
      return bound === undefined ? 'is too large' : `must be at most ${bound}`;
    case 'exclusiveMinimum':
      return bound === undefined ? 'is too small' : `must be more than ${bound}`;
    case 'exclusiveMaximum':
      return bound === undefined ? 'is too large' : `must be less than ${bound}`;
    case 'type':
      if (/integer/.test(detail.message)) return 'enter a whole number';
      if (/number/.test(detail.message)) return 'enter a number';
      return 'is not in the expected form';
    case 'multipleOf':
      return 'enter a whole number';
    case 'minItems':
      return bound === undefined ? 'list at least one' : `list at least ${bound}`;
    case 'maxItems':
      return bound === undefined ? 'has too many entries' : `list at most ${bound}`;
    case 'uniqueItems':
      return 'lists the same entry twice';
    case 'enum':
    case 'const':
    case 'anyOf':
    case 'oneOf':
      return 'choose one of the options offered';
    case 'format':
      return formatWording(detail.message);
    case 'pattern':
      return /\\S/.test(detail.message) ? 'must not be empty' : 'is not in the expected form';
    case 'additionalProperties':
      return 'is not a field this form can send';
    default:
      return plainText(detail.message);
  }
}

function formatWording(message: string): string {
  if (/email/.test(message)) return 'enter an e-mail address, such as name@example.org';
  if (/uuid/.test(message)) return 'is not an id (a UUID such as 3f2c…)';
  if (/uri/.test(message)) return 'enter a web address starting with https://';
  if (/date-time/.test(message)) return 'enter a date and time';
  if (/date/.test(message)) return 'enter a date';
  return 'is not in the expected form';
}

/** A domain rule's own message, without any JSON pointer or schema capitals it carries. */
function plainText(message: string): string {
  return message
    .replace(/^\/\S*\s+/, '')
    .replace(/\bmust NOT\b/g, 'must not')
    .replace(/[.\s]+$/, '');
}

/** "Display name" and "use at most 120 characters" → "Display name: use at most 120 characters." */
export function sentence(label: string, wording: string): string {
  const end = /[.!?…]$/.test(wording) ? '' : '.';
  return `${label}: ${wording}${end}`;
}

/** The sentence shown at a field (and in the error summary) for one detail. */
export function fieldSentence(label: string, detail: ErrorDetail, wording?: Wording): string {
  return sentence(label, wording?.(detail) ?? ruleWording(detail));
}

/** Details sorted onto the fields of a simple form by the JSON pointer each field edits; `rest` name none. */
export interface SentencesByField {
  byField: ReadonlyMap<string, string[]>;
  rest: string[];
}

/**
 * Sentences for every detail: each on the field its pointer names (`labels`: pointer → label), the rest
 * named by their path in words.
 */
export function sentencesByField(
  details: readonly ErrorDetail[],
  labels: ReadonlyMap<string, string>,
  wording?: Wording,
): SentencesByField {
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const detail of details) {
    const label = labels.get(detail.path);
    if (label === undefined) {
      rest.push(fieldSentence(labelOfPath(detail.path), detail, wording));
      continue;
    }
    const shown = byField.get(detail.path) ?? [];
    const text = fieldSentence(label, detail, wording);
    if (!shown.includes(text)) byField.set(detail.path, [...shown, text]);
  }
  return { byField, rest };
}
