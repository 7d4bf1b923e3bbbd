/**
 * CAT simulation study from the command line.
 *
 *   npm run --silent cat:simulate -- --bank 500 --examinees 1000 --length 30 --seed 7 --model 2pl --json
 *   npm run --silent cat:simulate -- --items bank.csv --responses responses.csv [--thetas thetas.csv] --json
 *
 * Other options: --stop fixed|se|classification, --stop-se X, --min-length N, --max-length N, --cut THETA,
 * --confidence C, --estimator eap|map|mle, --prior-mean M, --prior-sd S, --exposure none|randomesque:K|sh:RATE,
 * --blueprint FILE (`--help` lists them all). With --json the only stdout line is one JSON object; bad arguments exit with code 2.
 */
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { prepareCatBank } from '../server/domain/psychometrics/cat-bank.js';
import { type CatConfig, validateCatConfig } from '../server/domain/psychometrics/cat-config.js';
import {
  computeSympsonHetterParameters,
  operationalExposurePlan,
} from '../server/domain/psychometrics/exposure/sympson-hetter-calibration.js';
import { normal, seededRng } from '../server/domain/psychometrics/rng.js';
import { generateBank, runSimulationStudy } from '../server/domain/psychometrics/simulation.js';
import {
  blueprintConstraints,
  configFromOptions,
  parseBlueprint,
  parseCliArgs,
  USAGE,
  wantsHelp,
} from './cat-simulate/args.js';
import { parseBankCsv, parseResponsesCsv, parseThetasCsv } from './cat-simulate/csv.js';
import { UsageError } from './cat-simulate/usage-error.js';

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
}

function main(argv: readonly string[]): void {
  if (wantsHelp(argv)) {
    process.stdout.write(USAGE);
    return;
  }
  const options = parseCliArgs(argv);
  const rng = seededRng(options.seed);
  const blueprint =
    options.blueprintFile === undefined ? undefined : parseBlueprint(readText(options.blueprintFile));
  const content = blueprint === undefined ? [] : blueprintConstraints(blueprint, options.stopping);
  const postHoc = options.itemsFile !== undefined;
  const items = postHoc
    ? parseBankCsv(readText(options.itemsFile as string), options.itemsFile)
    : generateBank(rng, { size: options.bankSize, model: options.model, domains: blueprint });
  const responses = postHoc
    ? parseResponsesCsv(readText(options.responsesFile as string), items.length, options.responsesFile)
    : undefined;
  const examinees = responses?.length ?? options.examinees;
  const thetas = options.thetasFile
    ? parseThetasCsv(readText(options.thetasFile), examinees, options.thetasFile)
    : postHoc
      ? undefined
      : Array.from({ length: examinees }, () => normal(rng));
  const bank = prepareCatBank(items);
  let config: CatConfig = configFromOptions(options, content);
  const problems = validateCatConfig(config, bank);
  if (problems.length > 0) throw new UsageError(`the configuration cannot run:\n  ${problems.join('\n  ')}`);
  if (options.exposure.method === 'sh') {
    // Calibrate on simulees separate from the study's examinees (θ ~ N(0, 1), three times as many).
    const plan = operationalExposurePlan(options.exposure.rate, examinees);
    const calibrationThetas = Array.from({ length: plan.calibrationSimulees }, () => normal(rng));
    const parameters = computeSympsonHetterParameters({
      bank,
      config,
      thetas: calibrationThetas,
      targetRate: options.exposure.rate,
      iterations: 10,
      safetyMargin: plan.safetyMargin,
      rng,
    });
    config = { ...config, exposure: { method: 'sympson_hetter', parameters } };
  }
  const cutTheta = options.cutTheta;
  const result = runSimulationStudy({
    bank,
    config,
    thetas,
    responses,
    cutTheta,
    rng,
    timer: () => performance.now(),
  });
  const report = {
    mode: postHoc ? 'post-hoc' : 'generated',
    bankSize: items.length,
    model: postHoc ? undefined : options.model,
    estimator: config.estimator.method,
    exposure: options.exposure.method,
    stopping: config.stopping.rule,
    ...result,
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return;
  }
  const rows = Object.entries(report).filter(([, value]) => value !== undefined);
  const width = Math.max(...rows.map(([key]) => key.length));
  for (const [key, value] of rows)
    process.stdout.write(
      `${key.padEnd(width)}  ${typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(4) : String(value)}\n`,
    );
}

try {
  main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`cat-simulate: ${error.message}\n`);
    process.exit(2);
  }
  throw error;
}
