import type { ItemStatus, ItemType } from '../types';
import type { FieldKey } from './error-paths';
import type { ItemForm } from './item-form';

/** Item types in the order the editor offers them, with the names authors know them by. */
export const TYPE_LABELS = {
  single_choice: 'Single choice',
  multiple_response: 'Multiple response',
  true_false: 'True / false',
  numeric: 'Numeric',
  short_text: 'Short text',
  ordering: 'Ordering',
  matching: 'Matching',
} as const satisfies Record<ItemType, string>;

/** Every item type, as options of a select. */
export const TYPE_OPTIONS = (Object.keys(TYPE_LABELS) as ItemType[]).map((value) => ({
  value,
  label: TYPE_LABELS[value],
}));

/** Workflow statuses as shown to people. */
export const STATUS_LABELS = {
  draft: 'Draft',
  in_review: 'In review',
  active: 'Active',
  retired: 'Retired',
} as const satisfies Record<ItemStatus, string>;

/** The tag colour of each status. */
export const STATUS_CLASS: Record<ItemStatus, string> = {
  draft: 'tag',
  in_review: 'tag warn',
  active: 'tag ok',
  retired: 'tag muted-tag',
};

/** A status as a small coloured tag. */
export function StatusTag(props: { status: ItemStatus }) {
  return <span class={STATUS_CLASS[props.status]}>{STATUS_LABELS[props.status]}</span>;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A timestamp from the API in the reader's locale, or '' when absent. */
export function formatDateTime(value: string | null): string {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : dateTime.format(date);
}

/** What the error summary calls each field of the item editor. */
const FIELD_LABELS: Record<string, string> = {
  externalId: 'External id',
  type: 'Type',
  domain: 'Domain',
  objective: 'Objective',
  tags: 'Tags',
  language: 'Language',
  stem: 'Stem',
  options: 'Options',
  prompts: 'Prompts',
  shuffleOptions: 'Shuffle options',
  pretest: 'Pretest',
  scoring: 'Scoring',
  selectCount: 'Number of answers to select',
  key: 'Answer key',
  'key/value': 'Value',
  'key/tolerance': 'Tolerance',
  'key/toleranceMode': 'Tolerance mode',
  'key/unit': 'Unit',
  'key/accepted': 'Accepted answers',
  'key/patterns': 'Patterns',
  irt: 'IRT parameters',
  'irt/model': 'IRT model',
  'irt/a': 'Discrimination (a)',
  'irt/b': 'Difficulty (b)',
  'irt/c': 'Guessing (c)',
  comment: 'Review comment',
};

/** What the error summary calls a field (rows by their number, pairs by their prompt). */
export function fieldLabel(field: FieldKey, form: ItemForm): string {
  const [kind, at] = field.split(':');
  if (kind === 'option') return `${form.type === 'ordering' ? 'Step' : 'Option'} ${Number(at) + 1}`;
  if (kind === 'prompt') return `Prompt ${Number(at) + 1}`;
  if (kind === 'pair') {
    const index = form.prompts.findIndex((prompt) => prompt.id === at);
    return `Match for prompt ${index + 1}`;
  }
  return FIELD_LABELS[field] ?? field;
}
