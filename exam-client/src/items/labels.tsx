import type { ItemStatus, ItemType } from '../types';

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
