import { probability } from '../../server/domain/psychometrics/irt.js';
import { normal, seededRng } from '../../server/domain/psychometrics/rng.js';

/** An item with the true 2PL parameters its simulated responses follow. */
export interface TrueItem {
  readonly externalId: string;
  readonly a: number;
  readonly b: number;
}

/** Scored responses of `examinees` simulated candidates (θ ~ N(0, 1)) to every item, seeded. */
export function simulateFieldTest(items: readonly TrueItem[], examinees: number, seed: number) {
  const rng = seededRng(seed);
  const responses: { externalId: string; examineeRef: string; score: number; responseTimeSec: number }[] = [];
  for (let e = 0; e < examinees; e++) {
    const theta = normal(rng);
    for (const item of items) {
      const p = probability(theta, { a: item.a, b: item.b, c: 0, d: 1 });
      responses.push({
        externalId: item.externalId,
        examineeRef: `field-${e}`,
        score: rng.next() < p ? 1 : 0,
        responseTimeSec: 30 + Math.round(rng.next() * 60),
      });
    }
  }
  return responses;
}
