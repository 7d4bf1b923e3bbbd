/**
 * Where the editor shows each of the server's validation errors. The API names the offending value with a
 * JSON pointer (`/content/options/1/text`, `/content/key/correct`, `/externalId`, `/comment`); this maps it to
 * one field of the form the author sees. An error whose field is not on the screen stays unmapped and is
 * listed in the summary at the top of the form.
 */
import { ApiError } from '../api';
import { fieldSentence, labelOfPath, pointerSegments } from '../field-errors';
import type { ErrorDetail, ItemType } from '../types';
import { canShuffle, hasOptions, type ItemForm } from './item-form';
import { fieldLabel } from './labels';

/** A field of the editor that can carry errors: see `fieldOf`. */
export type FieldKey = string;

/** The API's error details, when a failure carries any. */
export function detailsOf(failure: unknown): ErrorDetail[] {
  if (!(failure instanceof ApiError) || !Array.isArray(failure.details)) return [];
  return failure.details.flatMap((entry: unknown) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { path, rule, message } = entry as Record<string, unknown>;
    if (typeof path !== 'string' || typeof message !== 'string') return [];
    return [{ path, message, ...(typeof rule === 'string' ? { rule } : {}) }];
  });
}

const segments = pointerSegments;

const hasScoring = (type: ItemType) =>
  type === 'multiple_response' || type === 'ordering' || type === 'matching';

/** The row field (`option:2`) when the index names a row on screen, else the list as a whole. */
function rowField(list: 'option' | 'prompt', rows: number, index: string | undefined): FieldKey {
  const at = Number(index);
  return index !== undefined && Number.isInteger(at) && at >= 0 && at < rows
    ? `${list}:${at}`
    : `${list === 'option' ? 'options' : 'prompts'}`;
}

function keyField(form: ItemForm, part: string | undefined, sub: string | undefined): FieldKey {
  if (form.type === 'numeric' && (part === 'value' || part === 'tolerance' || part === 'toleranceMode'))
    return `key/${part}`;
  if (form.type === 'numeric' && part === 'unit') return 'key/unit';
  if (form.type === 'short_text' && (part === 'accepted' || part === 'patterns')) return `key/${part}`;
  if (form.type === 'matching' && part === 'pairs' && sub !== undefined) {
    if (form.prompts.some((prompt) => prompt.id === sub)) return `pair:${sub}`;
  }
  return 'key';
}

/** The field of the form a pointer into the request body names, or null when none on screen does. */
export function fieldOf(pointer: string, form: ItemForm, isNew: boolean): FieldKey | null {
  const [root, ...rest] = segments(pointer);
  if (root === 'externalId') return isNew ? 'externalId' : null;
  if (root === 'comment') return 'comment';
  if (root !== 'content') return null;
  const [name, part, sub] = rest;
  switch (name) {
    case 'type':
    case 'domain':
    case 'objective':
    case 'language':
    case 'stem':
    case 'tags':
    case 'pretest':
      return name;
    case 'shuffleOptions':
      return canShuffle(form.type) ? name : null;
    case 'scoring':
      return hasScoring(form.type) ? name : null;
    case 'selectCount':
      return form.type === 'multiple_response' ? name : null;
    case 'options':
      return hasOptions(form.type) ? rowField('option', form.options.length, part) : null;
    case 'prompts':
      return form.type === 'matching' ? rowField('prompt', form.prompts.length, part) : null;
    case 'key':
      return keyField(form, part, sub);
    case 'irt':
      if (!form.irtEnabled) return null;
      if (part === 'c' && form.irtModel !== '3pl') return 'irt/model';
      return part === 'model' || part === 'a' || part === 'b' || part === 'c' ? `irt/${part}` : 'irt';
    default:
      return null;
  }
}

/** What the item schema and rules ask for, where the general wording is not specific enough. */
export function itemWording(detail: ErrorDetail): string | null {
  const parts = segments(detail.path);
  const name = parts.at(-1);
  if (detail.rule === 'required' && parts[0] === 'content' && parts[1] === 'key') {
    if (name === 'correct') return 'choose the correct answer';
    return 'complete the answer key';
  }
  if (detail.rule === 'required' && name === 'comment') return 'say why you reject this version';
  if (detail.rule === 'pattern' && name !== undefined && PATTERN_WORDING[name]) return PATTERN_WORDING[name];
  return null;
}

/** What the schema's patterns ask for, in words (the raw message quotes the regular expression). */
const PATTERN_WORDING: Record<string, string> = {
  domain: 'use lower-case letters, digits, - and _, starting with a letter or digit',
  language: 'use a language tag such as en or fr-CA',
  externalId: 'use letters, digits, and . _ : -, starting with a letter or digit',
};

/**
 * Errors sorted by the field that shows them; `unmapped` go to the summary. Every message is a sentence
 * that names its field (see field-errors.ts).
 */
export interface PlacedErrors {
  byField: ReadonlyMap<FieldKey, string[]>;
  unmapped: ErrorDetail[];
  /** Every error with its field and its sentence, in the server's order (for the summary's links). */
  all: { detail: ErrorDetail; field: FieldKey | null; sentence: string }[];
}

/** No errors at all. */
export const NO_ERRORS: PlacedErrors = { byField: new Map(), unmapped: [], all: [] };

/** Place each detail next to its field, or in the summary, as a sentence naming the field. */
export function placeErrors(details: readonly ErrorDetail[], form: ItemForm, isNew: boolean): PlacedErrors {
  const byField = new Map<FieldKey, string[]>();
  const unmapped: ErrorDetail[] = [];
  const all = details.map((detail) => {
    const field = fieldOf(detail.path, form, isNew);
    const label = field === null ? labelOfPath(detail.path) : fieldLabel(field, form);
    const sentence = fieldSentence(label, detail, itemWording);
    if (field === null) unmapped.push(detail);
    else byField.set(field, [...(byField.get(field) ?? []), sentence]);
    return { detail, field, sentence };
  });
  return { byField, unmapped, all };
}

/** The errors without those on option or prompt rows (their indexes no longer fit once rows move). */
export function withoutRowErrors(errors: PlacedErrors): PlacedErrors {
  const isRow = (field: FieldKey | null) => field !== null && /^(option|prompt):/.test(field);
  if (!errors.all.some((entry) => isRow(entry.field))) return errors;
  const byField = new Map([...errors.byField].filter(([field]) => !isRow(field)));
  return { byField, unmapped: errors.unmapped, all: errors.all.filter((entry) => !isRow(entry.field)) };
}

/** The DOM id of a field's input (the summary links to it). */
export function fieldDomId(field: FieldKey): string {
  return `item-field-${field.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}
