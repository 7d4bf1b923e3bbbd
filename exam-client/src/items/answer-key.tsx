import type { TargetedEvent } from 'preact';
import { Checkbox } from '../components/form';
import { FieldGroup, SelectInput, TextArea, TextInput } from './fields';
import type { ItemForm, MultipleScoring, PartialScoring, Row, ToleranceMode } from './item-form';
import { rowName } from './item-form';

type Change = (patch: Partial<ItemForm>) => void;

const MULTIPLE_SCORING: readonly { value: MultipleScoring; label: string }[] = [
  { value: 'all_or_nothing', label: 'All or nothing' },
  { value: 'right_minus_wrong', label: 'Right minus wrong' },
  { value: 'proportion_correct', label: 'Proportion correct' },
];

const PARTIAL_SCORING: readonly { value: PartialScoring; label: string }[] = [
  { value: 'all_or_nothing', label: 'All or nothing' },
  { value: 'partial', label: 'Partial credit' },
];

const TOLERANCE_MODES: readonly { value: ToleranceMode; label: string }[] = [
  { value: 'absolute', label: 'Absolute (± the tolerance)' },
  { value: 'relative', label: 'Relative (± a fraction of the value)' },
];

/** A radio button wrapped in its label (a 44px touch target). */
function Radio(props: { name: string; label: string; checked: boolean; onSelect: () => void }) {
  return (
    <label class="check">
      <input
        type="radio"
        name={props.name}
        checked={props.checked}
        onChange={(event: TargetedEvent<HTMLInputElement>) => {
          if (event.currentTarget.checked) props.onSelect();
        }}
      />
      <span>{props.label}</span>
    </label>
  );
}

/** An option as a choice of the key: its text, or its number while it has none. */
const optionLabel = (row: Row, index: number) =>
  row.text.trim() === '' ? `Option ${index + 1} (no text yet)` : rowName(row, 'Option', index);

/** The answer key of the form's item type, and the scoring rule where the type has one. */
export function AnswerKey(props: { form: ItemForm; onChange: Change }) {
  const { form, onChange } = props;
  switch (form.type) {
    case 'single_choice':
      return (
        <FieldGroup field="key" legend="Correct answer" class="key">
          <div class="choices">
            {form.options.map((row, index) => (
              <Radio
                key={row.uid}
                name="key-single"
                label={optionLabel(row, index)}
                checked={form.singleCorrect === row.id}
                onSelect={() => onChange({ singleCorrect: row.id })}
              />
            ))}
          </div>
        </FieldGroup>
      );
    case 'multiple_response':
      return (
        <>
          <FieldGroup field="key" legend="Correct answers" class="key">
            <div class="choices">
              {form.options.map((row, index) => (
                <Checkbox
                  key={row.uid}
                  label={optionLabel(row, index)}
                  checked={form.multipleCorrect.includes(row.id)}
                  onChange={(checked) =>
                    onChange({
                      multipleCorrect: checked
                        ? [...form.multipleCorrect, row.id]
                        : form.multipleCorrect.filter((id) => id !== row.id),
                    })
                  }
                />
              ))}
            </div>
          </FieldGroup>
          <TextInput
            field="selectCount"
            label="Number of answers to select"
            number
            step="1"
            value={form.selectCount}
            onInput={(selectCount) => onChange({ selectCount })}
            hint="Optional. When set, candidates are told how many to pick; it must equal the number of correct answers."
          />
          <SelectInput
            field="scoring"
            label="Scoring"
            value={form.multipleScoring}
            options={MULTIPLE_SCORING}
            onChange={(multipleScoring) => onChange({ multipleScoring })}
          />
        </>
      );
    case 'true_false':
      return (
        <FieldGroup field="key" legend="Correct answer" class="key">
          <div class="choices">
            <Radio
              name="key-true-false"
              label="True"
              checked={form.trueFalseCorrect === true}
              onSelect={() => onChange({ trueFalseCorrect: true })}
            />
            <Radio
              name="key-true-false"
              label="False"
              checked={form.trueFalseCorrect === false}
              onSelect={() => onChange({ trueFalseCorrect: false })}
            />
          </div>
        </FieldGroup>
      );
    case 'numeric':
      return (
        <FieldGroup field="key" legend="Correct answer" class="key">
          <div class="field-grid">
            <TextInput
              field="key/value"
              label="Value"
              number
              value={form.numericValue}
              onInput={(numericValue) => onChange({ numericValue })}
            />
            <TextInput
              field="key/tolerance"
              label="Tolerance"
              number
              value={form.numericTolerance}
              onInput={(numericTolerance) => onChange({ numericTolerance })}
              hint="0 for an exact answer."
            />
            <SelectInput
              field="key/toleranceMode"
              label="Tolerance mode"
              value={form.toleranceMode}
              options={TOLERANCE_MODES}
              onChange={(toleranceMode) => onChange({ toleranceMode })}
            />
            <TextInput
              field="key/unit"
              label="Unit"
              value={form.unit}
              maxLength={32}
              onInput={(unit) => onChange({ unit })}
              hint="Optional, such as ms or GB."
            />
          </div>
          {(form.preserved.acceptedUnits?.length ?? 0) > 0 && (
            <p class="hint">
              This item also accepts {form.preserved.acceptedUnits?.length} other unit(s) from its bank file;
              saving keeps them.
            </p>
          )}
        </FieldGroup>
      );
    case 'short_text':
      return (
        <FieldGroup field="key" legend="Accepted answers" class="key">
          <TextArea
            field="key/accepted"
            label="Accepted answers (one per line)"
            value={form.accepted}
            onInput={(accepted) => onChange({ accepted })}
            rows={4}
            hint="Compared after trimming and collapsing spaces."
          />
          <TextArea
            field="key/patterns"
            label="Patterns (one per line, optional)"
            value={form.patterns}
            onInput={(patterns) => onChange({ patterns })}
            rows={2}
            hint="Regular expressions matched against the whole answer."
          />
          <Checkbox
            label="Case sensitive"
            checked={form.caseSensitive}
            onChange={(caseSensitive) => onChange({ caseSensitive })}
          />
        </FieldGroup>
      );
    case 'ordering':
      return (
        <>
          <FieldGroup
            field="key"
            legend="Correct order"
            class="key"
            hint="The steps above, in their order, are the key: move them with Up and Down. Candidates see them shuffled."
          >
            <ol class="order-preview">
              {form.options.map((row, index) => (
                <li key={row.uid}>{rowName(row, 'Step', index)}</li>
              ))}
            </ol>
          </FieldGroup>
          <SelectInput
            field="scoring"
            label="Scoring"
            value={form.partialScoring}
            options={PARTIAL_SCORING}
            onChange={(partialScoring) => onChange({ partialScoring })}
          />
        </>
      );
    case 'matching': {
      const choices = [
        { value: '', label: '— choose an option —' },
        ...form.options.map((row, index) => ({ value: row.id, label: optionLabel(row, index) })),
      ];
      return (
        <>
          <FieldGroup field="key" legend="Correct matches" class="key">
            {form.prompts.map((prompt, index) => (
              <SelectInput
                key={prompt.uid}
                field={`pair:${prompt.id}`}
                label={`Match for ${rowName(prompt, 'Prompt', index)}`}
                value={form.pairs[prompt.id] ?? ''}
                options={choices}
                onChange={(optionId) => {
                  const { [prompt.id]: _old, ...others } = form.pairs;
                  onChange({ pairs: optionId === '' ? others : { ...others, [prompt.id]: optionId } });
                }}
              />
            ))}
          </FieldGroup>
          <SelectInput
            field="scoring"
            label="Scoring"
            value={form.partialScoring}
            options={PARTIAL_SCORING}
            onChange={(partialScoring) => onChange({ partialScoring })}
          />
        </>
      );
    }
  }
}
