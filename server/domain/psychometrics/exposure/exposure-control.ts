/**
 * Exposure control: the stage between "which items are most informative" and "which item is administered".
 * A strategy receives a source of ranked candidates (most informative first, already restricted to the
 * eligible, unused items) and the seeded Rng, and returns the item to administer plus any items it set aside
 * for this examinee (Sympson–Hetter). Strategies: none (the best item), randomesque (randomesque.ts),
 * Sympson–Hetter (sympson-hetter.ts).
 */
import type { Rng } from '../rng.js';
import type { RankedItem } from '../selection/max-information.js';

/** The `count` most informative candidates, skipping `setAside` as well as used or ineligible items. */
export type CandidateSource = (count: number, setAside: ReadonlySet<number>) => RankedItem[];

/** The item chosen (undefined when none is left) and the items set aside on the way. */
export interface ExposureDecision {
  readonly item: number | undefined;
  readonly setAside: readonly number[];
}

/** A strategy choosing the administered item among ranked candidates. */
export type ExposureControl = (candidates: CandidateSource, rng: Rng) => ExposureDecision;

/** The empty set-aside, for strategies that never set items aside (shared: it is never added to). */
export const NOTHING_SET_ASIDE: ReadonlySet<number> = new Set();

/** No exposure control: the most informative candidate. */
export const maximumInformation: ExposureControl = (candidates) => ({
  item: candidates(1, NOTHING_SET_ASIDE)[0]?.item,
  setAside: [],
});
