import { expect } from 'chai';
import type { CandidateSource } from '../../../server/domain/psychometrics/exposure/exposure-control.js';
import { maximumInformation } from '../../../server/domain/psychometrics/exposure/exposure-control.js';
import { randomesque } from '../../../server/domain/psychometrics/exposure/randomesque.js';
import { sympsonHetter } from '../../../server/domain/psychometrics/exposure/sympson-hetter.js';
import { computeSympsonHetterParameters } from '../../../server/domain/psychometrics/exposure/sympson-hetter-calibration.js';
import { normal, seededRng } from '../../../server/domain/psychometrics/rng.js';
import { generateBank } from '../../../server/domain/psychometrics/simulation.js';

/** Items 0…n−1 ranked by information n, n − 1, …, 1 (item 0 best). */
function ranking(n: number): CandidateSource {
  return (count, skip) =>
    Array.from({ length: n }, (_, item) => ({ item, information: n - item }))
      .filter((r) => !skip.has(r.item))
      .slice(0, count);
}

describe('exposure control', () => {
  it('without control administers the most informative item', () => {
    expect(maximumInformation(ranking(10), seededRng(1))).to.deep.equal({ item: 0, setAside: [] });
  });

  it('randomesque draws uniformly among the k most informative items and never beyond them', () => {
    const rng = seededRng(2);
    const control = randomesque(4);
    const counts = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 8000; i++) {
      const { item } = control(ranking(6), rng);
      counts[item as number] = (counts[item as number] as number) + 1;
    }
    expect(counts.slice(4)).to.deep.equal([0, 0]);
    // Each of the four gets 2,000 ± 4·SD (SD = √(8000·¼·¾) ≈ 39).
    for (const n of counts.slice(0, 4)) expect(n).to.be.within(2000 - 160, 2000 + 160);
    expect(randomesque(3)(ranking(0), rng).item).to.equal(undefined);
  });

  it('Sympson–Hetter administers an item with probability K and sets it aside otherwise', () => {
    const rng = seededRng(3);
    const control = sympsonHetter((item) => (item === 0 ? 0.3 : 1));
    let administeredBest = 0;
    for (let i = 0; i < 5000; i++) {
      const decision = control(ranking(5), rng);
      if (decision.item === 0) administeredBest++;
      else expect(decision).to.deep.equal({ item: 1, setAside: [0] });
    }
    // 1,500 ± 4·SD (SD = √(5000·0.3·0.7) ≈ 32).
    expect(administeredBest).to.be.within(1500 - 130, 1500 + 130);
  });

  it('Sympson–Hetter with every K = 1 is maximum information, and reports exhaustion', () => {
    expect(sympsonHetter(() => 1)(ranking(5), seededRng(4))).to.deep.equal({ item: 0, setAside: [] });
    const none = sympsonHetter(() => 1e-9)(ranking(3), seededRng(4));
    expect(none).to.deep.equal({ item: undefined, setAside: [0, 1, 2] });
  });

  it('calibrates K in (0, 1], lowering it only for over-exposed items', () => {
    const rng = seededRng(5);
    const bank = generateBank(rng, { size: 120, model: '2pl' });
    const parameters = computeSympsonHetterParameters({
      bank,
      config: {
        start: { theta: 0 },
        estimator: { method: 'eap', priorMean: 0, priorSd: 1 },
        exposure: { method: 'none' },
        stopping: { rule: 'fixed_length', length: 10 },
        content: [],
      },
      thetas: Array.from({ length: 300 }, () => normal(rng)),
      targetRate: 0.3,
      iterations: 6,
      rng,
    });
    const values = Object.values(parameters);
    expect(values).to.have.length(120);
    for (const k of values) expect(k).to.be.greaterThan(0).and.at.most(1);
    expect(values.filter((k) => k < 1).length).to.be.greaterThan(0);
    expect(values.filter((k) => k === 1).length).to.be.greaterThan(60);
  });
});
