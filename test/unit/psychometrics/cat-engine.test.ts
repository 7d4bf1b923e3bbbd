import { expect } from 'chai';
import { prepareCatBank } from '../../../server/domain/psychometrics/cat-bank.js';
import { type CatConfig, validateCatConfig } from '../../../server/domain/psychometrics/cat-config.js';
import {
  type CatState,
  nextCatStep,
  recordCatResponse,
  startCat,
} from '../../../server/domain/psychometrics/cat-engine.js';
import { seededRng } from '../../../server/domain/psychometrics/rng.js';
import { generateBank } from '../../../server/domain/psychometrics/simulation.js';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const config: CatConfig = deepFreeze({
  start: { theta: 0 },
  estimator: { method: 'eap', priorMean: 0, priorSd: 1 },
  exposure: { method: 'randomesque', k: 3 },
  stopping: { rule: 'fixed_length', length: 12 },
  content: [
    { domain: 'net', min: 4, max: 8, weight: 0.5 },
    { domain: 'sec', min: 4, max: 8, weight: 0.5 },
  ],
});

function run(
  items: ReturnType<typeof generateBank>,
  cfg: CatConfig,
  seed: number,
): { state: CatState; reason: string } {
  const rng = seededRng(seed);
  let state = startCat(cfg);
  for (;;) {
    const step = nextCatStep(items, cfg, state, rng);
    if (step.kind === 'stop') return { state, reason: step.reason };
    state = recordCatResponse(items, cfg, step.state, step.itemId, rng.next() < 0.6 ? 1 : 0);
  }
}

describe('cat engine', () => {
  const items = deepFreeze(
    generateBank(seededRng(1), {
      size: 80,
      model: '2pl',
      domains: [
        { domain: 'net', weight: 0.5 },
        { domain: 'sec', weight: 0.5 },
      ],
    }),
  );

  it('runs a test to its length without mutating the bank, the config or any state', () => {
    const snapshot = JSON.stringify({ items, config });
    const { state, reason } = run(items, config, 7);
    expect(reason).to.equal('length');
    expect(state.administered).to.have.length(12);
    expect(new Set(state.administered.map((r) => r.itemId)).size).to.equal(12);
    expect(JSON.stringify({ items, config })).to.equal(snapshot);
  });

  it('leaves the state it was given as it was', () => {
    const start = deepFreeze(startCat(config));
    const step = nextCatStep(items, config, start, seededRng(3));
    if (step.kind !== 'administer') throw new Error('expected an item');
    const after = deepFreeze(recordCatResponse(items, config, step.state, step.itemId, 1));
    expect(start.administered).to.deep.equal([]);
    expect(after.administered).to.deep.equal([{ itemId: step.itemId, score: 1 }]);
    expect(after.theta).to.be.greaterThan(start.theta);
    expect(after.se).to.be.lessThan(start.se);
  });

  it('replays exactly from the same seed', () => {
    expect(run(items, config, 11).state).to.deep.equal(run(items, config, 11).state);
  });

  it('stops with bank_exhausted when no eligible item is left', () => {
    const tiny = generateBank(seededRng(2), { size: 3, model: '1pl' });
    const cfg: CatConfig = { ...config, content: [], stopping: { rule: 'fixed_length', length: 5 } };
    const { state, reason } = run(tiny, cfg, 1);
    expect(reason).to.equal('bank_exhausted');
    expect(state.administered).to.have.length(3);
  });

  it('records set-aside items under Sympson–Hetter and never offers them again', () => {
    const parameters = Object.fromEntries(items.map((item, i) => [item.id, i % 2 === 0 ? 0.2 : 1]));
    const cfg: CatConfig = { ...config, exposure: { method: 'sympson_hetter', parameters } };
    const { state } = run(items, cfg, 5);
    expect(state.setAside.length).to.be.greaterThan(0);
    const given = new Set(state.administered.map((r) => r.itemId));
    for (const id of state.setAside) expect(given.has(id)).to.equal(false);
  });

  it('rejects unknown, repeated or out-of-range responses', () => {
    const state = recordCatResponse(items, config, startCat(config), 'I0001', 1);
    expect(() => recordCatResponse(items, config, state, 'I0001', 0)).to.throw(RangeError);
    expect(() => recordCatResponse(items, config, state, 'nope', 0)).to.throw(RangeError);
    expect(() => recordCatResponse(items, config, state, 'I0002', 1.5)).to.throw(RangeError);
  });

  it('explains configurations that cannot run', () => {
    expect(validateCatConfig(config, prepareCatBank(items))).to.deep.equal([]);
    const problems = validateCatConfig(
      {
        ...config,
        stopping: { rule: 'fixed_length', length: 10 },
        content: [
          { domain: 'net', min: 7, max: 8, weight: 0.5 },
          { domain: 'sec', min: 7, max: 8, weight: 0.5 },
          { domain: 'ops', min: 1, max: 2, weight: 0.1 },
        ],
      },
      prepareCatBank(items),
    );
    expect(problems.join('\n')).to.match(/minimums sum to 15, above the maximum length 10/);
    expect(problems.join('\n')).to.match(/"ops" needs at least 1 items, the bank has 0/);
  });
});
