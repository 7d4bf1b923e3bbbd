/**
 * CAT step benchmark: milliseconds per select-and-estimate step (one nextCatStep + recordCatResponse) for
 * generated 2PL banks of 500, 5,000 and 50,000 items, with the indexed branch-and-bound search and, in the same
 * run, an exhaustive scan (information of every eligible item at every step) as the baseline; plus the one-off
 * index build time per bank size. EAP N(0, 1), randomesque k = 5, fixed length 30, θ ~ N(0, 1), seeded.
 *
 *   npm run bench:cat
 *   npm run bench:cat -- --json --examinees 300 --seed 1
 *
 * With --json the last stdout line is one JSON object of the figures.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { prepareCatBank } from '../../server/domain/psychometrics/cat-bank.js';
import type { CatConfig } from '../../server/domain/psychometrics/cat-config.js';
import { normal, seededRng } from '../../server/domain/psychometrics/rng.js';
import { exhaustiveTopItems } from '../../server/domain/psychometrics/selection/max-information.js';
import { generateBank, runSimulationStudy } from '../../server/domain/psychometrics/simulation.js';

const SIZES = [500, 5_000, 50_000];
/** The exhaustive baseline at 50,000 items costs ~15 ms a step, so it runs on fewer examinees there. */
const BASELINE_EXAMINEES: Record<number, number> = { 500: 300, 5000: 100, 50000: 20 };

const { values } = parseArgs({
  options: { json: { type: 'boolean' }, examinees: { type: 'string' }, seed: { type: 'string' } },
});
const examinees = Number(values.examinees ?? 300);
const seed = Number(values.seed ?? 1);
if (!Number.isInteger(examinees) || examinees < 1 || !Number.isInteger(seed)) {
  process.stderr.write('bench:cat: --examinees must be a whole number ≥ 1 and --seed a whole number\n');
  process.exit(2);
}

const config: CatConfig = {
  start: { theta: 0 },
  estimator: { method: 'eap', priorMean: 0, priorSd: 1 },
  exposure: { method: 'randomesque', k: 5 },
  stopping: { rule: 'fixed_length', length: 30 },
  content: [],
};
const timer = () => performance.now();
const round = (x: number, digits = 4) => Number(x.toFixed(digits));

const figures = SIZES.map((size) => {
  const rng = seededRng(seed + size);
  const items = generateBank(rng, { size, model: '2pl' });
  const buildStarted = timer();
  const bank = prepareCatBank(items);
  const indexBuildMs = timer() - buildStarted;
  const thetas = Array.from({ length: examinees }, () => normal(rng));
  const indexed = runSimulationStudy({ bank, config, thetas, rng: seededRng(seed), timer });
  const baselineThetas = thetas.slice(0, Math.min(examinees, BASELINE_EXAMINEES[size] ?? examinees));
  const exhaustive = runSimulationStudy({
    bank: { ...bank, search: exhaustiveTopItems },
    config,
    thetas: baselineThetas,
    rng: seededRng(seed),
    timer,
  });
  return {
    items: size,
    indexBuildMs: round(indexBuildMs, 1),
    indexed: {
      examinees,
      msPerStepMean: round(indexed.msPerItemMean),
      msPerStepP99: round(indexed.msPerItemP99),
    },
    exhaustive: {
      examinees: baselineThetas.length,
      msPerStepMean: round(exhaustive.msPerItemMean),
      msPerStepP99: round(exhaustive.msPerItemP99),
    },
    speedUpMean: round(exhaustive.msPerItemMean / indexed.msPerItemMean, 1),
  };
});

process.stdout.write('items    build ms   indexed mean / p99 ms   exhaustive mean / p99 ms   speed-up\n');
for (const f of figures)
  process.stdout.write(
    `${String(f.items).padEnd(8)} ${String(f.indexBuildMs).padStart(8)}   ${`${f.indexed.msPerStepMean} / ${f.indexed.msPerStepP99}`.padEnd(23)} ${`${f.exhaustive.msPerStepMean} / ${f.exhaustive.msPerStepP99}`.padEnd(26)} ${f.speedUpMean}×\n`,
  );
if (values.json)
  process.stdout.write(
    `${JSON.stringify({ seed, length: 30, estimator: 'eap', exposure: 'randomesque:5', figures })}\n`,
  );
