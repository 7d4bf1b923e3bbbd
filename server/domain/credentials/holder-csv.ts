/**
 * The "legacy certificate holders" import: a programme moving from another system uploads a CSV of
 * people who already hold its certifications. This module reads the file (RFC 4180, with ../csv.ts) and
 * checks every cell, returning either clean rows or every problem found, each pointing at the physical line
 * a text editor shows. Whether a certification code exists in the programme is the caller's question.
 */
import { parseDay } from '../calendar.js';
import { type CsvRecord, type CsvSyntaxProblem, readCsvRecords, shown } from '../csv.js';
import { MAX_HOLDER_NAME_CHARS } from './name-limits.js';

/** One checked data row of the import file. */
export interface LegacyHolderRow {
  /** 1-based physical line where the row starts (the header is normally line 1). */
  readonly line: number;
  /** Trimmed, 1..MAX_HOLDER_NAME_CHARS characters, no control characters. */
  readonly name: string;
  /** Trimmed and lower-cased. */
  readonly email: string;
  /** Trimmed and upper-cased; matches CERTIFICATION_CODE. */
  readonly certificationCode: string;
  /** YYYY-MM-DD, a real calendar date. */
  readonly issuedOn: string;
  /** YYYY-MM-DD after issuedOn, or null when the cell is empty (the certification's validity applies). */
  readonly expiresOn: string | null;
  /** The holder's ID in the old system, or null when the cell is empty. */
  readonly legacyId: string | null;
}

/** A problem in the file: the line it is on, the canonical column (null for whole-row problems), what is wrong. */
export interface CsvRowError {
  readonly line: number;
  readonly column: HolderColumn | null;
  readonly message: string;
}

/**
 * What could be read of a data row even when another of its cells is wrong: the cells the caller checks
 * against the programme (certification code, issue date, legacy ID), so one pass reports every problem.
 */
export type ReadableHolderCells = Pick<LegacyHolderRow, 'line'> &
  Partial<Pick<LegacyHolderRow, 'certificationCode' | 'issuedOn' | 'legacyId'>>;

/**
 * Either every row, checked, or every problem found (never a mix); a failure still carries the cells that
 * read well on each row, for the caller's own checks in the same pass.
 */
export type HolderCsvResult =
  | { readonly ok: true; readonly rows: LegacyHolderRow[] }
  | { readonly ok: false; readonly errors: CsvRowError[]; readonly readable: ReadableHolderCells[] };

/** The canonical columns (the keys of error paths), in the order an export template lists them. */
export const HOLDER_COLUMNS = ['name', 'email', 'certification', 'issued', 'expires', 'legacyId'] as const;

/** One of HOLDER_COLUMNS. */
export type HolderColumn = (typeof HOLDER_COLUMNS)[number];

/** The header each column has in the file, as the import instructions write it and messages name it. */
export const HOLDER_COLUMN_HEADERS: Readonly<Record<HolderColumn, string>> = {
  name: 'name',
  email: 'email',
  certification: 'certification',
  issued: 'issued',
  expires: 'expires',
  legacyId: 'legacy id',
};

/** The most data rows one import accepts unless the caller says otherwise. */
export const DEFAULT_MAX_HOLDER_ROWS = 5000;

/** A certification code as programmes write it (after upper-casing). */
export const CERTIFICATION_CODE = /^[A-Z0-9][A-Z0-9._-]{0,31}$/;

const REQUIRED_COLUMNS: readonly HolderColumn[] = ['name', 'email', 'certification', 'issued'];

// Header names people actually write; matched after headerKey() folds case, spaces, underscores and dashes.
const HEADER_ALIASES: Record<HolderColumn, readonly string[]> = {
  name: ['name', 'holder name', 'full name'],
  email: ['email', 'e-mail', 'email address'],
  certification: ['certification', 'certification code', 'code'],
  issued: ['issued', 'issue date', 'issued on', 'issuedOn'],
  expires: ['expires', 'expiry date', 'expires on', 'expiresOn', 'expiry'],
  legacyId: ['legacy id', 'certificate id', 'legacyId', 'id'],
};

const headerKey = (header: string): string =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

const COLUMN_BY_HEADER = new Map<string, HolderColumn>(
  HOLDER_COLUMNS.flatMap((column) =>
    HEADER_ALIASES[column].map((alias) => [headerKey(alias), column] as const),
  ),
);

const MAX_NAME_LENGTH = MAX_HOLDER_NAME_CHARS;
// RFC 5321 §4.5.3.1: a local part is at most 64 octets and a forward-path at most 256 (254 between brackets).
const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_PART_LENGTH = 64;
const ATOM = "[\\p{L}\\p{N}!#$%&'*+/=?^_`{|}~-]+";
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?';
// Dot-atom local part (RFC 5322 §3.4.1, with RFC 6531 letters) at a domain of two or more labels.
const EMAIL = new RegExp(
  `^${ATOM}(?:\\.${ATOM})*@(?:${LABEL}\\.)+\\p{L}(?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?$`,
  'u',
);
const LEGACY_ID = /^[A-Za-z0-9 ._/-]{1,64}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SLASHED_DATE = /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/;
// Cc: C0 and C1 controls, which include tab and the line breaks a quoted cell may carry.
const CONTROL = /\p{Cc}/u;

// ---------------------------------------------------------------------------------------------------
// Checking cells

type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const accept = <T>(value: T): Checked<T> => ({ ok: true, value });
const reject = (message: string): Checked<never> => ({ ok: false, message });

function checkName(cell: string): Checked<string> {
  if (cell === '') return reject('name: is required');
  const length = Array.from(cell).length;
  if (length > MAX_NAME_LENGTH)
    return reject(`name: is ${length} characters long; the limit is ${MAX_NAME_LENGTH}`);
  if (CONTROL.test(cell)) return reject('name: contains a control character such as a tab or line break');
  return accept(cell);
}

function checkEmail(cell: string): Checked<string> {
  if (cell === '') return reject('email: is required');
  const email = cell.toLowerCase();
  if (Array.from(email).length > MAX_EMAIL_LENGTH)
    return reject(`email: is longer than ${MAX_EMAIL_LENGTH} characters`);
  const local = email.slice(0, email.lastIndexOf('@'));
  if (!EMAIL.test(email) || Array.from(local).length > MAX_LOCAL_PART_LENGTH)
    return reject(`email: ${shown(cell)} is not an e-mail address`);
  return accept(email);
}

function checkCertificationCode(cell: string): Checked<string> {
  if (cell === '') return reject('certification: is required');
  // Test before upper-casing: toUpperCase() turns "ſ" into "S" and "ﬁ" into "FI", which would pass silently.
  const code = /^[A-Za-z0-9._-]*$/.test(cell) ? cell.toUpperCase() : '';
  if (!CERTIFICATION_CODE.test(code))
    return reject(
      `certification: ${shown(cell)} is not a certification code (1 to 32 letters, digits, ".", "_" or "-", starting with a letter or digit)`,
    );
  return accept(code);
}

/** An ISO 8601 calendar date in the proleptic Gregorian calendar, year 0001 to 9999. */
function checkDate(column: 'issued' | 'expires', cell: string): Checked<string> {
  if (cell === '') return reject(`${column}: is required`);
  const parts = ISO_DATE.exec(cell);
  if (parts === null) {
    const hint = SLASHED_DATE.test(cell) ? ' (day and month order differ between countries)' : '';
    return reject(`${column}: ${shown(cell)} is not a date${hint}; use YYYY-MM-DD`);
  }
  if (parseDay(cell) === null) return reject(`${column}: ${cell} is not a calendar date`);
  return accept(cell);
}

function checkLegacyId(cell: string): Checked<string | null> {
  if (cell === '') return accept(null);
  if (!LEGACY_ID.test(cell))
    return reject(
      `legacy id: ${shown(cell)} is not a legacy ID (1 to 64 letters, digits, spaces, ".", "_", "/" or "-")`,
    );
  return accept(cell);
}

// ---------------------------------------------------------------------------------------------------
// The import

type Columns = ReadonlyMap<HolderColumn, number>;

/** A CSV syntax problem as an import error: it concerns the whole row, not one column. */
const syntaxError = (problem: CsvSyntaxProblem): CsvRowError => ({
  line: problem.line,
  column: null,
  message: problem.message,
});

function readHeader(header: CsvRecord): { columns: Columns; errors: CsvRowError[] } {
  const errors: CsvRowError[] = [];
  const columns = new Map<HolderColumn, number>();
  const unknown: string[] = [];
  header.cells.forEach((cell, index) => {
    const column = COLUMN_BY_HEADER.get(headerKey(cell));
    if (cell.trim() === '') {
      errors.push({
        line: header.line,
        column: null,
        message: `column ${index + 1} has no name in the header`,
      });
    } else if (column === undefined) {
      unknown.push(shown(cell.trim()));
    } else if (columns.has(column)) {
      const first = header.cells[columns.get(column)!]!.trim();
      const message = `columns ${shown(first)} and ${shown(cell.trim())} both mean ${HOLDER_COLUMN_HEADERS[column]}`;
      errors.push({ line: header.line, column, message });
    } else {
      columns.set(column, index);
    }
  });
  if (unknown.length > 0)
    errors.push({
      line: header.line,
      column: null,
      message: `unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; the columns are ${HOLDER_COLUMNS.map((c) => HOLDER_COLUMN_HEADERS[c]).join(', ')}`,
    });
  const missing = REQUIRED_COLUMNS.filter((column) => !columns.has(column));
  if (missing.length > 0)
    errors.push({
      line: header.line,
      column: null,
      message: `missing required column${missing.length > 1 ? 's' : ''}: ${missing.map((c) => HOLDER_COLUMN_HEADERS[c]).join(', ')}`,
    });
  return { columns, errors };
}

/** Checks one data row, whose cell count already matches the header. */
function readRow(
  record: CsvRecord,
  columns: Columns,
): { row: LegacyHolderRow | null; readable: ReadableHolderCells; errors: CsvRowError[] } {
  const cell = (column: HolderColumn): string | null => {
    const index = columns.get(column);
    return index === undefined ? null : record.cells[index]!.trim();
  };
  const expiresCell = cell('expires') ?? '';
  const checks = {
    name: checkName(cell('name')!),
    email: checkEmail(cell('email')!),
    certification: checkCertificationCode(cell('certification')!),
    issued: checkDate('issued', cell('issued')!),
    expires: expiresCell === '' ? accept(null) : checkDate('expires', expiresCell),
    legacyId: checkLegacyId(cell('legacyId') ?? ''),
  } satisfies Record<HolderColumn, Checked<string | null>>;
  const errors = HOLDER_COLUMNS.flatMap((column) => {
    const check = checks[column];
    return check.ok ? [] : [{ line: record.line, column, message: check.message }];
  });
  const { name, email, certification, issued, expires, legacyId } = checks;
  if (issued.ok && expires.ok && expires.value !== null && expires.value <= issued.value)
    errors.push({
      line: record.line,
      column: 'expires',
      message: `expires: ${expires.value} must be after issued (${issued.value})`,
    });
  const readable: ReadableHolderCells = {
    line: record.line,
    ...(certification.ok ? { certificationCode: certification.value } : {}),
    ...(issued.ok ? { issuedOn: issued.value } : {}),
    ...(legacyId.ok ? { legacyId: legacyId.value } : {}),
  };
  if (
    errors.length > 0 ||
    !(name.ok && email.ok && certification.ok && issued.ok && expires.ok && legacyId.ok)
  )
    return { row: null, readable, errors };
  const row: LegacyHolderRow = {
    line: record.line,
    name: name.value,
    email: email.value,
    certificationCode: certification.value,
    issuedOn: issued.value,
    expiresOn: expires.value,
    legacyId: legacyId.value,
  };
  return { row, readable, errors };
}

/**
 * Parses and checks a legacy-holder CSV: comma-separated, or semicolon-separated when the header line has
 * semicolons and no comma (Excel in many European locales). Returns every row, or every problem found.
 */
export function parseHolderCsv(text: string, options: { maxRows?: number } = {}): HolderCsvResult {
  const maxRows = options.maxRows ?? DEFAULT_MAX_HOLDER_ROWS;
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError('maxRows must be a positive integer');
  // The header is the first line with something on it; \s covers the BOM as well as blank lines.
  const headerLine = /\S[^\r\n]*/.exec(text)?.[0] ?? '';
  const separator = !headerLine.includes(',') && headerLine.includes(';') ? ';' : ',';
  // A line of separators and spaces (",,,," left by a spreadsheet) is as blank as an empty line.
  const records = readCsvRecords(text, separator).filter(
    (record) => record.problem !== null || record.cells.some((cell) => cell.trim() !== ''),
  );
  const readable: ReadableHolderCells[] = [];
  const fail = (errors: CsvRowError[]): HolderCsvResult => ({ ok: false, errors, readable });
  const [header, ...data] = records;
  if (header === undefined) return fail([{ line: 1, column: null, message: 'the file has no rows' }]);
  if (header.problem !== null) return fail([syntaxError(header.problem)]);
  const { columns, errors } = readHeader(header);
  if (errors.length > 0) return fail(errors);
  if (data.length === 0) return fail([{ line: header.line, column: null, message: 'the file has no rows' }]);
  if (data.length > maxRows)
    return fail([
      {
        line: data[maxRows]!.line,
        column: null,
        message: `the file has ${data.length} rows; one import takes at most ${maxRows}, so split the file`,
      },
    ]);

  const rows: LegacyHolderRow[] = [];
  const lineOfLegacyId = new Map<string, number>();
  const lineOfAward = new Map<string, number>();
  for (const record of data) {
    if (record.problem !== null) {
      errors.push(syntaxError(record.problem));
      continue;
    }
    if (record.cells.length !== header.cells.length) {
      const hint =
        record.cells.length > header.cells.length
          ? ' (a value with a comma or semicolon needs double quotes)'
          : '';
      const message = `the row has ${record.cells.length} cells but the header has ${header.cells.length}${hint}`;
      errors.push({ line: record.line, column: null, message });
      continue;
    }
    const checked = readRow(record, columns);
    errors.push(...checked.errors);
    readable.push(checked.readable);
    const row = checked.row;
    if (row === null) continue;
    const seenIdOn = row.legacyId === null ? undefined : lineOfLegacyId.get(row.legacyId);
    if (seenIdOn !== undefined)
      errors.push({
        line: row.line,
        column: 'legacyId',
        message: `legacy ID ${row.legacyId} already appears on line ${seenIdOn}`,
      });
    else if (row.legacyId !== null) lineOfLegacyId.set(row.legacyId, row.line);
    const award = JSON.stringify([row.email, row.certificationCode, row.issuedOn]);
    const seenAwardOn = lineOfAward.get(award);
    if (seenAwardOn !== undefined)
      errors.push({
        line: row.line,
        column: null,
        message: `${row.email} already holds ${row.certificationCode} issued on ${row.issuedOn} on line ${seenAwardOn}`,
      });
    else lineOfAward.set(award, row.line);
    rows.push(row);
  }
  return errors.length > 0 ? fail(errors) : { ok: true, rows };
}
