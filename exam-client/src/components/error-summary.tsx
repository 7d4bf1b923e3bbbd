import { useEffect, useId, useRef } from 'preact/hooks';
import { fieldDomId, type PlacedErrors } from '../items/error-paths';

/** Moves focus to a field's input (or the first input of its group) and brings it into view. */
function focusField(field: string): void {
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
 * What the server refused, at the top of a form: a link to each field that shows an error (with the sentence
 * the field shows), and the sentences of errors no field on screen shows. Takes focus when it appears, so a
 * screen reader user hears it and a sighted one sees it.
 */
export function ErrorSummary(props: { errors: PlacedErrors; title: string }) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const { errors } = props;
  useEffect(() => {
    if (errors.all.length > 0) box.current?.focus();
  }, [errors]);
  if (errors.all.length === 0) return null;
  const count = errors.all.length;
  return (
    <div ref={box} class="error-summary" role="alert" tabIndex={-1} aria-labelledby={titleId}>
      <h2 id={titleId}>{props.title}</h2>
      <p>
        {count === 1 ? 'There is 1 problem' : `There are ${count} problems`}; the marked fields say what is
        wrong.
      </p>
      <ul>
        {errors.all.map(({ detail, field, sentence }, index) =>
          field === null ? (
            <li key={`${detail.path}-${index}`} class="unmapped">
              {sentence}
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
                {sentence}
              </a>
            </li>
          ),
        )}
      </ul>
    </div>
  );
}
