/**
 * Classical test theory (CTT) item statistics over a possibly sparse response matrix
 * (Lord & Novick 1968, "Statistical Theories of Mental Test Scores", ch. 15; Crocker &
 * Algina 1986, "Introduction to Classical and Modern Test Theory", ch. 14).
 */
import { assertResponseMatrix, itemCounts, type ResponseMatrix, type TimeMatrix } from './response-matrix.js';

/** CTT statistics of one item. */
export interface ItemClassicalStats {
  readonly itemId: string;
  /** Examinees who were administered the item. */
  readonly n: number;
  /** Proportion correct among them, in [0, 1]; null when n = 0. */
  readonly pValue: number | null;
  /** Corrected point-biserial, in [−1, 1]; null when undefined (fewer than 2 examinees or no variance). */
  readonly pointBiserial: number | null;
  /** n / number of examinees, in [0, 1]. */
  readonly exposureRate: number;
  /** Mean recorded response time over the administrations, when times were given. */
  readonly meanTimeSec?: number;
}

/** CTT statistics of a whole matrix. */
export interface ClassicalStats {
  readonly examinees: number;
  readonly items: readonly ItemClassicalStats[];
  /** KR-20 (coefficient alpha for 0/1 items); null unless the matrix is complete with ≥ 2 items and total-score variance. */
  readonly alpha: number | null;
}

/** Pearson correlation of paired samples; null when either side has no variance or n < 2. */
function pearson(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let k = 0; k < n; k++) {
    mx += xs[k]!;
    my += ys[k]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let k = 0; k < n; k++) {
    const dx = xs[k]! - mx;
    const dy = ys[k]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx <= 0 || syy <= 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/**
 * Corrected point-biserial of item i: the Pearson correlation between the 0/1 response to i
 * and the rest score, over the examinees who saw i and at least one other item. The rest score
 * is the examinee's proportion correct on the OTHER items they saw, so examinees who saw
 * different numbers of items (adaptive tests, several forms) are on one scale; on a complete
 * matrix it is a linear function of the raw rest score, so this equals the classical corrected
 * item–total correlation (Henrysson 1963, Psychometrika 28, "Correction of item-total correlations").
 */
function correctedPointBiserial(
  matrix: ResponseMatrix,
  totals: readonly RowTotals[],
  item: number,
): number | null {
  const xs: number[] = [];
  const rests: number[] = [];
  matrix.responses.forEach((row, e) => {
    const x = row[item];
    const { seen, right } = totals[e]!;
    if (x === null || x === undefined || seen < 2) return;
    xs.push(x);
    rests.push((right - x) / (seen - 1));
  });
  return pearson(xs, rests);
}

/** How many items an examinee saw and answered correctly. */
interface RowTotals {
  readonly seen: number;
  readonly right: number;
}

/** Row totals over the observed cells of each examinee. */
function rowTotals(matrix: ResponseMatrix): RowTotals[] {
  return matrix.responses.map((row) => {
    let seen = 0;
    let right = 0;
    for (const cell of row) {
      if (cell === null) continue;
      seen += 1;
      right += cell;
    }
    return { seen, right };
  });
}

/** Mean of the recorded, finite times of the administrations of an item (undefined if none). */
function meanTime(matrix: ResponseMatrix, timesSec: TimeMatrix, item: number): number | undefined {
  let sum = 0;
  let count = 0;
  matrix.responses.forEach((row, e) => {
    const t = timesSec[e]?.[item];
    if (row[item] === null || t === null || t === undefined || !Number.isFinite(t)) return;
    sum += t;
    count += 1;
  });
  return count > 0 ? sum / count : undefined;
}

/**
 * KR-20 (Kuder & Richardson 1937, Psychometrika 2), coefficient alpha for 0/1 items
 * (Cronbach 1951, Psychometrika 16):
 *
 *   KR-20 = k/(k − 1) · (1 − Σ p_i q_i / σ²_X)
 *
 * k items, p_i the proportion correct, q_i = 1 − p_i, σ²_X the variance of the total score
 * (both variances with denominator N). At most 1; negative when items correlate negatively.
 */
export function kr20(matrix: ResponseMatrix): number | null {
  const k = matrix.itemIds.length;
  const rows = matrix.responses;
  if (k < 2 || rows.length < 2 || rows.some((row) => row.includes(null))) return null;
  const totals = rows.map((row) => row.reduce<number>((sum, cell) => sum + (cell ?? 0), 0));
  const meanTotal = totals.reduce((s, t) => s + t, 0) / rows.length;
  const varTotal = totals.reduce((s, t) => s + (t - meanTotal) ** 2, 0) / rows.length;
  if (varTotal <= 0) return null;
  const sumPq = itemCounts(matrix).correct.reduce((s, right) => {
    const p = right / rows.length;
    return s + p * (1 - p);
  }, 0);
  return (k / (k - 1)) * (1 - sumPq / varTotal);
}

/** CTT statistics per item and for the whole matrix; `timesSec`, when given, adds mean response times. */
export function classicalStats(matrix: ResponseMatrix, timesSec?: TimeMatrix): ClassicalStats {
  assertResponseMatrix(matrix, timesSec);
  const examinees = matrix.responses.length;
  const totals = rowTotals(matrix);
  const counts = itemCounts(matrix);
  const items = matrix.itemIds.map((itemId, i): ItemClassicalStats => {
    const n = counts.n[i]!;
    const correct = counts.correct[i]!;
    const meanTimeSec = timesSec === undefined ? undefined : meanTime(matrix, timesSec, i);
    return {
      itemId,
      n,
      pValue: n > 0 ? correct / n : null,
      pointBiserial: correctedPointBiserial(matrix, totals, i),
      exposureRate: examinees > 0 ? n / examinees : 0,
      ...(meanTimeSec === undefined ? {} : { meanTimeSec }),
    };
  });
  return { examinees, items, alpha: kr20(matrix) };
}
