import { AnswerKey } from './answer-key';
import { CheckInput, FieldGroup, SelectInput, TextArea, TextInput } from './fields';
import { canShuffle, hasOptions, type IrtModel, type ItemForm } from './item-form';
import { TYPE_OPTIONS } from './labels';
import { RowList } from './row-list';

const IRT_MODELS: readonly { value: IrtModel; label: string }[] = [
  { value: '1pl', label: '1PL (Rasch)' },
  { value: '2pl', label: '2PL' },
  { value: '3pl', label: '3PL (with guessing)' },
];

/** `structural`: rows were added, removed or moved, so errors that name rows by index no longer fit. */
type OnChange = (form: ItemForm, structural?: boolean) => void;

/** Every content field of the item editor: type, classification, stem, options, key, scoring, flags, IRT. */
export function ContentFields(props: { form: ItemForm; onChange: OnChange }) {
  const { form, onChange } = props;
  const set = (patch: Partial<ItemForm>) => onChange({ ...form, ...patch });

  return (
    <>
      <SelectInput
        field="type"
        label="Type"
        value={form.type}
        options={TYPE_OPTIONS}
        onChange={(type) => onChange({ ...form, type }, true)}
      />
      <div class="field-grid">
        <TextInput
          field="domain"
          label="Domain"
          value={form.domain}
          onInput={(domain) => set({ domain })}
          maxLength={63}
          hint="The blueprint domain code: lower-case letters, digits, - and _."
        />
        <TextInput
          field="objective"
          label="Objective"
          value={form.objective}
          onInput={(objective) => set({ objective })}
          maxLength={64}
          hint="Optional."
        />
        <TextInput
          field="tags"
          label="Tags"
          value={form.tags}
          onInput={(tags) => set({ tags })}
          hint="Comma separated."
        />
        <TextInput
          field="language"
          label="Language"
          value={form.language}
          onInput={(language) => set({ language })}
          maxLength={35}
          hint="A language tag such as en or fr-CA."
        />
      </div>
      <TextArea field="stem" label="Stem" value={form.stem} onInput={(stem) => set({ stem })} rows={4} />

      {form.type === 'matching' && (
        <RowList
          form={form}
          list="prompts"
          noun="Prompt"
          legend="Prompts"
          hint="What candidates match, one per row."
          onChange={onChange}
        />
      )}
      {hasOptions(form.type) && (
        <RowList
          form={form}
          list="options"
          noun={form.type === 'ordering' ? 'Step' : 'Option'}
          legend={form.type === 'ordering' ? 'Steps, in the correct order' : 'Options'}
          hint={form.type === 'matching' ? 'Options left unmatched are distractors.' : undefined}
          reorderable={form.type === 'ordering'}
          onChange={onChange}
        />
      )}

      <AnswerKey form={form} onChange={set} />

      {canShuffle(form.type) && (
        <CheckInput
          field="shuffleOptions"
          label="Shuffle options"
          checked={form.shuffleOptions}
          onChange={(shuffleOptions) => set({ shuffleOptions })}
          hint="Each candidate sees the options in a different order."
        />
      )}
      <CheckInput
        field="pretest"
        label="Pretest item"
        checked={form.pretest}
        onChange={(pretest) => set({ pretest })}
        hint="Shown to candidates to gather data, but not scored."
      />

      <FieldGroup field="irt" legend="IRT parameters" class="irt">
        <CheckInput
          field="irt/enabled"
          label="This item has IRT parameters"
          checked={form.irtEnabled}
          onChange={(irtEnabled) => set({ irtEnabled })}
          hint="Usually set by calibration; enter them here for an item calibrated elsewhere."
        />
        {form.irtEnabled && (
          <div class="field-grid">
            <SelectInput
              field="irt/model"
              label="Model"
              value={form.irtModel}
              options={IRT_MODELS}
              onChange={(irtModel) => set({ irtModel })}
            />
            <TextInput
              field="irt/a"
              label="Discrimination (a)"
              number
              value={form.irtA}
              onInput={(irtA) => set({ irtA })}
              hint="0.1 to 4."
            />
            <TextInput
              field="irt/b"
              label="Difficulty (b)"
              number
              value={form.irtB}
              onInput={(irtB) => set({ irtB })}
              hint="−6 to 6."
            />
            {form.irtModel === '3pl' && (
              <TextInput
                field="irt/c"
                label="Guessing (c)"
                number
                value={form.irtC}
                onInput={(irtC) => set({ irtC })}
                hint="0 to 0.5."
              />
            )}
          </div>
        )}
      </FieldGroup>
    </>
  );
}
