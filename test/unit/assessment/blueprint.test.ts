import { expect } from 'chai';
import fc from 'fast-check';
import { type Blueprint, domainBounds } from '../../../server/domain/assessment/blueprint.js';
import { type BankItemSummary, checkBlueprint } from '../../../server/domain/assessment/feasibility.js';
import {
  adaptivePretestPositions,
  assembleFixedForm,
  assembleLinearForm,
} from '../../../server/domain/assessment/forms.js';
import { seededRng } from '../../../server/domain/psychometrics/rng.js';

const DOMAINS = [
  { domain: 'networking', title: 'Networking', weight: 0.3 },
  { domain: 'security', title: 'Security', weight: 0.3 },
  { domain: 'storage', title: 'Storage', weight: 0.2 },
  { domain: 'operations', title: 'Operations', weight: 0.2 },
];

function linear(length: number, overrides: Partial<Blueprint> = {}): Blueprint {
  return {
    timeLimitMin: 60,
    domains: DOMAINS,
    delivery: { mode: 'linear', length, shuffleOptions: true },
    scoring: { method: 'percent', passPercent: 70 },
    pretestCount: 0,
    ...overrides,
  };
}

function bank(perDomain: Record<string, number>, pretest = 0): BankItemSummary[] {
  const items: BankItemSummary[] = [];
  for (const [domain, n] of Object.entries(perDomain)) {
    for (let i = 0; i < n; i++)
      items.push({ itemId: `${domain}-${i}`, domain, pretest: false, calibrated: true });
  }
  for (let i = 0; i < pretest; i++)
    items.push({ itemId: `pre-${i}`, domain: 'networking', pretest: true, calibrated: false });
  return items;
}

describe('blueprint', () => {
  it('turns weights into floor/ceil bounds of the form length', () => {
    expect(domainBounds(linear(25)).map((b) => [b.domain, b.min, b.max])).to.deep.equal([
      ['networking', 7, 8],
      ['security', 7, 8],
      ['storage', 5, 5],
      ['operations', 5, 5],
    ]);
  });

  it('names the domain that is short and by how much', () => {
    const report = checkBlueprint(
      linear(40),
      bank({ networking: 7, security: 20, storage: 20, operations: 20 }),
    );
    expect(report.feasible).to.equal(false);
    expect(report.problems.map((p) => p.message)).to.include(
      'domain Networking needs 12 active items, has 7',
    );
  });

  it('accepts a bank that can fill the form, and warns when an adaptive bank is thin', () => {
    expect(
      checkBlueprint(linear(20), bank({ networking: 6, security: 6, storage: 4, operations: 4 })).feasible,
    ).to.equal(true);
    const adaptive: Blueprint = {
      ...linear(0),
      scoring: { method: 'theta', cutTheta: 0 },
      delivery: {
        mode: 'adaptive',
        startTheta: 0,
        estimator: { method: 'eap', priorMean: 0, priorSd: 1 },
        exposure: { method: 'randomesque', k: 5 },
        stopping: { rule: 'fixed_length', length: 20 },
        shuffleOptions: true,
      },
    };
    const report = checkBlueprint(
      adaptive,
      bank({ networking: 10, security: 30, storage: 30, operations: 30 }),
    );
    expect(report.feasible).to.equal(true);
    expect(report.warnings.map((w) => w.message).join()).to.match(
      /Networking has 10 active calibrated items for up to 6/,
    );
  });

  it('refuses mixed weights and counts, and pretest counts the bank cannot supply', () => {
    const mixed = linear(10, {
      domains: [DOMAINS[0]!, { domain: 'security', title: 'Security', minCount: 2 }],
    });
    expect(
      checkBlueprint(mixed, bank({ networking: 20, security: 20 })).problems.map((p) => p.message),
    ).to.include('give every domain a weight, or none');
    const pretest = linear(20, { pretestCount: 5 });
    const report = checkBlueprint(
      pretest,
      bank({ networking: 10, security: 10, storage: 10, operations: 10 }, 2),
    );
    expect(report.problems.map((p) => p.message)).to.include(
      'the exam seeds 5 pretest items, the bank has 2 active pretest items',
    );
  });

  it('counts only calibrated items for a linear form scored on theta, as the form assembler does', () => {
    const theta = linear(12, { scoring: { method: 'theta', cutTheta: 0 } });
    const twoCalibrated = bank({ networking: 10, security: 10, storage: 10, operations: 10 }).map((item) => ({
      ...item,
      calibrated: item.itemId.endsWith('-0') || item.itemId.endsWith('-1'),
    }));
    const report = checkBlueprint(theta, twoCalibrated);
    expect(report.problems.map((p) => p.message)).to.include(
      'domain Networking needs 3 active calibrated items, has 2',
    );
    expect(assembleLinearForm(theta, twoCalibrated, seededRng(1))).to.equal(undefined);
    const percent = linear(12);
    expect(checkBlueprint(percent, twoCalibrated).feasible).to.equal(true);
    expect(assembleLinearForm(percent, twoCalibrated, seededRng(1))).to.have.length(12);
  });

  it('checks a fixed form item by item', () => {
    const fixed = linear(0, {
      domains: [{ domain: 'networking', title: 'Networking', minCount: 2, maxCount: 2 }],
      delivery: {
        mode: 'fixed',
        itemIds: ['networking-0', 'nope', 'networking-0'],
        shuffleItems: false,
        shuffleOptions: false,
      },
    });
    const messages = checkBlueprint(fixed, bank({ networking: 3 })).problems.map((p) => p.message);
    expect(messages).to.include('item nope is not an active item of the bank');
    expect(messages).to.include('an item is listed twice');
  });

  it('never draws a linear form that breaks the blueprint (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 4, max: 60 }),
        fc.array(fc.integer({ min: 1, max: 10 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 3 }),
        (seed, length, weights, pretestCount) => {
          const domains = weights.map((w, i) => ({ domain: `d${i}`, title: `D${i}`, weight: w }));
          const blueprint = linear(length, { domains, pretestCount });
          const items = bank(Object.fromEntries(domains.map((d) => [d.domain, length])), 5);
          const form = assembleLinearForm(blueprint, items, seededRng(seed));
          expect(form, 'a feasible blueprint yields a form').to.not.equal(undefined);
          const scored = form!.filter((slot) => slot.scored);
          expect(scored).to.have.length(length);
          expect(form!.filter((slot) => !slot.scored)).to.have.length(pretestCount);
          expect(new Set(form!.map((slot) => slot.itemId)).size).to.equal(form!.length);
          for (const b of domainBounds(blueprint)) {
            const count = scored.filter((slot) => slot.domain === b.domain).length;
            expect(count).to.be.within(b.min, b.max);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('draws a different form per candidate and the same form for the same seed', () => {
    const blueprint = linear(20);
    const items = bank({ networking: 30, security: 30, storage: 30, operations: 30 });
    const a = assembleLinearForm(blueprint, items, seededRng(1))!.map((s) => s.itemId);
    const b = assembleLinearForm(blueprint, items, seededRng(2))!.map((s) => s.itemId);
    expect(assembleLinearForm(blueprint, items, seededRng(1))!.map((s) => s.itemId)).to.deep.equal(a);
    expect(b).to.not.deep.equal(a);
  });

  it('keeps a fixed form in order unless told to shuffle', () => {
    const itemIds = ['networking-0', 'networking-1', 'networking-2', 'networking-3', 'networking-4'];
    const base = linear(0, { domains: [{ domain: 'networking', title: 'Networking' }] });
    const inOrder = assembleFixedForm(
      { ...base, delivery: { mode: 'fixed', itemIds, shuffleItems: false, shuffleOptions: false } },
      bank({ networking: 5 }),
      seededRng(3),
    );
    expect(inOrder!.map((s) => s.itemId)).to.deep.equal(itemIds);
    const shuffledForm = assembleFixedForm(
      { ...base, delivery: { mode: 'fixed', itemIds, shuffleItems: true, shuffleOptions: false } },
      bank({ networking: 5 }),
      seededRng(3),
    );
    expect(shuffledForm!.map((s) => s.itemId))
      .to.have.members(itemIds)
      .and.not.deep.equal(itemIds);
  });
});

describe('adaptive pretest seeding', () => {
  it('hides pretest items at distinct positions after the first scored item, within the shortest exam', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 2, max: 40 }),
        (seed, count, length) => {
          const positions = adaptivePretestPositions(count, length, seededRng(seed));
          if (count > length - 1) {
            expect(positions).to.equal(undefined);
            return;
          }
          expect(positions).to.have.length(count);
          expect(new Set(positions).size).to.equal(count);
          for (const p of positions!) expect(p).to.be.within(1, length - 1);
          expect(positions).to.deep.equal([...positions!].sort((a, b) => a - b));
        },
      ),
    );
  });
});
