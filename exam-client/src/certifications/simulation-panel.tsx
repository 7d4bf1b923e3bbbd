import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, runSimulation } from '../api';
import { ErrorSummary } from '../components/error-summary';
import { Alert } from '../components/form';
import { detailsOf, NO_ERRORS, type PlacedErrors } from '../items/error-paths';
import { FieldErrorsContext, TextInput } from '../items/fields';
import type { Blueprint, ErrorDetail, SimulationReport } from '../types';
import { useSubmit } from '../use-submit';
import { placeByPointer, usefulDetails } from './error-placement';

const FIELDS = new Map([
  ['/examinees', 'Simulated candidates'],
  ['/seed', 'Seed'],
]);

/** RMSE within this factor of the information bound counts as close to it. */
const NEAR_BOUND = 1.25;
/**
 * Without Sympson–Hetter's own target, the maximum exposure is compared with 0.25: a ceiling often used for
 * high-stakes adaptive exams (rates of 0.2 to 0.3 are the usual advice).
 */
const USUAL_MAX_EXPOSURE = 0.25;

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
/** A rate as a percentage, with a decimal only where it says something (25 %, 12.5 %). */
const percent = (rate: number) => `${fixed(rate * 100, 1).replace(/\.0$/, '')} %`;

/**
 * A simulation study of the adaptive blueprint on screen (saved or not): simulated candidates of known
 * ability take the exam on the active calibrated bank; the figures show how precise and how safe it is.
 */
export function SimulationPanel(props: {
  blueprint: () => Blueprint;
  /** Errors the server found in the blueprint itself (paths relative to the blueprint), for the editor. */
  onBlueprintErrors: (details: ErrorDetail[]) => void;
}) {
  const [examinees, setExaminees] = useState('200');
  const [seed, setSeed] = useState('');
  const [errors, setErrors] = useState<PlacedErrors>(NO_ERRORS);
  const [result, setResult] = useState<{ report: SimulationReport; blueprint: Blueprint } | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const { busy, error, setError, run } = useSubmit();

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    setErrors(NO_ERRORS);
    setProblems([]);
    const blueprint = props.blueprint();
    void run(async () => {
      try {
        const { simulation } = await runSimulation({
          blueprint,
          examinees: examinees.trim() === '' ? Number.NaN : Number(examinees),
          ...(seed.trim() === '' ? {} : { seed: Number(seed) }),
        });
        setResult({ report: simulation, blueprint });
        return undefined;
      } catch (failure) {
        if (!(failure instanceof ApiError)) throw failure;
        const details = usefulDetails(detailsOf(failure));
        if (failure.status === 422) {
          // The bank cannot run it: the study's own words, one problem per line.
          setResult(null);
          setProblems(details.map((detail) => detail.message));
          if (details.length > 0) {
            setError('The active bank cannot run this exam:');
            return undefined;
          }
          throw failure;
        }
        if (failure.status !== 400 || details.length === 0) throw failure;
        const inBlueprint = details.filter((detail) => detail.path.startsWith('/blueprint/'));
        if (inBlueprint.length > 0) {
          props.onBlueprintErrors(
            inBlueprint.map((detail) => ({ ...detail, path: detail.path.slice('/blueprint'.length) })),
          );
          setError('The blueprint above has values the server refused: they are marked in the editor.');
        }
        setErrors(
          placeByPointer(
            details.filter((detail) => !detail.path.startsWith('/blueprint/')),
            FIELDS,
          ),
        );
        return undefined;
      }
    });
  };

  return (
    <section class="card simulation" aria-labelledby="simulation-title">
      <h2 id="simulation-title">Run a simulation study</h2>
      <p>
        Simulated candidates of known ability take the adaptive exam described above (saved or not) on the
        active bank's calibrated items, so you can see how precise the scores are and how often items are seen
        before anyone sits it.
      </p>
      <ErrorSummary errors={errors} title="The simulation did not run" />
      <FieldErrorsContext.Provider value={errors}>
        <form onSubmit={onSubmit} noValidate aria-label="Simulation study">
          <div class="field-grid">
            <TextInput
              field="/examinees"
              label="Simulated candidates"
              number
              step="1"
              value={examinees}
              onInput={setExaminees}
              hint="10 to 500. More candidates give steadier figures but take longer."
            />
            <TextInput
              field="/seed"
              label="Seed"
              number
              step="1"
              value={seed}
              onInput={setSeed}
              hint="Optional: the same seed and blueprint give the same figures again."
            />
          </div>
          <button type="submit" disabled={busy}>
            {busy ? 'Simulating…' : 'Run the simulation'}
          </button>
        </form>
      </FieldErrorsContext.Provider>
      <Alert message={error} />
      {problems.length > 0 && (
        <ul class="problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      {result && !busy && <SimulationFigures report={result.report} blueprint={result.blueprint} />}
    </section>
  );
}

/** A figure that meets its mark, or does not. */
function Mark(props: { ok: boolean; children: string }) {
  return <span class={props.ok ? 'tag ok' : 'tag warn'}>{props.children}</span>;
}

function SimulationFigures(props: { report: SimulationReport; blueprint: Blueprint }) {
  const { report } = props;
  const delivery = props.blueprint.delivery;
  const exposureTarget =
    delivery.mode === 'adaptive' && delivery.exposure.method === 'sympson_hetter'
      ? { rate: delivery.exposure.targetRate, name: 'the Sympson–Hetter target' }
      : { rate: USUAL_MAX_EXPOSURE, name: 'the usual ceiling' };
  const ratio = report.rmse / report.rmseBound;
  const rows: { name: string; value: ComponentChildren; meaning: string }[] = [
    {
      name: 'RMSE',
      value: (
        <>
          {fixed(report.rmse, 3)} logits{' '}
          <Mark ok={ratio <= NEAR_BOUND}>
            {ratio <= 1
              ? 'at the bound'
              : ratio <= NEAR_BOUND
                ? 'close to the bound'
                : `${fixed(ratio, 1)} × the bound`}
          </Mark>
        </>
      ),
      meaning: 'Typical error of the ability estimate, in logits: lower is better.',
    },
    {
      name: 'Information bound',
      value: `${fixed(report.rmseBound, 3)} logits`,
      meaning:
        'About the smallest RMSE the items given allow (1/√information); an RMSE near it means little precision is wasted. A prior can take RMSE slightly below it.',
    },
    {
      name: 'Bias',
      value: `${fixed(report.bias, 3)} logits`,
      meaning: 'Average of estimate minus true ability: near 0 means no systematic over- or under-estimate.',
    },
    {
      name: 'Mean standard error',
      value: `${fixed(report.meanSE, 3)} logits`,
      meaning: 'The precision the exam reports for each candidate, on average.',
    },
    {
      name: 'Correlation',
      value: fixed(report.correlation, 3),
      meaning: 'How closely the estimates follow true ability (1 is perfect).',
    },
    {
      name: 'Mean test length',
      value: `${fixed(report.meanLength, 1)} items`,
      meaning: 'Scored items each candidate answered, on average.',
    },
    {
      name: 'Maximum exposure',
      value: (
        <>
          {percent(report.maxExposure)}{' '}
          <Mark ok={report.maxExposure <= exposureTarget.rate}>
            {report.maxExposure <= exposureTarget.rate
              ? `within ${percent(exposureTarget.rate)}`
              : `above ${percent(exposureTarget.rate)}`}
          </Mark>
        </>
      ),
      meaning: `Share of candidates who saw the most-used item, against ${exposureTarget.name}: high rates let items leak.`,
    },
    {
      name: 'Exposure spread (χ²)',
      value: fixed(report.exposureChi2, 2),
      meaning: 'How unevenly the bank is used: lower means items share the load more evenly.',
    },
    ...(report.classificationAccuracy === undefined
      ? []
      : [
          {
            name: 'Classification accuracy',
            value: percent(report.classificationAccuracy),
            meaning: "Share of candidates whose pass or fail from the estimate matches their true ability's.",
          },
        ]),
    {
      name: 'Time to choose an item',
      value: `${fixed(report.msPerItemMean, 2)} ms (99th percentile ${fixed(report.msPerItemP99, 2)} ms)`,
      meaning: 'How long the engine takes to pick each next item.',
    },
  ];
  return (
    <>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
      <section class="table-scroll" aria-label="Simulation results" tabIndex={0}>
        <table class="data-table simulation-figures">
          <caption>
            {report.examinees} simulated candidates on {report.bankSize} calibrated items, seed {report.seed}
          </caption>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col">Value and meaning</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name}>
                <th scope="row">{row.name}</th>
                <td>
                  <span class="figure">{row.value}</span>
                  <small class="hint meaning">{row.meaning}</small>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p class="muted">
        The study took {fixed(report.wallSeconds, 1)} s. Run it again with seed {report.seed} to reproduce
        these figures.
      </p>
    </>
  );
}
