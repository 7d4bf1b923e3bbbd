/**
 * The cat-simulate command line: parsing (node:util parseArgs) and the mapping from options to a CatConfig.
 * Every problem is a UsageError (exit code 2).
 */
import { parseArgs } from 'node:util';
import type { CatConfig } from '../../server/domain/psychometrics/cat-config.js';
import { IRT_MODELS, type IrtModel } from '../../server/domain/psychometrics/irt.js';
import type { ContentConstraint } from '../../server/domain/psychometrics/selection/content-balance.js';
import { maxTestLength, type StoppingConfig } from '../../server/domain/psychometrics/stopping/rules.js';
import { UsageError } from './usage-error.js';

/** One blueprint row as read from --blueprint: a weight, and optionally explicit min/max counts. */
export interface BlueprintDomain {
  readonly domain: string;
  readonly weight: number;
  readonly min?: number;
  readonly max?: number;
}

/** The parsed command line. */
export interface CliOptions {
  readonly bankSize: number;
  readonly examinees: number;
  readonly seed: number;
  readonly model: IrtModel;
  readonly json: boolean;
  readonly itemsFile?: string;
  readonly responsesFile?: string;
  readonly thetasFile?: string;
  readonly blueprintFile?: string;
  readonly estimator: CatConfig['estimator'];
  readonly exposure:
    | { readonly method: 'none' }
    | { readonly method: 'randomesque'; readonly k: number }
    | { readonly method: 'sh'; readonly rate: number };
  readonly stopping: StoppingConfig;
  readonly cutTheta?: number;
}

function numberOption(
  raw: string | undefined,
  flag: string,
  check: (n: number) => boolean,
  rule: string,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || !check(value))
    throw new UsageError(`--${flag} must be ${rule}, got "${raw}"`);
  return value;
}
const positiveInt = (n: number) => Number.isInteger(n) && n >= 1;

function parseExposure(raw: string): CliOptions['exposure'] {
  if (raw === 'none') return { method: 'none' };
  const [method, value] = raw.split(':');
  if (method === 'randomesque')
    return {
      method: 'randomesque',
      k: numberOption(value ?? '', 'exposure randomesque:K', positiveInt, 'a whole number ≥ 1') as number,
    };
  if (method === 'sh')
    return {
      method: 'sh',
      rate: numberOption(value ?? '', 'exposure sh:RATE', (n) => n > 0 && n <= 1, 'in (0, 1]') as number,
    };
  throw new UsageError(`--exposure must be none, randomesque:K or sh:RATE, got "${raw}"`);
}

/** What `--help` prints: every option, its values and its default. */
export const USAGE = `Usage: npm run --silent cat:simulate -- [options]

A CAT simulation study: on a generated item bank, or post hoc on a real bank and its recorded responses.

Study
  --bank N                  items in the generated bank (default 500)
  --examinees N             simulated candidates (default 1000)
  --model 1pl|2pl|3pl       IRT model of the generated bank (default 2pl)
  --seed N                  seed of every random draw (default 1)
  --items FILE              post hoc: the bank as CSV (needs --responses)
  --responses FILE          post hoc: recorded responses as CSV (needs --items)
  --thetas FILE             post hoc: true abilities as CSV, one per examinee
  --blueprint FILE          content blueprint JSON: { "domains": [{ "domain", "weight", "min"?, "max"? }] }

Estimation
  --estimator eap|map|mle   ability estimator (default eap)
  --prior-mean M            prior mean for eap and map (default 0)
  --prior-sd S              prior standard deviation for eap and map, > 0 (default 1)

Exposure control
  --exposure none|randomesque:K|sh:RATE   (default none)

Stopping
  --stop fixed|se|classification          (default fixed, or se when --stop-se is given)
  --length N                fixed test length (default 30)
  --stop-se X               stop once the standard error is at most X
  --min-length N            shortest test for se and classification (default 1)
  --max-length N            longest test for se and classification (default --length)
  --cut THETA               pass mark on the ability scale (needed by classification)
  --confidence C            classification confidence in (0, 1) (default 0.95)

Output
  --json                    one JSON object on stdout instead of a table
  -h, --help                print this help and exit

Bad arguments exit with code 2 and a message on stderr.
`;

/** True when the command line asks for the help text (`--help` or `-h` before any `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/** Parses argv (without node and the script) into options. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed: ReturnType<
    typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: false; strict: true }>
  >;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: false, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  const model = (v.model ?? '2pl') as IrtModel;
  if (!IRT_MODELS.includes(model)) throw new UsageError(`--model must be 1pl, 2pl or 3pl, got "${model}"`);
  if ((v.items === undefined) !== (v.responses === undefined))
    throw new UsageError('--items and --responses go together (post-hoc mode)');
  if (v.thetas !== undefined && v.items === undefined)
    throw new UsageError('--thetas needs --items and --responses');
  const method = v.estimator ?? 'eap';
  const priorMean = numberOption(v['prior-mean'], 'prior-mean', () => true, 'a number') ?? 0;
  const priorSd = numberOption(v['prior-sd'], 'prior-sd', (n) => n > 0, 'a number > 0') ?? 1;
  let estimator: CatConfig['estimator'];
  if (method === 'eap' || method === 'map') estimator = { method, priorMean, priorSd };
  else if (method === 'mle') estimator = { method: 'mle' };
  else throw new UsageError(`--estimator must be eap, map or mle, got "${method}"`);
  const length = numberOption(v.length, 'length', positiveInt, 'a whole number ≥ 1') ?? 30;
  const maxLength = numberOption(v['max-length'], 'max-length', positiveInt, 'a whole number ≥ 1') ?? length;
  const minLength =
    numberOption(
      v['min-length'],
      'min-length',
      (n) => Number.isInteger(n) && n >= 0 && n <= maxLength,
      'a whole number within [0, max-length]',
    ) ?? 1;
  const cutTheta = numberOption(v.cut, 'cut', () => true, 'a number');
  const stopSe = numberOption(v['stop-se'], 'stop-se', (n) => n > 0, 'a number > 0');
  const rule = v.stop ?? (stopSe !== undefined ? 'se' : 'fixed');
  let stopping: StoppingConfig;
  if (rule === 'fixed') stopping = { rule: 'fixed_length', length };
  else if (rule === 'se') {
    if (stopSe === undefined) throw new UsageError('--stop se needs --stop-se X');
    stopping = { rule: 'standard_error', maxSe: stopSe, minLength, maxLength };
  } else if (rule === 'classification') {
    if (cutTheta === undefined) throw new UsageError('--stop classification needs --cut THETA');
    const confidence = numberOption(v.confidence, 'confidence', (n) => n > 0 && n < 1, 'in (0, 1)') ?? 0.95;
    stopping = { rule: 'classification', cutTheta, confidence, minLength, maxLength };
  } else throw new UsageError(`--stop must be fixed, se or classification, got "${rule}"`);
  return {
    bankSize: numberOption(v.bank, 'bank', positiveInt, 'a whole number ≥ 1') ?? 500,
    examinees: numberOption(v.examinees, 'examinees', positiveInt, 'a whole number ≥ 1') ?? 1000,
    seed: numberOption(v.seed, 'seed', Number.isInteger, 'a whole number') ?? 1,
    model,
    json: v.json ?? false,
    itemsFile: v.items,
    responsesFile: v.responses,
    thetasFile: v.thetas,
    blueprintFile: v.blueprint,
    estimator,
    exposure: parseExposure(v.exposure ?? 'none'),
    stopping,
    cutTheta,
  };
}

const OPTIONS = {
  bank: { type: 'string' },
  examinees: { type: 'string' },
  length: { type: 'string' },
  seed: { type: 'string' },
  model: { type: 'string' },
  json: { type: 'boolean' },
  items: { type: 'string' },
  responses: { type: 'string' },
  thetas: { type: 'string' },
  blueprint: { type: 'string' },
  estimator: { type: 'string' },
  'prior-mean': { type: 'string' },
  'prior-sd': { type: 'string' },
  exposure: { type: 'string' },
  stop: { type: 'string' },
  'stop-se': { type: 'string' },
  'max-length': { type: 'string' },
  'min-length': { type: 'string' },
  cut: { type: 'string' },
  confidence: { type: 'string' },
} as const;

/** Blueprint JSON ({ "domains": [{ "domain", "weight", "min"?, "max"? }] }) into validated rows. */
export function parseBlueprint(text: string): BlueprintDomain[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`blueprint: ${(error as Error).message}`);
  }
  const domains = (data as { domains?: unknown })?.domains;
  if (!Array.isArray(domains) || domains.length === 0)
    throw new UsageError('blueprint: needs a non-empty "domains" array');
  return domains.map((row, i) => {
    const { domain, weight, min, max } = (row ?? {}) as Record<string, unknown>;
    if (typeof domain !== 'string' || domain === '')
      throw new UsageError(`blueprint domains[${i}]: "domain" must be a string`);
    if (typeof weight !== 'number' || !(weight >= 0))
      throw new UsageError(`blueprint domains[${i}]: "weight" must be a number ≥ 0`);
    for (const [name, n] of [
      ['min', min],
      ['max', max],
    ] as const)
      if (n !== undefined && !(typeof n === 'number' && Number.isInteger(n) && n >= 0))
        throw new UsageError(`blueprint domains[${i}]: "${name}" must be a whole number ≥ 0`);
    return {
      domain,
      weight,
      ...(min === undefined ? {} : { min: min as number }),
      ...(max === undefined ? {} : { max: max as number }),
    };
  });
}

/** Constraints from blueprint rows: weights normalised; min = ⌊w·minLength⌋, max = ⌈w·maxLength⌉ unless given. */
export function blueprintConstraints(
  rows: readonly BlueprintDomain[],
  stopping: StoppingConfig,
): ContentConstraint[] {
  const total = rows.reduce((sum, r) => sum + r.weight, 0) || 1;
  const maxLength = maxTestLength(stopping);
  const minLength = stopping.rule === 'fixed_length' ? stopping.length : stopping.minLength;
  return rows.map((r) => {
    const weight = r.weight / total;
    return {
      domain: r.domain,
      weight,
      min: r.min ?? Math.floor(weight * minLength),
      max: r.max ?? Math.ceil(weight * maxLength),
    };
  });
}

/** The CatConfig for the options (exposure 'sh' runs as none here; the caller fills in the calibrated K). */
export function configFromOptions(options: CliOptions, content: readonly ContentConstraint[]): CatConfig {
  const exposure: CatConfig['exposure'] =
    options.exposure.method === 'randomesque' ? options.exposure : { method: 'none' };
  const e = options.estimator;
  return {
    start: { theta: e.method === 'mle' ? 0 : e.priorMean },
    estimator: e,
    exposure,
    stopping: options.stopping,
    content,
  };
}
