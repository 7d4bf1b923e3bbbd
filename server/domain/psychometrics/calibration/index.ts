/**
 * Item calibration, the one entry point the app layer calls: classical statistics, an IRT
 * calibration (Rasch by CML, or the 2PL by MML-EM) and drift flags against the stored values.
 * Pure: the response matrix goes in, a report comes out.
 */
import { classicalStats } from './classical.js';
import { type DriftFlag, type DriftThresholds, driftFlags, type StoredItemStats } from './drift.js';
import { calibrate2plMml, type Mml2plOptions } from './mml-2pl.js';
import { calibrateRasch, type RaschOptions } from './rasch.js';
import type { ResponseMatrix, TimeMatrix, UnestimableReason } from './response-matrix.js';

/** The types a caller of calibrateItems needs, re-exported from the stage modules. */
export type { ClassicalStats, ItemClassicalStats } from './classical.js';
export type { DriftFlag, DriftKind, DriftThresholds, StoredItemStats } from './drift.js';
export type { Mml2plOptions } from './mml-2pl.js';
export type { RaschOptions } from './rasch.js';
export type { ResponseMatrix, ScoredResponse, TimeMatrix, UnestimableReason } from './response-matrix.js';

/** The IRT models calibration supports. */
export type CalibrationModel = 'rasch' | '2pl';

/** What to calibrate and against what. */
export interface CalibrationInput {
  readonly matrix: ResponseMatrix;
  readonly model: CalibrationModel;
  /** Stored parameters (and optionally SEs and classical statistics) by item id, for drift flags. */
  readonly stored?: Readonly<Record<string, StoredItemStats>>;
  /** Response times in seconds, same shape as the matrix. */
  readonly timesSec?: TimeMatrix;
  readonly options?: {
    readonly rasch?: RaschOptions;
    readonly mml?: Mml2plOptions;
    readonly drift?: Partial<DriftThresholds>;
  };
}

/** A fresh IRT estimate in 4PL form (c = 0, d = 1; a = 1 under Rasch, with no seA). */
export interface CalibratedEstimate {
  readonly a: number;
  readonly b: number;
  readonly c: 0;
  readonly d: 1;
  readonly seA?: number;
  readonly seB: number;
}

/** One item's calibration report. */
export interface CalibratedItem {
  readonly itemId: string;
  readonly n: number;
  readonly pValue: number | null;
  readonly pointBiserial: number | null;
  readonly exposureRate: number;
  readonly meanTimeSec?: number;
  readonly estimate?: CalibratedEstimate;
  readonly unestimable?: { readonly reason: UnestimableReason; readonly message: string };
}

/** The calibration report of a whole matrix. */
export interface CalibrationReport {
  readonly model: CalibrationModel;
  readonly examinees: number;
  /** KR-20 when the matrix is complete, else null. */
  readonly alpha: number | null;
  readonly items: readonly CalibratedItem[];
  readonly flags: readonly DriftFlag[];
  readonly converged: boolean;
  readonly iterations: number;
  /** Conditional (Rasch) or marginal (2PL) log-likelihood at the estimates. */
  readonly logLikelihood?: number;
}

/** Classical statistics, an IRT calibration under `model`, and drift flags against `stored`. */
export function calibrateItems(input: CalibrationInput): CalibrationReport {
  const { matrix, model } = input;
  const classical = classicalStats(matrix, input.timesSec);
  const irt =
    model === 'rasch'
      ? calibrateRasch(matrix, input.options?.rasch)
      : calibrate2plMml(matrix, input.options?.mml);
  const estimates = new Map<string, CalibratedEstimate>(
    irt.items.map((item) => [
      item.itemId,
      'a' in item
        ? { a: item.a, b: item.b, c: 0, d: 1, seA: item.seA, seB: item.seB }
        : { a: 1, b: item.b, c: 0, d: 1, seB: item.seB },
    ]),
  );
  const unestimable = new Map(irt.unestimable.map((u) => [u.itemId, u]));
  const items = classical.items.map((stats): CalibratedItem => {
    const estimate = estimates.get(stats.itemId);
    const verdict = unestimable.get(stats.itemId);
    return {
      ...stats,
      ...(estimate === undefined ? {} : { estimate }),
      ...(verdict === undefined ? {} : { unestimable: { reason: verdict.reason, message: verdict.message } }),
    };
  });
  const flags = driftFlags({
    items,
    model,
    ...(input.stored === undefined ? {} : { stored: input.stored }),
    ...(input.options?.drift === undefined ? {} : { thresholds: input.options.drift }),
  });
  return {
    model,
    examinees: classical.examinees,
    alpha: classical.alpha,
    items,
    flags,
    converged: irt.converged,
    iterations: irt.iterations,
    logLikelihood: irt.logLikelihood,
  };
}
