/**
 * The CSV inputs of a post-hoc simulation: the calibrated bank (header id,a,b,c,d with an optional domain
 * column), the headerless 0/1 response matrix (examinees × items in bank order) and optional true θs (header
 * e,theta, with e 0- or 1-based). Each parser throws UsageError with the line at fault.
 */
import type { CatItem } from '../../server/domain/psychometrics/cat-bank.js';
import { UsageError } from './usage-error.js';

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

function numberAt(raw: string | undefined, where: string): number {
  const value = Number(raw);
  if (raw === undefined || raw.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`${where}: "${raw ?? ''}" is not a number`);
  return value;
}

/** Items from a bank CSV; c defaults to 0 and d to 1 when their columns are absent, domain to "general". */
export function parseBankCsv(text: string, file = 'bank'): CatItem[] {
  const [head, ...rows] = lines(text);
  const columns = (head ?? '').split(',').map((name) => name.trim().toLowerCase());
  const at = (name: string) => columns.indexOf(name);
  for (const required of ['id', 'a', 'b'])
    if (at(required) < 0)
      throw new UsageError(`${file}: the header needs an "${required}" column (id,a,b,c,d[,domain])`);
  if (rows.length === 0) throw new UsageError(`${file}: no items`);
  const seen = new Set<string>();
  return rows.map((row, r) => {
    const cells = row.split(',').map((cell) => cell.trim());
    const where = `${file} line ${r + 2}`;
    const id = cells[at('id')] ?? '';
    if (id === '' || seen.has(id)) throw new UsageError(`${where}: missing or repeated id "${id}"`);
    seen.add(id);
    const a = numberAt(cells[at('a')], `${where} a`);
    const b = numberAt(cells[at('b')], `${where} b`);
    const c = at('c') < 0 ? 0 : numberAt(cells[at('c')], `${where} c`);
    const d = at('d') < 0 ? 1 : numberAt(cells[at('d')], `${where} d`);
    if (!(a > 0 && c >= 0 && c < d && d <= 1)) throw new UsageError(`${where}: need a > 0 and 0 ≤ c < d ≤ 1`);
    const domain = at('domain') < 0 ? 'general' : cells[at('domain')] || 'general';
    return { id, domain, params: { a, b, c, d } };
  });
}

/** The response matrix: one row per examinee, one score in [0, 1] per bank item. */
export function parseResponsesCsv(text: string, itemCount: number, file = 'responses'): number[][] {
  const rows = lines(text).map((row, r) => {
    const cells = row.split(',');
    if (cells.length !== itemCount)
      throw new UsageError(`${file} line ${r + 1}: ${cells.length} scores for ${itemCount} bank items`);
    return cells.map((cell, i) => {
      const score = numberAt(cell, `${file} line ${r + 1} column ${i + 1}`);
      if (score < 0 || score > 1)
        throw new UsageError(`${file} line ${r + 1} column ${i + 1}: scores lie in [0, 1]`);
      return score;
    });
  });
  if (rows.length === 0) throw new UsageError(`${file}: no examinees`);
  return rows;
}

/** True θ per examinee row from an e,theta CSV; e may count from 0 or from 1 (detected from the smallest e). */
export function parseThetasCsv(text: string, examinees: number, file = 'thetas'): number[] {
  const [head, ...rows] = lines(text);
  const columns = (head ?? '').split(',').map((name) => name.trim().toLowerCase());
  const eAt = columns.indexOf('e');
  const thetaAt = columns.indexOf('theta');
  if (eAt < 0 || thetaAt < 0) throw new UsageError(`${file}: the header must be e,theta`);
  const pairs = rows.map((row, r) => {
    const cells = row.split(',');
    const e = numberAt(cells[eAt], `${file} line ${r + 2} e`);
    if (!Number.isInteger(e)) throw new UsageError(`${file} line ${r + 2}: e must be a whole number`);
    return { e, theta: numberAt(cells[thetaAt], `${file} line ${r + 2} theta`) };
  });
  const base = Math.min(...pairs.map((p) => p.e)) === 0 ? 0 : 1;
  const thetas = new Array<number | undefined>(examinees).fill(undefined);
  for (const { e, theta } of pairs) {
    const row = e - base;
    if (row < 0 || row >= examinees) throw new UsageError(`${file}: e = ${e} has no response row`);
    thetas[row] = theta;
  }
  const missing = thetas.indexOf(undefined);
  if (missing >= 0) throw new UsageError(`${file}: no theta for examinee ${missing + base}`);
  return thetas as number[];
}
