import { expect } from 'chai';
import fc from 'fast-check';
import type { CatItem } from '../../../server/domain/psychometrics/cat-bank.js';
import type { CatConfig } from '../../../server/domain/psychometrics/cat-config.js';
import { nextCatStep, recordCatResponse, startCat } from '../../../server/domain/psychometrics/cat-engine.js';
import { seededRng } from '../../../server/domain/psychometrics/rng.js';
import {
  type ContentConstraint,
  eligibleDomains,
  minimumsMet,
} from '../../../server/domain/psychometrics/selection/content-balance.js';

/** A feasible blueprint: 1–4 domains with min ≤ max, and a length between Σmin and Σmax. */
const blueprintArb = fc
  .array(
    fc.record({
      min: fc.integer({ min: 0, max: 4 }),
      extra: fc.integer({ min: 0, max: 4 }),
      weight: fc.integer({ min: 1, max: 5 }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .chain((rows) => {
    const constraints: ContentConstraint[] = rows.map((r, g) => ({
      domain: `D${g}`,
      min: r.min,
      max: r.min + r.extra,
      weight: r.weight / rows.reduce((s, x) => s + x.weight, 0),
    }));
    const minSum = constraints.reduce((s, c) => s + c.min, 0);
    const maxSum = constraints.reduce((s, c) => s + c.max, 0);
    return fc.record({
      constraints: fc.constant(constraints),
      length: fc.integer({ min: Math.max(1, minSum), max: Math.max(1, maxSum) }),
      seed: fc.integer(),
      // Each domain gets between its max and max + 6 items, plus an unconstrained domain.
      spare: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: rows.length, maxLength: rows.length }),
    });
  })
  .filter(({ constraints, length }) => constraints.reduce((s, c) => s + c.max, 0) >= length);

function bankFor(
  constraints: readonly ContentConstraint[],
  spare: readonly number[],
  seed: number,
): CatItem[] {
  const rng = seededRng(seed);
  const items: CatItem[] = [];
  const add = (domain: string) =>
    items.push({
      id: `I${items.length}`,
      domain,
      params: { a: 0.5 + 2 * rng.next(), b: 6 * rng.next() - 3, c: 0, d: 1 },
    });
  constraints.forEach((c, g) => {
    for (let i = 0; i < c.max + (spare[g] ?? 0); i++) add(c.domain);
  });
  for (let i = 0; i < 5; i++) add('unconstrained');
  return items;
}

function administerForm(bank: CatItem[], config: CatConfig, seed: number) {
  const rng = seededRng(seed);
  let state = startCat(config);
  for (;;) {
    const step = nextCatStep(bank, config, state, rng);
    if (step.kind === 'stop') return { state, reason: step.reason };
    state = recordCatResponse(bank, config, step.state, step.itemId, rng.next() < 0.5 ? 1 : 0);
  }
}

const base = {
  start: { theta: 0 },
  estimator: { method: 'eap', priorMean: 0, priorSd: 1 },
  exposure: { method: 'randomesque', k: 2 },
} as const;

describe('content balancing', () => {
  it('prefers the domain with the largest deficit weight·(n + 1) − count (Kingsbury & Zara 1989)', () => {
    const constraints = [
      { domain: 'a', min: 0, max: 10, weight: 0.5 },
      { domain: 'b', min: 0, max: 10, weight: 0.3 },
      { domain: 'c', min: 0, max: 10, weight: 0.2 },
    ];
    // n = 4: deficits a 2.5 − 3 = −0.5, b 1.5 − 0 = 1.5, c 1 − 1 = 0.
    expect(eligibleDomains(constraints, { a: 3, c: 1 }, 20)).to.deep.equal(['b', 'c', 'a']);
  });

  it('keeps room for other domains’ unmet minimums and never exceeds a maximum', () => {
    const constraints = [
      { domain: 'a', min: 0, max: 3, weight: 0.9 },
      { domain: 'b', min: 2, max: 5, weight: 0.1 },
    ];
    expect(eligibleDomains(constraints, { a: 1 }, 4)).to.deep.equal(['a', 'b']);
    expect(eligibleDomains(constraints, { a: 2 }, 4)).to.deep.equal(['b']);
    expect(eligibleDomains(constraints, { a: 3 }, 10)).to.deep.equal(['b']);
    expect(eligibleDomains([], {}, 10)).to.equal(undefined);
    expect(minimumsMet(constraints, { a: 3, b: 1 })).to.equal(false);
    expect(minimumsMet(constraints, { b: 2 })).to.equal(true);
  });

  it('never violates min or max on simulated fixed-length forms for any feasible blueprint', () => {
    fc.assert(
      fc.property(blueprintArb, ({ constraints, length, seed, spare }) => {
        const bank = bankFor(constraints, spare, seed);
        const config: CatConfig = {
          ...base,
          stopping: { rule: 'fixed_length', length },
          content: constraints,
        };
        const { state, reason } = administerForm(bank, config, seed);
        expect(reason).to.equal('length');
        expect(state.administered.length).to.equal(length);
        expect(state.domainCounts).to.not.have.property('unconstrained');
        for (const c of constraints) {
          const n = state.domainCounts[c.domain] ?? 0;
          expect(n).to.be.within(c.min, c.max);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('lets a variable-length test stop early only once every minimum is met', () => {
    fc.assert(
      fc.property(blueprintArb, ({ constraints, length, seed, spare }) => {
        const bank = bankFor(constraints, spare, seed);
        const config: CatConfig = {
          ...base,
          stopping: { rule: 'standard_error', maxSe: 0.9, minLength: 0, maxLength: length },
          content: constraints,
        };
        const { state } = administerForm(bank, config, seed);
        for (const c of constraints) expect(state.domainCounts[c.domain] ?? 0).to.be.within(c.min, c.max);
      }),
      { numRuns: 150 },
    );
  });
});
