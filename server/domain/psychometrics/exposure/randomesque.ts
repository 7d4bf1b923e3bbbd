/**
 * The randomesque method (Kingsbury & Zara 1989, Applied Measurement in Education 2(4), "Procedures for
 * selecting items for computerized adaptive tests"): administer one item drawn uniformly from the k most
 * informative eligible items. k ≥ 1 (k = 1 is plain maximum information); larger k spreads exposure at a
 * small cost in information. Fewer than k candidates left: draw among those.
 */
import { intBelow } from '../rng.js';
import { type ExposureControl, NOTHING_SET_ASIDE } from './exposure-control.js';

/** Randomesque exposure control with group size k. */
export function randomesque(k: number): ExposureControl {
  return (candidates, rng) => {
    const top = candidates(k, NOTHING_SET_ASIDE);
    if (top.length === 0) return { item: undefined, setAside: [] };
    return { item: top[intBelow(rng, top.length)]?.item, setAside: [] };
  };
}
