import { legacyIdKey } from '../../domain/credentials/certificate-id.js';
import { utcDayStart } from '../../domain/credentials/credential-status.js';
import {
  type CsvRowError,
  HOLDER_COLUMN_HEADERS,
  type LegacyHolderRow,
  parseHolderCsv,
  type ReadableHolderCells,
} from '../../domain/credentials/holder-csv.js';
import { DomainError, type ErrorDetail } from '../../domain/errors.js';
import { listCertifications } from '../../persistence/repositories/certifications.js';
import { findTakenAliasKeys } from '../../persistence/repositories/credentials.js';
import type { AppDeps, ChangeAuthor } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';
import { issueWithin, openIssuing } from './issue-credential.js';

/** The most rows one import takes over HTTP: each row is signed and its certificate rendered. */
export const MAX_IMPORT_ROWS = 2000;

/** One imported holder and the credential they now have. */
export interface ImportedHolder {
  readonly line: number;
  readonly email: string;
  readonly certificationCode: string;
  readonly certificateId: string;
  readonly legacyId: string | null;
}

/** What an import did (or, on a dry run, would do). */
export interface HolderImportReport {
  readonly dryRun: boolean;
  readonly imported: number;
  readonly holders: readonly ImportedHolder[];
}

/**
 * `line 3 (email): "x" is not an e-mail address`: the column named once, by its header in the file (as the
 * import instructions write it), even when the parser's message names it too.
 */
function rowError(error: CsvRowError): ErrorDetail {
  const { column } = error;
  const header = column ? HOLDER_COLUMN_HEADERS[column] : null;
  const message =
    header && error.message.startsWith(`${header}: `)
      ? error.message.slice(header.length + 2)
      : error.message;
  return {
    path: `/rows/${error.line}${column ? `/${column}` : ''}`,
    rule: 'holder-csv',
    message: `line ${error.line}${header ? ` (${header})` : ''}: ${message}`,
  };
}

function refuse(errors: readonly CsvRowError[]): never {
  throw new DomainError(
    'validation_failed',
    `${errors.length} problem${errors.length === 1 ? '' : 's'} in the file; nothing was imported`,
    errors.map(rowError),
  );
}

/**
 * Imports existing certificate holders from another system: all or nothing, with every problem reported by
 * line. Each row becomes a credential issued through the same use case as any other, keeping its issue and
 * expiry dates; its legacy ID is kept as an alias so that IDs printed on old certificates still verify.
 */
export async function importCredentialHolders(
  deps: Pick<AppDeps, 'db' | 'clock' | 'signer' | 'publicUrl'>,
  author: ChangeAuthor,
  csv: string,
  options: { readonly dryRun?: boolean } = {},
): Promise<HolderImportReport> {
  // Authorised first, and every check and write in one transaction: the all-or-nothing promise holds even
  // against another import taking a legacy ID meanwhile.
  return runUnitOfWork(
    deps,
    author,
    async ({ tx, now: today, authorize, audit }) => {
      authorize(['admin']);
      const parsed = parseHolderCsv(csv, { maxRows: MAX_IMPORT_ROWS });
      // The programme's own checks run on every cell that read well, even when the file has format problems,
      // so one answer lists everything to fix.
      const checkable: readonly ReadableHolderCells[] = parsed.ok ? parsed.rows : parsed.readable;
      const errors: CsvRowError[] = parsed.ok ? [] : [...parsed.errors];
      const certifications = new Map((await listCertifications(tx, author.tenantId)).map((c) => [c.code, c]));
      const aliasLines = new Map<string, ReadableHolderCells>();
      for (const row of checkable) {
        if (row.certificationCode !== undefined && !certifications.has(row.certificationCode)) {
          errors.push({
            line: row.line,
            column: 'certification',
            message: `no certification has the code ${row.certificationCode}`,
          });
        }
        if (row.issuedOn !== undefined && utcDayStart(row.issuedOn) > today) {
          errors.push({ line: row.line, column: 'issued', message: `${row.issuedOn} is in the future` });
        }
        if (row.legacyId) {
          const key = legacyIdKey(row.legacyId);
          if (!key) {
            errors.push({
              line: row.line,
              column: 'legacyId',
              message: `${row.legacyId} has the shape of a Certamen certificate ID; it would not be found as a legacy ID`,
            });
          } else if (aliasLines.has(key)) {
            errors.push({
              line: row.line,
              column: 'legacyId',
              message: `${row.legacyId} reads the same as the legacy ID on line ${aliasLines.get(key)?.line}`,
            });
          } else {
            aliasLines.set(key, row);
          }
        }
      }
      for (const key of await findTakenAliasKeys(tx, [...aliasLines.keys()])) {
        const row = aliasLines.get(key) as ReadableHolderCells;
        errors.push({
          line: row.line,
          column: 'legacyId',
          message: `legacy ID ${row.legacyId} is already in use`,
        });
      }
      if (errors.length > 0 || !parsed.ok) refuse(errors.sort((a, b) => a.line - b.line));
      const rows: readonly LegacyHolderRow[] = parsed.rows;
      if (options.dryRun) {
        return {
          dryRun: true,
          imported: rows.length,
          holders: rows.map((row) => ({
            line: row.line,
            email: row.email,
            certificationCode: row.certificationCode,
            certificateId: '',
            legacyId: row.legacyId,
          })),
        };
      }
      const session = await openIssuing({ tx, audit }, deps.signer, author, today);
      const holders: ImportedHolder[] = [];
      for (const row of rows) {
        const issued = await issueWithin(session, deps, {
          certificationId: certifications.get(row.certificationCode)?.id as string,
          holder: { name: row.name, email: row.email, userId: null },
          issuedAt: utcDayStart(row.issuedOn),
          ...(row.expiresOn ? { expiresAt: utcDayStart(row.expiresOn) } : {}),
          source: 'import',
          legacyId: row.legacyId,
        });
        holders.push({
          line: row.line,
          email: row.email,
          certificationCode: row.certificationCode,
          certificateId: issued.certificateId,
          legacyId: row.legacyId,
        });
      }
      return { dryRun: false, imported: holders.length, holders };
    },
    {
      onUniqueViolation:
        'A legacy ID in the file was taken by another import meanwhile; nothing was imported',
    },
  );
}
