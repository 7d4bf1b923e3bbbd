/**
 * The configuration of one adaptive test, stage by stage (start, estimator, exposure control, stopping,
 * content), and its validation against a bank. The engine turns each part into its strategy here; a strategy is
 * built once per configuration object (and bank) and remembered, as configurations and banks are read-only.
 */
import type { CatBank } from './cat-bank.js';
import { type Estimator, makeEstimator } from './estimation/index.js';
import { type ExposureControl, maximumInformation } from './exposure/exposure-control.js';
import { randomesque } from './exposure/randomesque.js';
import { sympsonHetter } from './exposure/sympson-hetter.js';
import { type ContentConstraint, contentProblems } from './selection/content-balance.js';
import {
  makeStoppingRule,
  maxTestLength,
  type StoppingConfig,
  type StoppingRule,
  stoppingProblems,
} from './stopping/rules.js';

/** Everything that defines one CAT; see the stage modules for each part's meaning. */
export interface CatConfig {
  readonly start: { readonly theta: number };
  readonly estimator:
    | { readonly method: 'eap'; readonly priorMean: number; readonly priorSd: number }
    | { readonly method: 'map'; readonly priorMean: number; readonly priorSd: number }
    | { readonly method: 'mle' };
  readonly exposure:
    | { readonly method: 'none' }
    | { readonly method: 'randomesque'; readonly k: number }
    | { readonly method: 'sympson_hetter'; readonly parameters: Readonly<Record<string, number>> };
  readonly stopping: StoppingConfig;
  readonly content: readonly ContentConstraint[];
}

/** `build` remembered per configuration object (a memo of a pure function; configurations are read-only). */
function perConfig<T>(build: (config: CatConfig) => T): (config: CatConfig) => T {
  const memo = new WeakMap<CatConfig, T>();
  return (config) => {
    let found = memo.get(config);
    if (found === undefined) {
      found = build(config);
      memo.set(config, found);
    }
    return found;
  };
}

/** The estimator the configuration names (MLE's step-size fallback starts at the start θ). */
export const estimatorFor: (config: CatConfig) => Estimator = perConfig((config) => {
  const e = config.estimator;
  return makeEstimator(e.method === 'mle' ? { method: 'mle', startTheta: config.start.theta } : e);
});

/** The stopping rule the configuration names. */
export const stoppingRuleFor: (config: CatConfig) => StoppingRule = perConfig((config) =>
  makeStoppingRule(config.stopping),
);

const exposureByBank = perConfig(() => new WeakMap<CatBank, ExposureControl>());

/** The exposure control the configuration names, for this bank. */
export function exposureFor(config: CatConfig, bank: CatBank): ExposureControl {
  const memo = exposureByBank(config);
  let found = memo.get(bank);
  if (found === undefined) {
    found = buildExposure(config, bank);
    memo.set(bank, found);
  }
  return found;
}

function buildExposure(config: CatConfig, bank: CatBank): ExposureControl {
  const e = config.exposure;
  switch (e.method) {
    case 'none':
      return maximumInformation;
    case 'randomesque':
      return randomesque(e.k);
    case 'sympson_hetter': {
      // K by bank position, looked up once instead of by item id at every lottery.
      const k = Float64Array.from(bank.items, (item) => e.parameters[item.id] ?? 1);
      return sympsonHetter((i) => k[i] as number);
    }
  }
}

/** Problems with the configuration for this bank, as sentences (empty when it can run). */
export function validateCatConfig(config: CatConfig, bank: CatBank): string[] {
  const problems = [...stoppingProblems(config.stopping)];
  const maxLength = maxTestLength(config.stopping);
  const fills = config.stopping.rule === 'fixed_length';
  problems.push(...contentProblems(config.content, maxLength, fills));
  const e = config.estimator;
  if (e.method !== 'mle' && !(e.priorSd > 0)) problems.push('the prior SD must be > 0');
  if (
    config.exposure.method === 'randomesque' &&
    !(Number.isInteger(config.exposure.k) && config.exposure.k >= 1)
  )
    problems.push('randomesque k must be a whole number ≥ 1');
  if (config.exposure.method === 'sympson_hetter') {
    for (const [id, k] of Object.entries(config.exposure.parameters))
      if (!(k > 0 && k <= 1))
        problems.push(`Sympson–Hetter parameter of "${id}" must lie in (0, 1], got ${k}`);
  }
  const available = config.content.length === 0 ? bank.items.length : 0;
  let usable = available;
  for (const c of config.content) {
    const inBank = bank.items.filter((item) => item.domain === c.domain).length;
    usable += Math.min(inBank, c.max);
    if (inBank < c.min)
      problems.push(`domain "${c.domain}" needs at least ${c.min} items, the bank has ${inBank}`);
  }
  if (fills && usable < maxLength)
    problems.push(`the bank can supply ${usable} eligible items, fewer than ${maxLength}`);
  return problems;
}
