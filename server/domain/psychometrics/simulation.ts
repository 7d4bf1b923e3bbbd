/**
 * Simulation studies of a CAT configuration (Weiss 1982; the design of catsim and catR): generate a bank,
 * administer the CAT to simulees (answers drawn from the IRT model at true θ, or read from a real response
 * matrix in a post-hoc study), and report recovery, efficiency, exposure and timing. Pure: the Rng and the
 * timer (ms) come in as arguments.
 */
import { type CatBank, type CatItem, resolveCatBank } from './cat-bank.js';
import { type CatConfig, estimatorFor } from './cat-config.js';
import { type IrtModel, standardErrorFromInformation, testInformation } from './irt.js';
import { normal, type Rng, shuffled } from './rng.js';
import {
  administeredPositions,
  exposureChiSquare,
  largest,
  mean,
  modelAnswers,
  pearson,
  quantile,
  runExaminee,
} from './simulation-run.js';

/** A generated bank's design: size, model, and optional domains with their share of the items. */
export interface BankDesign {
  readonly size: number;
  readonly model: IrtModel;
  readonly domains?: readonly { readonly domain: string; readonly weight: number }[];
}

/**
 * A random bank: a ~ lognormal(0, 0.3) clipped to [0.5, 2.5] (1PL: a = 1), b ~ N(0, 1), d = 1, c = 0 for the
 * 1PL/2PL and c ~ U(0.1, 0.3) for the 3PL (a four- or five-option multiple-choice item's typical guessing
 * floor). Domains are dealt by largest remainder of the weights and shuffled; ids are I0001, I0002, …
 */
export function generateBank(rng: Rng, design: BankDesign): CatItem[] {
  const domains = design.domains ?? [{ domain: 'general', weight: 1 }];
  const totalWeight = domains.reduce((sum, d) => sum + d.weight, 0);
  const quotas = domains.map((d) => (design.size * d.weight) / totalWeight);
  const counts = quotas.map(Math.floor);
  const byRemainder = quotas.map((q, g) => ({ g, rest: q - Math.floor(q) })).sort((x, y) => y.rest - x.rest);
  for (let left = design.size - counts.reduce((s, n) => s + n, 0), j = 0; left > 0; left--, j++)
    counts[(byRemainder[j % byRemainder.length] as { g: number }).g]! += 1;
  const labels = shuffled(
    rng,
    domains.flatMap((d, g) => Array.from({ length: counts[g] as number }, () => d.domain)),
  );
  const digits = Math.max(4, String(design.size).length);
  return labels.map((domain, i) => {
    const a = design.model === '1pl' ? 1 : Math.min(2.5, Math.max(0.5, Math.exp(normal(rng, 0, 0.3))));
    const b = normal(rng);
    const c = design.model === '3pl' ? 0.1 + 0.2 * rng.next() : 0;
    return { id: `I${String(i + 1).padStart(digits, '0')}`, domain, params: { a, b, c, d: 1 } };
  });
}

/** A study: the bank, the CAT, true θs and/or a response matrix (post-hoc), an optional cut, Rng and timer. */
export interface SimulationStudy {
  readonly bank: readonly CatItem[] | CatBank;
  readonly config: CatConfig;
  readonly thetas: readonly number[] | undefined;
  /** Post-hoc: examinee × item scores in bank order; the CAT reads answers from here. */
  readonly responses?: readonly (readonly number[])[];
  readonly cutTheta?: number;
  readonly rng: Rng;
  readonly timer: () => number;
  /** Include each item's exposure rate (by id) in the result. */
  readonly reportItemExposure?: boolean;
}

/** What a study measured (see the field comments; θ in logits, times in ms and s). */
export interface SimulationResult {
  readonly examinees: number;
  readonly rmse: number;
  readonly bias: number;
  readonly meanSE: number;
  readonly meanLength: number;
  readonly correlation: number;
  /** Mean over examinees of 1/√(information of their administered items at their true θ). */
  readonly rmseBound: number;
  readonly maxExposure: number;
  readonly exposureChi2: number;
  /** Share whose pass/fail by θ̂ matches that by true θ; only with a cut. */
  readonly classificationAccuracy?: number;
  readonly msPerItemMean: number;
  readonly msPerItemP99: number;
  readonly wallSeconds: number;
  readonly itemExposure?: Readonly<Record<string, number>>;
}

/**
 * Runs the study. With a response matrix and no true θs, each examinee's full-bank estimate (same estimator)
 * stands in as the true θ, as is usual in post-hoc simulation.
 */
export function runSimulationStudy(study: SimulationStudy): SimulationResult {
  const started = study.timer();
  const bank = resolveCatBank(study.bank);
  const { config, rng, responses } = study;
  const estimator = estimatorFor(config);
  const trueThetas =
    study.thetas ??
    responses?.map(
      (row) => estimator(bank.items.map((item, i) => ({ item: item.params, score: row[i] ?? 0 }))).theta,
    );
  if (trueThetas === undefined)
    throw new RangeError('a simulation study needs true thetas or a response matrix');
  if (responses !== undefined && responses.length !== trueThetas.length)
    throw new RangeError(`${responses.length} response rows but ${trueThetas.length} thetas`);
  const exposures = new Float64Array(bank.items.length);
  const errors: number[] = [];
  const ses: number[] = [];
  const lengths: number[] = [];
  const bounds: number[] = [];
  const estimates: number[] = [];
  const stepMs: number[] = [];
  let agreements = 0;
  trueThetas.forEach((theta, e) => {
    const row = responses?.[e];
    const answer = row ? (position: number) => row[position] ?? 0 : modelAnswers(bank, theta, rng);
    const run = runExaminee(bank, config, answer, rng, study.timer);
    const administered = administeredPositions(bank, run.state);
    for (const position of administered) (exposures[position] as number) += 1;
    errors.push(run.state.theta - theta);
    estimates.push(run.state.theta);
    ses.push(run.state.se);
    lengths.push(administered.length);
    bounds.push(
      standardErrorFromInformation(
        testInformation(
          theta,
          administered.map((p) => (bank.items[p] as CatItem).params),
        ),
      ),
    );
    stepMs.push(...run.stepMs);
    if (study.cutTheta !== undefined && run.state.theta >= study.cutTheta === theta >= study.cutTheta)
      agreements++;
  });
  const examinees = trueThetas.length;
  const rates = Array.from(exposures, (count) => count / examinees);
  const meanLength = mean(lengths);
  return {
    examinees,
    rmse: Math.sqrt(mean(errors.map((x) => x * x))),
    bias: mean(errors),
    meanSE: mean(ses),
    meanLength,
    correlation: pearson(estimates, trueThetas),
    rmseBound: mean(bounds),
    maxExposure: largest(rates),
    exposureChi2: exposureChiSquare(rates, meanLength),
    ...(study.cutTheta === undefined ? {} : { classificationAccuracy: agreements / examinees }),
    msPerItemMean: mean(stepMs),
    msPerItemP99: quantile(stepMs, 0.99),
    wallSeconds: (study.timer() - started) / 1000,
    ...(study.reportItemExposure
      ? { itemExposure: Object.fromEntries(bank.items.map((item, i) => [item.id, rates[i] as number])) }
      : {}),
  };
}
