/**
 * An adaptive attempt, one step per answer, on top of the CAT engine: the engine's state travels with the
 * attempt, unscored pretest items are shown after the planned number of scored items, and each step's
 * randomness comes from the attempt's seed and the step number, so an attempt resumed on another node (or
 * after a crash) continues exactly as it would have.
 */
import type { CatBankInput } from '../psychometrics/cat-bank.js';
import type { CatConfig } from '../psychometrics/cat-config.js';
import { type CatState, nextCatStep, recordCatResponse, startCat } from '../psychometrics/cat-engine.js';
import { type Rng, seededRng } from '../psychometrics/rng.js';
import type { StopReason } from '../psychometrics/stopping/rules.js';

/** A pretest item to show once `afterScored` scored items have been answered. */
export interface PretestSlot {
  readonly afterScored: number;
  readonly itemId: string;
}

/** An adaptive attempt's progress: the engine's state and how many pretest items were shown. */
export interface AdaptiveProgress {
  readonly cat: CatState;
  readonly pretestShown: number;
}

/** What to serve next. */
export type AdaptiveServe =
  | {
      readonly kind: 'item';
      readonly itemId: string;
      readonly scored: boolean;
      readonly progress: AdaptiveProgress;
    }
  | { readonly kind: 'finished'; readonly reason: StopReason };

/** The random stream of one step of one attempt: the same seed and step give the same draws on any node. */
export function stepRng(seed: number, step: number): Rng {
  return seededRng((seed ^ Math.imul(step + 1, 0x9e3779b1)) >>> 0);
}

/** The progress before the first item. */
export function startAdaptive(config: CatConfig): AdaptiveProgress {
  return { cat: startCat(config), pretestShown: 0 };
}

/** Decides what to serve: a pretest item whose turn it is, else the engine's next item, or the end. */
export function nextAdaptiveItem(
  bank: CatBankInput,
  config: CatConfig,
  pretest: readonly PretestSlot[],
  progress: AdaptiveProgress,
  seed: number,
): AdaptiveServe {
  const due = pretest[progress.pretestShown];
  if (due && due.afterScored <= progress.cat.administered.length) {
    return {
      kind: 'item',
      itemId: due.itemId,
      scored: false,
      progress: { ...progress, pretestShown: progress.pretestShown + 1 },
    };
  }
  const step = nextCatStep(bank, config, progress.cat, stepRng(seed, progress.cat.administered.length));
  if (step.kind === 'stop') return { kind: 'finished', reason: step.reason };
  return { kind: 'item', itemId: step.itemId, scored: true, progress: { ...progress, cat: step.state } };
}

/**
 * The engine's final state for an attempt that ended (submitted, or out of time) before its shortest length:
 * every question not reached counts as a wrong answer to the item the engine would have asked, as an
 * unanswered question of a fixed or linear form scores 0. Without this an early submit is scored on θ̂ as it
 * stands, which starts at the prior mean (often the cut): a candidate who answered nothing would pass. The
 * same seed and steps pick the items, so the penalty is reproducible. Unchanged when the length is reached.
 */
export function withUnreachedAsWrong(
  bank: CatBankInput,
  config: CatConfig,
  progress: AdaptiveProgress,
  seed: number,
  shortestLength: number,
): CatState {
  let cat = progress.cat;
  while (cat.administered.length < shortestLength) {
    const step = nextCatStep(bank, config, cat, stepRng(seed, cat.administered.length));
    if (step.kind === 'stop') break;
    cat = recordCatResponse(bank, config, step.state, step.itemId, 0);
  }
  return cat;
}

/** The progress after an answer: a scored item re-estimates θ; a pretest item changes nothing the engine sees. */
export function recordAdaptiveAnswer(
  bank: CatBankInput,
  config: CatConfig,
  progress: AdaptiveProgress,
  itemId: string,
  scored: boolean,
  score: number,
): AdaptiveProgress {
  if (!scored) return progress;
  return { ...progress, cat: recordCatResponse(bank, config, progress.cat, itemId, score) };
}
