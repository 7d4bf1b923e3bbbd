/**
 * The item editor's form: every input as the author typed it (numbers stay text until saved), for all item
 * types at once, so switching the type keeps what was written. `toContent` turns it into the content the
 * API judges; `fromContent` reads a saved version back. Validation is the server's: the editor sends what
 * it has and shows each error next to the field its path names (see error-paths.ts).
 */
import type { ItemContent, ItemContentDraft, ItemType } from '../types';

/** An option, prompt or step: `id` is what the key refers to; `uid` keys the row in the list. */
export interface Row {
  uid: string;
  id: string;
  text: string;
}

export type MultipleScoring = 'all_or_nothing' | 'right_minus_wrong' | 'proportion_correct';
export type PartialScoring = 'all_or_nothing' | 'partial';
export type ToleranceMode = 'absolute' | 'relative';
export type IrtModel = '1pl' | '2pl' | '3pl';

/** Everything the editor shows, as text and choices. */
export interface ItemForm {
  type: ItemType;
  domain: string;
  objective: string;
  /** Comma separated. */
  tags: string;
  language: string;
  stem: string;
  /** Options, or for ordering the steps in their correct order. */
  options: Row[];
  /** Matching prompts (left-hand side). */
  prompts: Row[];
  shuffleOptions: boolean;
  pretest: boolean;
  multipleScoring: MultipleScoring;
  partialScoring: PartialScoring;
  /** Multiple response: how many options the candidate must pick ('' for no fixed number). */
  selectCount: string;
  singleCorrect: string | null;
  multipleCorrect: string[];
  trueFalseCorrect: boolean | null;
  numericValue: string;
  numericTolerance: string;
  toleranceMode: ToleranceMode;
  unit: string;
  /** Short text: one accepted answer per line. */
  accepted: string;
  /** Short text: one pattern per line. */
  patterns: string;
  caseSensitive: boolean;
  /** Matching: prompt id → option id. */
  pairs: Record<string, string>;
  irtEnabled: boolean;
  irtModel: IrtModel;
  irtA: string;
  irtB: string;
  irtC: string;
  /** Kept as loaded: the editor does not edit media or accepted units, but saving must not drop them. */
  preserved: { media: unknown[]; acceptedUnits?: unknown[]; optionOrder?: string[] };
}

let uidCounter = 0;
const nextUid = () => `row-${++uidCounter}`;

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A fresh id for a new row: the first unused letter (options) or P1, P2… (prompts). */
export function freshId(rows: readonly Row[], kind: 'option' | 'prompt'): string {
  const used = new Set(rows.map((row) => row.id));
  for (let n = 0; ; n++) {
    const id = kind === 'prompt' ? `P${n + 1}` : (LETTERS[n] ?? `O${n + 1}`);
    if (!used.has(id)) return id;
  }
}

/** A new empty row with a fresh id. */
export function newRow(rows: readonly Row[], kind: 'option' | 'prompt'): Row {
  return { uid: nextUid(), id: freshId(rows, kind), text: '' };
}

function emptyRows(count: number, kind: 'option' | 'prompt'): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) rows.push(newRow(rows, kind));
  return rows;
}

/** The form of a new item. */
export function emptyForm(): ItemForm {
  return {
    type: 'single_choice',
    domain: '',
    objective: '',
    tags: '',
    language: 'en',
    stem: '',
    options: emptyRows(4, 'option'),
    prompts: emptyRows(2, 'prompt'),
    shuffleOptions: true,
    pretest: false,
    multipleScoring: 'all_or_nothing',
    partialScoring: 'all_or_nothing',
    selectCount: '',
    singleCorrect: null,
    multipleCorrect: [],
    trueFalseCorrect: null,
    numericValue: '',
    numericTolerance: '0',
    toleranceMode: 'absolute',
    unit: '',
    accepted: '',
    patterns: '',
    caseSensitive: false,
    pairs: {},
    irtEnabled: false,
    irtModel: '2pl',
    irtA: '1',
    irtB: '0',
    irtC: '0',
    preserved: { media: [] },
  };
}

const toRows = (list: readonly { id: string; text: string }[]): Row[] =>
  list.map((entry) => ({ uid: nextUid(), id: entry.id, text: entry.text }));

/** The form showing a saved version. */
export function fromContent(content: ItemContent): ItemForm {
  const form: ItemForm = {
    ...emptyForm(),
    type: content.type,
    domain: content.domain,
    objective: content.objective ?? '',
    tags: content.tags.join(', '),
    language: content.language,
    stem: content.stem,
    pretest: content.pretest ?? false,
    preserved: { media: content.media },
  };
  if (content.irt) {
    Object.assign(form, {
      irtEnabled: true,
      irtModel: content.irt.model,
      irtA: String(content.irt.a),
      irtB: String(content.irt.b),
      irtC: String(content.irt.c),
    });
  }
  switch (content.type) {
    case 'single_choice':
      return {
        ...form,
        options: toRows(content.options),
        shuffleOptions: content.shuffleOptions,
        singleCorrect: content.key.correct,
      };
    case 'multiple_response':
      return {
        ...form,
        options: toRows(content.options),
        shuffleOptions: content.shuffleOptions,
        multipleCorrect: content.key.correct,
        multipleScoring: content.scoring,
        selectCount: content.selectCount === undefined ? '' : String(content.selectCount),
      };
    case 'true_false':
      return { ...form, trueFalseCorrect: content.key.correct };
    case 'numeric':
      return {
        ...form,
        numericValue: String(content.key.value),
        numericTolerance: String(content.key.tolerance),
        toleranceMode: content.key.toleranceMode,
        unit: content.key.unit ?? '',
        preserved: {
          ...form.preserved,
          ...(content.key.acceptedUnits ? { acceptedUnits: content.key.acceptedUnits } : {}),
        },
      };
    case 'short_text':
      return {
        ...form,
        accepted: content.key.accepted.join('\n'),
        patterns: (content.key.patterns ?? []).join('\n'),
        caseSensitive: content.key.caseSensitive,
      };
    case 'ordering': {
      // The steps are edited in their correct order, which is the key.
      const rank = new Map(content.key.order.map((id, index) => [id, index]));
      const ordered = [...content.options].sort(
        (a, b) => (rank.get(a.id) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b.id) ?? Number.MAX_SAFE_INTEGER),
      );
      return {
        ...form,
        options: toRows(ordered),
        partialScoring: content.scoring,
        // The stored order is kept on save (candidates always get the steps shuffled), so an unchanged item stays unchanged.
        preserved: { ...form.preserved, optionOrder: content.options.map((option) => option.id) },
      };
    }
    case 'matching':
      return {
        ...form,
        prompts: toRows(content.prompts),
        options: toRows(content.options),
        shuffleOptions: content.shuffleOptions,
        pairs: { ...content.key.pairs },
        partialScoring: content.scoring,
      };
  }
}

/** A number typed into a field; undefined (so the server reports the field as required) when blank or not a number. */
function numberOf(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Drops undefined members, so an empty optional field is absent rather than null. */
function defined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

const plain = (rows: readonly Row[]) => rows.map((row) => ({ id: row.id, text: row.text.trim() }));

/** Whether the type has a list of options (or steps). */
export function hasOptions(type: ItemType): boolean {
  return type !== 'true_false' && type !== 'numeric' && type !== 'short_text';
}

/** Whether candidates may see the type's options in a random order the author can switch off. */
export function canShuffle(type: ItemType): boolean {
  return type === 'single_choice' || type === 'multiple_response' || type === 'matching';
}

/** The item content the form describes, unfinished parts included (the server says what is wrong). */
export function toContent(form: ItemForm): ItemContentDraft {
  const objective = form.objective.trim();
  const tags = form.tags
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
  const common = defined({
    domain: form.domain.trim(),
    objective: objective === '' ? undefined : objective,
    tags,
    language: form.language.trim(),
    stem: form.stem.trim(),
    media: form.preserved.media,
    irt: form.irtEnabled
      ? defined({
          model: form.irtModel,
          a: numberOf(form.irtA),
          b: numberOf(form.irtB),
          c: form.irtModel === '3pl' ? numberOf(form.irtC) : 0,
        })
      : undefined,
    pretest: form.pretest ? true : undefined,
  });
  const options = plain(form.options);
  const optionIds = new Set(form.options.map((row) => row.id));
  switch (form.type) {
    case 'single_choice':
      return {
        type: form.type,
        ...common,
        options,
        shuffleOptions: form.shuffleOptions,
        key: form.singleCorrect === null ? {} : { correct: form.singleCorrect },
      };
    case 'multiple_response':
      return {
        type: form.type,
        ...common,
        options,
        shuffleOptions: form.shuffleOptions,
        ...defined({ selectCount: numberOf(form.selectCount) }),
        // In the options' order, whatever order they were ticked in.
        key: { correct: form.options.map((row) => row.id).filter((id) => form.multipleCorrect.includes(id)) },
        scoring: form.multipleScoring,
      };
    case 'true_false':
      return {
        type: form.type,
        ...common,
        key: form.trueFalseCorrect === null ? {} : { correct: form.trueFalseCorrect },
      };
    case 'numeric': {
      const unit = form.unit.trim();
      return {
        type: form.type,
        ...common,
        key: defined({
          value: numberOf(form.numericValue),
          tolerance: numberOf(form.numericTolerance),
          toleranceMode: form.toleranceMode,
          unit: unit === '' ? undefined : unit,
          acceptedUnits: form.preserved.acceptedUnits,
        }),
      };
    }
    case 'short_text': {
      const patterns = lines(form.patterns);
      return {
        type: form.type,
        ...common,
        key: defined({
          accepted: lines(form.accepted),
          patterns: patterns.length > 0 ? patterns : undefined,
          caseSensitive: form.caseSensitive,
        }),
      };
    }
    case 'ordering': {
      const stored = form.preserved.optionOrder ?? [];
      const rank = (id: string) => (stored.includes(id) ? stored.indexOf(id) : stored.length);
      return {
        type: form.type,
        ...common,
        options: [...options].sort((a, b) => rank(a.id) - rank(b.id)),
        key: { order: form.options.map((row) => row.id) },
        scoring: form.partialScoring,
      };
    }
    case 'matching':
      return {
        type: form.type,
        ...common,
        prompts: plain(form.prompts),
        options,
        shuffleOptions: form.shuffleOptions,
        key: {
          pairs: Object.fromEntries(
            form.prompts.flatMap((prompt) => {
              const chosen = form.pairs[prompt.id];
              return chosen !== undefined && optionIds.has(chosen) ? [[prompt.id, chosen]] : [];
            }),
          ),
        },
        scoring: form.partialScoring,
      };
  }
}

/** The form without an option (or prompt) and without every key entry that named it. */
export function withoutRow(form: ItemForm, list: 'options' | 'prompts', uid: string): ItemForm {
  const removed = form[list].find((row) => row.uid === uid);
  if (!removed) return form;
  const rest = form[list].filter((row) => row.uid !== uid);
  if (list === 'prompts') {
    const { [removed.id]: _gone, ...pairs } = form.pairs;
    return { ...form, prompts: rest, pairs };
  }
  return {
    ...form,
    options: rest,
    singleCorrect: form.singleCorrect === removed.id ? null : form.singleCorrect,
    multipleCorrect: form.multipleCorrect.filter((id) => id !== removed.id),
    pairs: Object.fromEntries(Object.entries(form.pairs).filter(([, optionId]) => optionId !== removed.id)),
  };
}

/** The form with one row moved up (-1) or down (+1) in its list. */
export function withRowMoved(
  form: ItemForm,
  list: 'options' | 'prompts',
  index: number,
  by: -1 | 1,
): ItemForm {
  const rows = [...form[list]];
  const target = index + by;
  const row = rows[index];
  const other = rows[target];
  if (!row || !other) return form;
  rows[index] = other;
  rows[target] = row;
  return { ...form, [list]: rows };
}

/** A name for an option in labels: its text, or its letter while it has none. */
export function rowName(row: Row, kind: 'Option' | 'Prompt' | 'Step', index: number): string {
  const text = row.text.trim();
  return text === '' ? `${kind} ${index + 1}` : text;
}
