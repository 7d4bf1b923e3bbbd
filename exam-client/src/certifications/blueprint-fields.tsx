import { CheckInput, FieldGroup, SelectInput, TextArea, TextInput } from '../items/fields';
import {
  type BlueprintForm,
  type DeliveryMode,
  type DomainRow,
  type EstimatorMethod,
  type ExposureMethod,
  itemIdList,
  newDomainRow,
  type ScoringMethod,
  type StoppingRule,
} from './blueprint-form';

const MODES: readonly { value: DeliveryMode; label: string }[] = [
  { value: 'linear', label: 'Linear on the fly: a new form per candidate, drawn from the bank' },
  { value: 'adaptive', label: "Adaptive (CAT): each item chosen for the candidate's ability so far" },
  { value: 'fixed', label: 'Fixed form: the same listed items for everyone' },
];

const ESTIMATORS: readonly { value: EstimatorMethod; label: string }[] = [
  { value: 'eap', label: 'EAP (expected a posteriori)' },
  { value: 'map', label: 'MAP (maximum a posteriori)' },
  { value: 'mle', label: 'Maximum likelihood (no prior)' },
];

const EXPOSURES: readonly { value: ExposureMethod; label: string }[] = [
  { value: 'randomesque', label: 'Randomesque: pick at random among the best few items' },
  { value: 'sympson_hetter', label: "Sympson–Hetter: cap each item's exposure rate" },
  { value: 'none', label: 'None: always the most informative item' },
];

const STOPPING: readonly { value: StoppingRule; label: string }[] = [
  { value: 'standard_error', label: 'When the ability estimate is precise enough' },
  { value: 'classification', label: 'When pass or fail is clear' },
  { value: 'fixed_length', label: 'After a fixed number of items' },
];

const SCORING: readonly { value: ScoringMethod; label: string }[] = [
  { value: 'percent', label: 'Percent correct' },
  { value: 'theta', label: 'Ability (theta) against a cut score' },
];

/** `structural`: domain rows were added or removed, so errors that name rows by index no longer fit. */
type OnChange = (form: BlueprintForm, structural?: boolean) => void;

/** How many active items each domain has, as suggestions for the domain codes. */
export type BankDomains = ReadonlyMap<string, number>;

const BANK_DOMAINS_LIST = 'bank-domain-codes';

/** Every input of the blueprint editor, for the delivery mode, estimator and rules chosen. */
export function BlueprintFields(props: {
  form: BlueprintForm;
  onChange: OnChange;
  bankDomains: BankDomains | null;
}) {
  const { form, onChange } = props;
  const set = (patch: Partial<BlueprintForm>) => onChange({ ...form, ...patch });
  const setMode = (mode: DeliveryMode) =>
    // An adaptive exam is scored on the theta scale.
    onChange({ ...form, mode, ...(mode === 'adaptive' ? { scoring: 'theta' as const } : {}) });

  return (
    <>
      <TextInput
        field="/timeLimitMin"
        label="Time limit (minutes)"
        number
        step="1"
        value={form.timeLimitMin}
        onInput={(timeLimitMin) => set({ timeLimitMin })}
        class="short"
      />
      <DomainsTable form={form} onChange={onChange} bankDomains={props.bankDomains} />

      <FieldGroup field="/delivery" legend="Delivery">
        <SelectInput
          field="/delivery/mode"
          label="Delivery mode"
          value={form.mode}
          options={MODES}
          onChange={setMode}
        />
        {form.mode === 'fixed' && (
          <>
            <TextArea
              field="/delivery/itemIds"
              label="Item ids"
              value={form.itemIds}
              onInput={(itemIds) => set({ itemIds })}
              rows={6}
              hint={`One item id per line (the id in the item's address). ${itemIdList(form.itemIds).length} listed.`}
            />
            <CheckInput
              field="/delivery/shuffleItems"
              label="Shuffle items"
              checked={form.shuffleItems}
              onChange={(shuffleItems) => set({ shuffleItems })}
              hint="Each candidate sees the items in a different order."
            />
          </>
        )}
        {form.mode === 'linear' && (
          <TextInput
            field="/delivery/length"
            label="Items per form"
            number
            step="1"
            value={form.length}
            onInput={(length) => set({ length })}
            hint="Scored items each candidate answers, drawn to match the domain weights."
            class="short"
          />
        )}
        {form.mode === 'adaptive' && <AdaptiveFields form={form} set={set} />}
        <CheckInput
          field="/delivery/shuffleOptions"
          label="Shuffle options"
          checked={form.shuffleOptions}
          onChange={(shuffleOptions) => set({ shuffleOptions })}
          hint="Answer options appear in a different order for each candidate (where the item allows it)."
        />
      </FieldGroup>

      <ScoringFields form={form} set={set} />

      <TextInput
        field="/pretestCount"
        label="Pretest items per form"
        number
        step="1"
        value={form.pretestCount}
        onInput={(pretestCount) => set({ pretestCount })}
        hint="Unscored items seeded into each form to gather data for calibration; 0 for none."
        class="short"
      />
    </>
  );
}

function DomainsTable(props: { form: BlueprintForm; onChange: OnChange; bankDomains: BankDomains | null }) {
  const { form, onChange, bankDomains } = props;
  const setRow = (uid: string, patch: Partial<DomainRow>) =>
    onChange({ ...form, domains: form.domains.map((row) => (row.uid === uid ? { ...row, ...patch } : row)) });
  const known = bankDomains ? [...bankDomains] : [];
  return (
    <FieldGroup
      field="/domains"
      legend="Domains"
      class="domains"
      hint="Give every domain a weight (its share of the scored items, such as 0.3), or give none and bound each domain by item counts. Counts, where given, also bound a weighted domain."
    >
      {known.length > 0 && (
        <>
          <p class="hint bank-domains">
            Domains of the active bank:{' '}
            {known.map(([code, count], index) => (
              <span key={code}>
                {index > 0 && ', '}
                <code>{code}</code> ({count} item{count === 1 ? '' : 's'})
              </span>
            ))}
            .
          </p>
          <datalist id={BANK_DOMAINS_LIST}>
            {known.map(([code]) => (
              <option key={code} value={code} />
            ))}
          </datalist>
        </>
      )}
      <ol class="rows domain-rows">
        {form.domains.map((row, index) => {
          const at = `/domains/${index}`;
          const name = `domain ${index + 1}`;
          return (
            <li key={row.uid}>
              <FieldGroup field={at} legend={`Domain ${index + 1}`} class="domain-row">
                <div class="domain-grid">
                  <TextInput
                    field={`${at}/domain`}
                    label="Code"
                    value={row.domain}
                    onInput={(domain) => setRow(row.uid, { domain })}
                    maxLength={63}
                    list={known.length > 0 ? BANK_DOMAINS_LIST : undefined}
                    class="code"
                  />
                  <TextInput
                    field={`${at}/title`}
                    label="Title"
                    value={row.title}
                    onInput={(title) => setRow(row.uid, { title })}
                    maxLength={200}
                    class="title"
                  />
                  <TextInput
                    field={`${at}/weight`}
                    label="Weight"
                    number
                    value={row.weight}
                    onInput={(weight) => setRow(row.uid, { weight })}
                  />
                  <TextInput
                    field={`${at}/minCount`}
                    label="Min items"
                    number
                    step="1"
                    value={row.minCount}
                    onInput={(minCount) => setRow(row.uid, { minCount })}
                  />
                  <TextInput
                    field={`${at}/maxCount`}
                    label="Max items"
                    number
                    step="1"
                    value={row.maxCount}
                    onInput={(maxCount) => setRow(row.uid, { maxCount })}
                  />
                </div>
                <button
                  type="button"
                  class="secondary remove-row"
                  aria-label={`Remove ${name}`}
                  disabled={form.domains.length === 1}
                  onClick={() =>
                    onChange(
                      { ...form, domains: form.domains.filter((other) => other.uid !== row.uid) },
                      true,
                    )
                  }
                >
                  Remove
                </button>
              </FieldGroup>
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        class="secondary add-row"
        onClick={() => onChange({ ...form, domains: [...form.domains, newDomainRow()] }, true)}
      >
        Add domain
      </button>
    </FieldGroup>
  );
}

function AdaptiveFields(props: { form: BlueprintForm; set: (patch: Partial<BlueprintForm>) => void }) {
  const { form, set } = props;
  return (
    <>
      <div class="field-grid">
        <TextInput
          field="/delivery/startTheta"
          label="Starting ability (theta)"
          number
          value={form.startTheta}
          onInput={(startTheta) => set({ startTheta })}
          hint="Where the first item is aimed, in logits; 0 is the average candidate."
        />
        <SelectInput
          field="/delivery/estimator/method"
          label="Ability estimator"
          value={form.estimator}
          options={ESTIMATORS}
          onChange={(estimator) => set({ estimator })}
        />
        {form.estimator !== 'mle' && (
          <>
            <TextInput
              field="/delivery/estimator/priorMean"
              label="Prior mean"
              number
              value={form.priorMean}
              onInput={(priorMean) => set({ priorMean })}
              hint="The ability assumed before any answer, in logits."
            />
            <TextInput
              field="/delivery/estimator/priorSd"
              label="Prior SD"
              number
              value={form.priorSd}
              onInput={(priorSd) => set({ priorSd })}
              hint="How spread out candidates' abilities are assumed to be; 1 is usual."
            />
          </>
        )}
      </div>
      <div class="field-grid">
        <SelectInput
          field="/delivery/exposure/method"
          label="Exposure control"
          value={form.exposure}
          options={EXPOSURES}
          onChange={(exposure) => set({ exposure })}
          hint="Keeps the best items from being seen by nearly everyone (and shared)."
        />
        {form.exposure === 'randomesque' && (
          <TextInput
            field="/delivery/exposure/k"
            label="Pick among the best (k)"
            number
            step="1"
            value={form.k}
            onInput={(k) => set({ k })}
            hint="Each item is drawn at random from this many of the most informative."
          />
        )}
        {form.exposure === 'sympson_hetter' && (
          <TextInput
            field="/delivery/exposure/targetRate"
            label="Target exposure rate"
            number
            value={form.targetRate}
            onInput={(targetRate) => set({ targetRate })}
            hint="The largest share of candidates who should see any one item, such as 0.25."
          />
        )}
      </div>
      <FieldGroup field="/delivery/stopping" legend="When the exam ends">
        <SelectInput
          field="/delivery/stopping/rule"
          label="Stopping rule"
          value={form.stopping}
          options={STOPPING}
          onChange={(stopping) => set({ stopping })}
        />
        <div class="field-grid">
          {form.stopping === 'fixed_length' ? (
            <TextInput
              field="/delivery/stopping/length"
              label="Test length"
              number
              step="1"
              value={form.stopLength}
              onInput={(stopLength) => set({ stopLength })}
              hint="Scored items every candidate answers."
            />
          ) : (
            <>
              {form.stopping === 'standard_error' ? (
                <TextInput
                  field="/delivery/stopping/maxSe"
                  label="Target standard error"
                  number
                  value={form.maxSe}
                  onInput={(maxSe) => set({ maxSe })}
                  hint="Stop once the estimate's standard error is at most this, in logits (0.3 is common)."
                />
              ) : (
                <TextInput
                  field="/delivery/stopping/confidence"
                  label="Confidence"
                  number
                  value={form.confidence}
                  onInput={(confidence) => set({ confidence })}
                  hint="Stop once the ability is this surely above or below the cut score, such as 0.95."
                />
              )}
              <TextInput
                field="/delivery/stopping/minLength"
                label="Minimum length"
                number
                step="1"
                value={form.minLength}
                onInput={(minLength) => set({ minLength })}
                hint="Never fewer scored items than this."
              />
              <TextInput
                field="/delivery/stopping/maxLength"
                label="Maximum length"
                number
                step="1"
                value={form.maxLength}
                onInput={(maxLength) => set({ maxLength })}
                hint="Stop here regardless."
              />
            </>
          )}
        </div>
      </FieldGroup>
    </>
  );
}

function ScoringFields(props: { form: BlueprintForm; set: (patch: Partial<BlueprintForm>) => void }) {
  const { form, set } = props;
  const adaptive = form.mode === 'adaptive';
  return (
    <FieldGroup field="/scoring" legend="Scoring">
      <SelectInput
        field="/scoring/method"
        label="Scoring method"
        value={form.scoring}
        options={adaptive ? SCORING.filter((option) => option.value === 'theta') : SCORING}
        onChange={(scoring) => set({ scoring })}
        hint={
          adaptive
            ? 'Adaptive exams are scored on the ability (theta) scale.'
            : 'Ability scoring needs items with IRT parameters.'
        }
      />
      {form.scoring === 'percent' ? (
        <TextInput
          field="/scoring/passPercent"
          label="Pass mark (%)"
          number
          value={form.passPercent}
          onInput={(passPercent) => set({ passPercent })}
          hint="Candidates pass with at least this percentage of the scored items right."
          class="short"
        />
      ) : (
        <>
          <TextInput
            field="/scoring/cutTheta"
            label="Cut score (theta)"
            number
            value={form.cutTheta}
            onInput={(cutTheta) => set({ cutTheta })}
            hint="Candidates whose estimated ability reaches this, in logits, pass."
            class="short"
          />
          <CheckInput
            field="/scoring/scale"
            label="Report a scaled score"
            checked={form.scaleEnabled}
            onChange={(scaleEnabled) => set({ scaleEnabled })}
            hint="Candidates see a score such as 700 instead of a theta."
          />
          {form.scaleEnabled && (
            <div class="field-grid">
              <TextInput
                field="/scoring/scale/min"
                label="Lowest scaled score"
                number
                value={form.scaleMin}
                onInput={(scaleMin) => set({ scaleMin })}
              />
              <TextInput
                field="/scoring/scale/max"
                label="Highest scaled score"
                number
                value={form.scaleMax}
                onInput={(scaleMax) => set({ scaleMax })}
              />
              <TextInput
                field="/scoring/scale/passScore"
                label="Passing scaled score"
                number
                value={form.passScore}
                onInput={(passScore) => set({ passScore })}
                hint="The scaled score at the cut."
              />
              <TextInput
                field="/scoring/scale/pointsPerLogit"
                label="Points per logit"
                number
                value={form.pointsPerLogit}
                onInput={(pointsPerLogit) => set({ pointsPerLogit })}
              />
            </div>
          )}
        </>
      )}
    </FieldGroup>
  );
}
