import { expect } from 'chai';
import {
  type AdaptiveProgress,
  nextAdaptiveItem,
  type PretestSlot,
  recordAdaptiveAnswer,
  startAdaptive,
  stepRng,
  withUnreachedAsWrong,
} from '../../../server/domain/assessment/adaptive-attempt.js';
import { type CatBank, prepareCatBank } from '../../../server/domain/psychometrics/cat-bank.js';
import type { CatConfig } from '../../../server/domain/psychometrics/cat-config.js';
import { probability } from '../../../server/domain/psychometrics/irt.js';
import { seededRng } from '../../../server/domain/psychometrics/rng.js';
import { generateBank } from '../../../server/domain/psychometrics/simulation.js';

const ITEMS = generateBank(seededRng(5), {
  size: 90,
  model: '2pl',
  domains: [
    { domain: 'net', weight: 0.5 },
    { domain: 'sec', weight: 0.5 },
  ],
});
const BANK: CatBank = prepareCatBank(ITEMS);
const PARAMS = new Map(ITEMS.map((item) => [item.id, item.params]));
const PRETEST_IDS = ['P1', 'P2', 'P3'];

const CONFIG: CatConfig = {
  start: { theta: 0 },
  estimator: { method: 'eap', priorMean: 0, priorSd: 1 },
  exposure: { method: 'randomesque', k: 4 },
  stopping: { rule: 'fixed_length', length: 12 },
  content: [
    { domain: 'net', min: 4, max: 8, weight: 0.5 },
    { domain: 'sec', min: 4, max: 8, weight: 0.5 },
  ],
};

/** A simulated candidate of ability θ: item i's answer is fixed by θ and a draw seeded by the item. */
function candidate(theta: number) {
  return (itemId: string) => {
    const params = PARAMS.get(itemId);
    if (!params) return itemId.length % 2; // pretest items: anything
    const draw = seededRng(Number.parseInt(itemId.slice(1), 10) * 7919).next();
    return draw < probability(theta, params) ? 1 : 0;
  };
}

interface Served {
  readonly itemId: string;
  readonly scored: boolean;
  readonly thetaAfter: number;
}

/** Runs an attempt to its end (or `steps` answers), as the server does: serve, answer, record. */
function run(
  seed: number,
  answer: (itemId: string) => number,
  pretest: readonly PretestSlot[] = [],
  from: AdaptiveProgress = startAdaptive(CONFIG),
  steps = Number.POSITIVE_INFINITY,
): { served: Served[]; progress: AdaptiveProgress; finished: boolean } {
  const served: Served[] = [];
  let progress = from;
  while (served.length < steps) {
    const next = nextAdaptiveItem(BANK, CONFIG, pretest, progress, seed);
    if (next.kind === 'finished') return { served, progress, finished: true };
    progress = recordAdaptiveAnswer(
      BANK,
      CONFIG,
      next.progress,
      next.itemId,
      next.scored,
      answer(next.itemId),
    );
    served.push({ itemId: next.itemId, scored: next.scored, thetaAfter: progress.cat.theta });
  }
  return { served, progress, finished: false };
}

/** The progress as the database gives it back: JSON, where an infinite SE is stored as null. */
const throughStorage = (progress: AdaptiveProgress): AdaptiveProgress => {
  const stored = JSON.parse(JSON.stringify(progress)) as AdaptiveProgress;
  return { ...stored, cat: { ...stored.cat, se: stored.cat.se ?? Number.POSITIVE_INFINITY } };
};

describe('adaptive attempt', () => {
  describe('the random stream of a step', () => {
    it('is the same for the same seed and step, on any call', () => {
      const draws = (seed: number, step: number) => {
        const rng = stepRng(seed, step);
        return [rng.next(), rng.next(), rng.next()];
      };
      expect(draws(123, 4)).to.deep.equal(draws(123, 4));
      expect(draws(123, 4)).to.not.deep.equal(draws(123, 5));
      expect(draws(123, 4)).to.not.deep.equal(draws(124, 4));
    });
  });

  it('serves the same item for the same seed and step', () => {
    const progress = run(77, candidate(0.3), [], startAdaptive(CONFIG), 5).progress;
    const first = nextAdaptiveItem(BANK, CONFIG, [], progress, 77);
    const again = nextAdaptiveItem(BANK, CONFIG, [], throughStorage(progress), 77);
    expect(first.kind).to.equal('item');
    expect(again).to.deep.equal(first);
  });

  it('gives different candidates (seeds) different paths through the bank', () => {
    const paths = [1, 2, 3, 4].map((seed) =>
      run(seed, candidate(0))
        .served.map((s) => s.itemId)
        .join(),
    );
    expect(new Set(paths).size).to.be.greaterThan(1);
  });

  it('runs to the planned length, never repeating an item, within the content bounds', () => {
    const { served, progress, finished } = run(9, candidate(0.5));
    expect(finished).to.equal(true);
    expect(served).to.have.length(12);
    expect(new Set(served.map((s) => s.itemId)).size).to.equal(12);
    expect(progress.cat.domainCounts.net).to.be.within(4, 8);
    expect(progress.cat.domainCounts.sec).to.be.within(4, 8);
    expect(nextAdaptiveItem(BANK, CONFIG, [], progress, 9)).to.deep.equal({
      kind: 'finished',
      reason: 'length',
    });
  });

  it('continues a resumed attempt exactly as an uninterrupted one, at every step', () => {
    const seed = 31337;
    const answer = candidate(-0.4);
    const pretest = [{ afterScored: 3, itemId: 'P1' }];
    const whole = run(seed, answer, pretest);
    for (let cut = 0; cut <= whole.served.length; cut++) {
      const before = run(seed, answer, pretest, startAdaptive(CONFIG), cut);
      const after = run(seed, answer, pretest, throughStorage(before.progress));
      expect([...before.served, ...after.served], `resumed after ${cut} answers`).to.deep.equal(whole.served);
      expect(after.progress).to.deep.equal(whole.progress);
    }
  });

  it('keeps the start state and every input unchanged', () => {
    const start = startAdaptive(CONFIG);
    const snapshot = JSON.stringify(start);
    const next = nextAdaptiveItem(BANK, CONFIG, [], start, 1);
    if (next.kind !== 'item') throw new Error('expected an item');
    recordAdaptiveAnswer(BANK, CONFIG, next.progress, next.itemId, true, 1);
    expect(JSON.stringify(start)).to.equal(snapshot);
  });

  describe('an attempt ended before its shortest length', () => {
    it('counts every question not reached as wrong, on the items the engine would have asked', () => {
      const early = run(808, () => 1, [], startAdaptive(CONFIG), 3).progress;
      expect(early.cat.theta).to.be.above(0.5);
      const final = withUnreachedAsWrong(BANK, CONFIG, early, 808, 12);
      expect(final.administered).to.have.length(12);
      expect(final.administered.slice(0, 3)).to.deep.equal(early.cat.administered);
      expect(final.administered.slice(3).every((r) => r.score === 0)).to.equal(true);
      expect(final.theta).to.be.below(0);
      // Exactly the path an uninterrupted attempt answering the rest wrong takes.
      const wrongToTheEnd = run(808, (id) => (early.cat.administered.some((r) => r.itemId === id) ? 1 : 0));
      expect(final).to.deep.equal(wrongToTheEnd.progress.cat);
    });

    it('fails an attempt with no answer at all, which would otherwise sit at the start θ', () => {
      const final = withUnreachedAsWrong(BANK, CONFIG, startAdaptive(CONFIG), 5, 12);
      expect(final.administered).to.have.length(12);
      expect(final.theta).to.be.below(-1);
    });

    it('changes nothing once the shortest length is reached', () => {
      const { progress } = run(21, candidate(0.4));
      expect(withUnreachedAsWrong(BANK, CONFIG, progress, 21, 12)).to.equal(progress.cat);
    });
  });

  describe('pretest items', () => {
    const plan: PretestSlot[] = [
      { afterScored: 2, itemId: 'P1' },
      { afterScored: 5, itemId: 'P2' },
      { afterScored: 9, itemId: 'P3' },
    ];

    it('appear once each, right after the planned number of scored items, unscored', () => {
      const { served } = run(4242, candidate(0.2), plan);
      const positions = served.flatMap((s, i) => (PRETEST_IDS.includes(s.itemId) ? [i] : []));
      const scoredBefore = (i: number) => served.slice(0, i).filter((s) => s.scored).length;
      expect(positions.map((i) => served[i]?.itemId)).to.deep.equal(['P1', 'P2', 'P3']);
      expect(positions.map(scoredBefore)).to.deep.equal([2, 5, 9]);
      expect(positions.every((i) => served[i]?.scored === false)).to.equal(true);
      expect(served.filter((s) => s.scored)).to.have.length(12);
      expect(served).to.have.length(15);
    });

    it('do not move θ, and leave the scored items and estimates exactly as without them', () => {
      const answer = candidate(0.8);
      const withPretest = run(55, answer, plan);
      const without = run(55, answer);
      withPretest.served.forEach((s, i) => {
        if (!s.scored)
          expect(s.thetaAfter, `θ after ${s.itemId}`).to.equal(withPretest.served[i - 1]?.thetaAfter);
      });
      expect(withPretest.served.filter((s) => s.scored)).to.deep.equal(without.served);
      expect(withPretest.progress.cat).to.deep.equal(without.progress.cat);
      expect(withPretest.progress.pretestShown).to.equal(3);
    });

    it('score nothing the engine sees, right or wrong', () => {
      const step = nextAdaptiveItem(
        BANK,
        CONFIG,
        [{ afterScored: 0, itemId: 'P1' }],
        startAdaptive(CONFIG),
        1,
      );
      if (step.kind !== 'item') throw new Error('expected an item');
      expect(step).to.deep.include({ itemId: 'P1', scored: false });
      expect(recordAdaptiveAnswer(BANK, CONFIG, step.progress, 'P1', false, 1)).to.equal(step.progress);
      expect(recordAdaptiveAnswer(BANK, CONFIG, step.progress, 'P1', false, 0)).to.equal(step.progress);
    });
  });
});
