/**
 * Reading CSV text (RFC 4180) into records of cells, with the leniencies real spreadsheet exports need.
 * What the cells mean is the caller's business (see credentials/holder-csv.ts).
 */
import { DomainError } from './errors.js';

/** A syntax problem in a record: the physical line it is on and what is wrong. */
export interface CsvSyntaxProblem {
  readonly line: number;
  readonly message: string;
}

/** One record as read, before anyone checks its cells. */
export interface CsvRecord {
  /** Physical line where the record starts. */
  readonly line: number;
  readonly cells: string[];
  /** The first syntax problem in the record; its cells are then unreliable. */
  readonly problem: CsvSyntaxProblem | null;
}

/** A cell value quoted for a message, cut short so one bad cell cannot flood the report. */
export function shown(value: string): string {
  const chars = Array.from(value);
  return JSON.stringify(chars.length > 40 ? `${chars.slice(0, 40).join('')}…` : value);
}

const lineBreakLength = (text: string, at: number): number =>
  text[at] === '\r' && text[at + 1] === '\n' ? 2 : 1;
const countLineBreaks = (text: string): number => text.match(/\r\n?|\n/g)?.length ?? 0;

/**
 * Splits text into records. RFC 4180 with the leniencies real exports need: a leading UTF-8 BOM is
 * dropped, CRLF, LF and a lone CR (old Mac Excel) all end a line, empty lines are skipped, a quote
 * inside an unquoted field is literal, and spaces between a closing quote and the separator are allowed.
 */
export function readCsvRecords(input: string, separator: ',' | ';'): CsvRecord[] {
  const text = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let at = 0;
  let line = 1;
  while (at < text.length) {
    if (text[at] === '\r' || text[at] === '\n') {
      at += lineBreakLength(text, at);
      line++;
      continue;
    }
    const startLine = line;
    const cells: string[] = [];
    let problem: CsvSyntaxProblem | null = null;
    let recordOpen = true;
    while (recordOpen) {
      let value = '';
      const quoted = text[at] === '"';
      if (quoted) {
        const openedOn = line;
        at++;
        for (;;) {
          const quote = text.indexOf('"', at);
          if (quote === -1) {
            value += text.slice(at);
            line += countLineBreaks(text.slice(at));
            at = text.length;
            problem ??= { line: openedOn, message: 'a quoted value opened on this line is never closed' };
            break;
          }
          const chunk = text.slice(at, quote);
          value += chunk;
          line += countLineBreaks(chunk);
          at = quote + 1;
          if (text[at] !== '"') break;
          value += '"';
          at++;
        }
        while (text[at] === ' ' || text[at] === '\t') at++;
      }
      // Unquoted text, or whatever follows a closing quote: read up to the separator or the end of the line.
      let end = at;
      while (end < text.length && text[end] !== separator && text[end] !== '\r' && text[end] !== '\n') end++;
      if (quoted && end > at && problem === null)
        problem = { line, message: `unexpected text after a closing quote: ${shown(text.slice(at, end))}` };
      value += text.slice(at, end);
      cells.push(value);
      at = end;
      if (text[at] === separator) {
        at++;
      } else {
        if (at < text.length) {
          at += lineBreakLength(text, at);
          line++;
        }
        recordOpen = false;
      }
    }
    records.push({ line: startLine, cells, problem });
  }
  return records;
}

/**
 * Parses comma-separated text into records of cells, per RFC 4180 (see readCsvRecords for the leniencies).
 * Throws a `validation_failed` DomainError on an unterminated quote or text after a closing quote.
 */
export function parseCsv(text: string): string[][] {
  const records = readCsvRecords(text, ',');
  const problems = records.flatMap((record) => (record.problem === null ? [] : [record.problem]));
  if (problems.length > 0)
    throw new DomainError(
      'validation_failed',
      problems.map((problem) => `line ${problem.line}: ${problem.message}`).join('; '),
      problems.map((problem) => ({
        path: `/lines/${problem.line}`,
        rule: 'csv-syntax',
        message: problem.message,
      })),
    );
  return records.map((record) => record.cells);
}

/** A value to write into a CSV cell; null and undefined write an empty cell. */
export type CsvCell = string | number | boolean | null | undefined;

/** Text a spreadsheet would run as a formula (OWASP, "CSV injection"): `=`, `+`, `-`, `@`, tab or CR first. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One cell as RFC 4180 writes it: quoted (with `""` for a quote) when it holds a separator, quote or line
 * break. Text that would start a formula gets a leading `'`, which spreadsheets show as text; numbers are
 * written as they are, so a negative θ stays a number.
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",;\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * A CSV file: the header row, then one row per record, CRLF line ends (RFC 4180 §2), and a UTF-8 byte order
 * mark first so that spreadsheet programs read names with accents right (parseCsv drops it again).
 */
export function formatCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const line = (cells: readonly CsvCell[]) => cells.map(csvCell).join(',');
  return `\uFEFF${[header, ...rows].map(line).join('\r\n')}\r\n`;
}
