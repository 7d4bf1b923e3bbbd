/**
 * The input of every calibration step: a scored response matrix (rows = examinees, columns =
 * items). Data from adaptive tests and from several linear forms is sparse, so a cell may be
 * null ("not administered"); every statistic here uses only the observed cells.
 */
import { DomainError } from '../../errors.js';

/** One scored response: 1 right, 0 wrong, null not administered. */
export type ScoredResponse = 0 | 1 | null;

/** Scored responses, one row per examinee, one column per item in `itemIds` order. */
export interface ResponseMatrix {
  readonly itemIds: readonly string[];
  readonly responses: readonly (readonly ScoredResponse[])[];
}

/** Response times in seconds with the shape of a ResponseMatrix; null = not recorded. */
export type TimeMatrix = readonly (readonly (number | null)[])[];

/** Why an item's parameters cannot be estimated from this matrix. */
export type UnestimableReason =
  | 'not_administered'
  | 'all_correct'
  | 'all_incorrect'
  | 'no_informative_responses';

/** An item left out of a calibration, with the reason in words and numbers. */
export interface UnestimableItem {
  readonly itemId: string;
  readonly reason: UnestimableReason;
  readonly message: string;
}

/** Throws a validation DomainError unless the matrix (and times, if given) are rectangular and scored 0/1/null. */
export function assertResponseMatrix(matrix: ResponseMatrix, timesSec?: TimeMatrix): void {
  const width = matrix.itemIds.length;
  if (new Set(matrix.itemIds).size !== width) {
    throw new DomainError('validation_failed', 'item ids in a response matrix must be unique');
  }
  matrix.responses.forEach((row, e) => {
    if (row.length !== width) {
      throw new DomainError(
        'validation_failed',
        `examinee row ${e} has ${row.length} cells, expected ${width}`,
      );
    }
    for (const cell of row) {
      if (cell !== 0 && cell !== 1 && cell !== null) {
        throw new DomainError(
          'validation_failed',
          `examinee row ${e} holds ${String(cell)}; cells are 0, 1 or null`,
        );
      }
    }
  });
  if (timesSec === undefined) return;
  if (timesSec.length !== matrix.responses.length || timesSec.some((row) => row.length !== width)) {
    throw new DomainError(
      'validation_failed',
      'the response-time matrix must have the shape of the response matrix',
    );
  }
}

/** Per item: how many examinees saw it and how many answered it correctly. */
export function itemCounts(matrix: ResponseMatrix): { readonly n: number[]; readonly correct: number[] } {
  const n = matrix.itemIds.map(() => 0);
  const correct = matrix.itemIds.map(() => 0);
  for (const row of matrix.responses) {
    row.forEach((cell, i) => {
      if (cell === null) return;
      n[i] = n[i]! + 1;
      correct[i] = correct[i]! + cell;
    });
  }
  return { n, correct };
}

/**
 * The reason an item with `n` responses of which `correct` are right cannot be estimated, or
 * null when it can: a logistic model has no finite difficulty for an item nobody (or
 * everybody) answered correctly — the likelihood keeps rising as b → ∓∞.
 */
export function unestimableReason(
  itemId: string,
  n: number,
  correct: number,
  among = 'examinees',
): UnestimableItem | null {
  if (n === 0) {
    return { itemId, reason: 'not_administered', message: `${itemId} was not administered to any examinee` };
  }
  if (correct === n) {
    return {
      itemId,
      reason: 'all_correct',
      message: `all ${n} ${among} who saw ${itemId} answered it correctly`,
    };
  }
  if (correct === 0) {
    return {
      itemId,
      reason: 'all_incorrect',
      message: `all ${n} ${among} who saw ${itemId} answered it wrongly`,
    };
  }
  return null;
}
