/**
 * The Sympson–Hetter method (Sympson & Hetter 1985, "Controlling item-exposure rates in computerized adaptive
 * testing", Proc. 27th Annual Meeting of the Military Testing Association): every item i carries an exposure
 * control parameter K_i in (0, 1]. When selection picks item i it is administered with probability K_i;
 * otherwise it is set aside for the rest of this examinee's test and the next most informative item is tried
 * the same way. Then P(A_i) = P(S_i)·K_i, so K_i = r / P(S_i) caps the administration rate at r.
 * The K_i come from simulation (sympson-hetter-calibration.ts). Items without a parameter use K = 1.
 */
import type { ExposureControl } from './exposure-control.js';

/** Candidates fetched per round of lotteries (more are fetched if all are set aside). */
const BATCH = 8;

/** Sympson–Hetter exposure control with K by item number (undefined entries count as 1). */
export function sympsonHetter(parameterOf: (item: number) => number): ExposureControl {
  return (candidates, rng) => {
    const setAside: number[] = [];
    const skip = new Set<number>();
    for (;;) {
      const batch = candidates(BATCH, skip);
      if (batch.length === 0) return { item: undefined, setAside };
      for (const { item } of batch) {
        if (rng.next() < parameterOf(item)) return { item, setAside };
        setAside.push(item);
        skip.add(item);
      }
    }
  };
}
