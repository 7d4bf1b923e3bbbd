import { useEffect, useRef } from 'preact/hooks';
import { type FieldKey, fieldDomId, type PlacedErrors, plainMessage } from './error-paths';
import type { ItemForm } from './item-form';

const LABELS: Record<string, string> = {
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

/** What the summary calls a field. */
function fieldLabel(field: FieldKey, form: ItemForm): string {
  const [kind, at] = field.split(':');
  if (kind === 'option') return `${form.type === 'ordering' ? 'Step' : 'Option'} ${Number(at) + 1}`;
  if (kind === 'prompt') return `Prompt ${Number(at) + 1}`;
  if (kind === 'pair') {
    const index = form.prompts.findIndex((prompt) => prompt.id === at);
    return `Match for prompt ${index + 1}`;
  }
  return LABELS[field] ?? field;
}

/** Moves focus to a field (its input, or the first input of its group) and brings it into view. */
function focusField(field: FieldKey): void {
  const element = document.getElementById(fieldDomId(field));
  if (!element) return;
  const target =
    element.tagName === 'FIELDSET'
      ? (element.querySelector<HTMLElement>('input, select, textarea') ?? element)
      : element;
  target.focus();
  element.scrollIntoView({ block: 'center' });
}

/**
 * What the server refused, at the top of the form: a link to each field that shows an error, and the
 * errors no field on screen shows (their JSON pointer and message). Takes focus when it appears, so a
 * screen reader user hears it and a sighted one sees it.
 */
export function ErrorSummary(props: { errors: PlacedErrors; form: ItemForm; title: string }) {
  const box = useRef<HTMLDivElement>(null);
  const { errors, form } = props;
  useEffect(() => {
    if (errors.all.length > 0) box.current?.focus();
  }, [errors]);
  if (errors.all.length === 0) return null;

  const count = errors.all.length;
  return (
    <div
      ref={box}
      class="error-summary"
      role="alert"
      tabIndex={-1}
      aria-labelledby="item-error-summary-title"
    >
      <h2 id="item-error-summary-title">{props.title}</h2>
      <p>
        {count === 1 ? 'There is 1 problem' : `There are ${count} problems`}; the marked fields say what is
        wrong.
      </p>
      <ul>
        {errors.all.map(({ detail, field }, index) =>
          field === null ? (
            <li key={`${detail.path}-${index}`} class="unmapped">
              <code>{detail.path || '/'}</code> {detail.message}
            </li>
          ) : (
            <li key={`${detail.path}-${index}`}>
              <a
                href={`#${fieldDomId(field)}`}
                onClick={(event) => {
                  event.preventDefault();
                  focusField(field);
                }}
              >
                {fieldLabel(field, form)}: {plainMessage(detail)}
              </a>
            </li>
          ),
        )}
      </ul>
    </div>
  );
}
