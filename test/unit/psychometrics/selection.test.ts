import { expect } from 'chai';
import fc from 'fast-check';
import { information } from '../../../server/domain/psychometrics/irt.js';
import { informationPeak, prepareBank } from '../../../server/domain/psychometrics/selection/bank-index.js';
import {
  exhaustiveTopItems,
  indexedTopItems,
} from '../../../server/domain/psychometrics/selection/max-information.js';

const itemArb = fc.record({
  a: fc.double({ min: 0.4, max: 2.5, noNaN: true }),
  b: fc.double({ min: -3.5, max: 3.5, noNaN: true }),
  c: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.35, noNaN: true })),
  d: fc.constant(1),
});

describe('selection', () => {
  it('locates each item’s information peak (b for the 2PL, Birnbaum’s θmax for the 3PL)', () => {
    fc.assert(
      fc.property(itemArb, (item) => {
        const peak = informationPeak(item);
        return (
          information(peak, item) >= information(peak + 1e-3, item) &&
          information(peak, item) >= information(peak - 1e-3, item)
        );
      }),
    );
  });

  it('returns the same top-k items as an exhaustive scan, for any θ, exclusions and domains', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(itemArb, fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 120 }),
        fc.double({ min: -6, max: 6, noNaN: true }),
        fc.integer({ min: 1, max: 6 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 119 }), { maxLength: 40 }),
        fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1 }), { nil: undefined }),
        (rows, theta, count, excludedList, domainsRaw) => {
          const index = prepareBank(
            rows.map(([item]) => item),
            rows.map(([, g]) => g),
            { gridStep: 0.25 },
          );
          const domainCount = index.domainStart.length - 1;
          const domains = domainsRaw?.filter((g) => g < domainCount);
          const query = { theta, count, domains, excluded: new Set(excludedList) };
          const fast = indexedTopItems(index, query).map((r) => r.information);
          const slow = exhaustiveTopItems(index, query).map((r) => r.information);
          expect(fast.length).to.equal(slow.length);
          for (const [i, value] of fast.entries()) expect(value).to.be.closeTo(slow[i] as number, 1e-12);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds the exact best item of a 5,000-item bank at many θ', () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({
      a: 0.5 + ((i * 7919) % 200) / 100,
      b: -3 + ((i * 104729) % 6000) / 1000,
      c: i % 3 === 0 ? 0.2 : 0,
      d: 1,
    }));
    const index = prepareBank(items);
    for (let theta = -4.5; theta <= 4.5; theta += 0.173) {
      const query = { theta, count: 1, excluded: new Set([0, 1, 2]) };
      const [best] = indexedTopItems(index, query);
      const [truth] = exhaustiveTopItems(index, query);
      expect(best?.information).to.equal(truth?.information);
    }
  });

  it('returns nothing when every item is excluded', () => {
    const index = prepareBank([{ a: 1, b: 0, c: 0, d: 1 }]);
    expect(indexedTopItems(index, { theta: 0, count: 3, excluded: new Set([0]) })).to.deep.equal([]);
  });
});
