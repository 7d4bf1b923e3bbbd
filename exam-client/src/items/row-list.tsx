import { FieldGroup, TextInput } from './fields';
import { type ItemForm, newRow, withoutRow, withRowMoved } from './item-form';

/**
 * An editable list of options, steps or prompts: a text per row, add and remove buttons, and for ordering
 * items up/down buttons (the list's order is then the key). Every button names the row it acts on.
 */
export function RowList(props: {
  form: ItemForm;
  list: 'options' | 'prompts';
  /** What one row is called: "Option", "Step" or "Prompt". */
  noun: 'Option' | 'Step' | 'Prompt';
  legend: string;
  hint?: string;
  reorderable?: boolean;
  onChange: (form: ItemForm, structural: boolean) => void;
}) {
  const { form, list, noun } = props;
  const rows = form[list];
  const kind = list === 'prompts' ? 'prompt' : 'option';
  const setText = (uid: string, text: string) =>
    props.onChange({ ...form, [list]: rows.map((row) => (row.uid === uid ? { ...row, text } : row)) }, false);

  return (
    <FieldGroup field={list} legend={props.legend} hint={props.hint} class="row-list">
      <ol class="rows">
        {rows.map((row, index) => {
          const name = `${noun.toLowerCase()} ${index + 1}`;
          return (
            <li key={row.uid} class="edit-row">
              <TextInput
                field={`${kind}:${index}`}
                label={`${noun} ${index + 1}`}
                value={row.text}
                onInput={(text) => setText(row.uid, text)}
                maxLength={1000}
                class="grow"
              />
              <div class="actions row-actions">
                {props.reorderable && (
                  <>
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`Move ${name} up`}
                      disabled={index === 0}
                      onClick={() => props.onChange(withRowMoved(form, list, index, -1), true)}
                    >
                      Up
                    </button>
                    <button
                      type="button"
                      class="secondary"
                      aria-label={`Move ${name} down`}
                      disabled={index === rows.length - 1}
                      onClick={() => props.onChange(withRowMoved(form, list, index, 1), true)}
                    >
                      Down
                    </button>
                  </>
                )}
                <button
                  type="button"
                  class="secondary"
                  aria-label={`Remove ${name}`}
                  onClick={() => props.onChange(withoutRow(form, list, row.uid), true)}
                >
                  Remove
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        class="secondary"
        onClick={() => props.onChange({ ...form, [list]: [...rows, newRow(rows, kind)] }, true)}
      >
        Add {noun.toLowerCase()}
      </button>
    </FieldGroup>
  );
}
