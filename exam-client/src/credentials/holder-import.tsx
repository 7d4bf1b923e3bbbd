import type { TargetedEvent } from 'preact';
import { useId, useState } from 'preact/hooks';
import { ApiError, importCredentialHolders } from '../api';
import { Alert, Status } from '../components/form';
import { detailsOf } from '../items/error-paths';
import { TextArea } from '../items/fields';
import type { HolderImportReport } from '../types';
import { useSubmit } from '../use-submit';

/** The most CSV text one import takes (the API's limit, in characters). */
const MAX_CSV_CHARS = 2_000_000;
/** A file bigger than this cannot fit the limit (UTF-8 takes at most 4 bytes a character): not even read. */
const MAX_FILE_BYTES = 4 * MAX_CSV_CHARS;

/** What the server refused: its summary ("1 problem in the file; nothing was imported") and each problem. */
interface Problems {
  summary: string;
  lines: string[];
}

/**
 * "Import holders from CSV": the text pasted or read from a file, checked (a dry run) or imported, all or
 * nothing. Problems are listed by line; an import lists the new certificate IDs.
 */
export function HolderImport(props: { onImported: () => void }) {
  const fileId = useId();
  const [csv, setCsv] = useState('');
  const [report, setReport] = useState<HolderImportReport | null>(null);
  const [problems, setProblems] = useState<Problems | null>(null);
  const { busy, busyWith, error, status, setError, run } = useSubmit<'check' | 'import'>();

  const edit = (text: string) => {
    setCsv(text);
    setReport(null);
    setProblems(null);
  };

  const onFile = async (event: TargetedEvent<HTMLInputElement>) => {
    const file = event.currentTarget.files?.[0];
    if (!file) return;
    setError(null);
    if (file.size > MAX_FILE_BYTES) {
      setError('The file is larger than 2 MB: split it and import the parts one by one.');
      return;
    }
    edit(await file.text());
  };

  const send = (dryRun: boolean) => {
    setReport(null);
    setProblems(null);
    if (csv.trim() === '') {
      setError('Paste the CSV, or choose a file, first.');
      return;
    }
    if (csv.length > MAX_CSV_CHARS) {
      setError('The text is larger than 2 MB: split the file and import the parts one by one.');
      return;
    }
    void run(
      async () => {
        try {
          const result = await importCredentialHolders(csv, { dryRun });
          setReport(result);
          if (result.dryRun) return `The file is ready: ${holders(result.imported)} can be imported.`;
          props.onImported();
          return `Imported ${holders(result.imported)}.`;
        } catch (failure) {
          const rows = detailsOf(failure).filter((detail) => detail.rule === 'holder-csv');
          if (!(failure instanceof ApiError) || rows.length === 0) throw failure;
          setProblems({ summary: failure.message, lines: rows.map((detail) => detail.message) });
          return undefined;
        }
      },
      { kind: dryRun ? 'check' : 'import' },
    );
  };

  return (
    <section class="card holder-import" aria-labelledby="holder-import-title">
      <h2 id="holder-import-title">Import holders from CSV</h2>
      <p class="hint">
        Bring over people who already hold a certification. The first line names the columns:{' '}
        <code>name, email, certification, issued, expires, legacy id</code>. Certification is a code such as
        ACP-A; dates are YYYY-MM-DD; expires (otherwise the certification's validity) and legacy id (the ID on
        the old certificate, which keeps verifying) may be left empty. A file with any problem imports nobody.
      </p>
      <TextArea field="holder-csv" label="Holders (CSV)" value={csv} onInput={edit} rows={6} />
      <div class="field">
        <label for={fileId}>Or read a CSV file</label>
        <input id={fileId} type="file" accept=".csv,text/csv,text/plain" onChange={onFile} />
      </div>
      <div class="actions import-actions">
        <button type="button" class="secondary" disabled={busy} onClick={() => send(true)}>
          {busyWith === 'check' ? 'Checking…' : 'Check'}
        </button>
        <button type="button" disabled={busy} onClick={() => send(false)}>
          {busyWith === 'import' ? 'Importing…' : 'Import'}
        </button>
      </div>
      <Alert message={error} />
      <Status message={status} />
      {problems && (
        <div class="import-problems" role="alert">
          <p class="import-problems-title">{problems.summary}</p>
          <ul>
            {problems.lines.map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </ul>
        </div>
      )}
      {report && report.holders.length > 0 && <ImportedHolders report={report} />}
    </section>
  );
}

const holders = (count: number) => `${count} holder${count === 1 ? '' : 's'}`;

/** The holders of a check (what would be imported) or of an import (with their new certificate IDs). */
function ImportedHolders(props: { report: HolderImportReport }) {
  const { report } = props;
  return (
    <table class="data-table stack-table import-table">
      <caption>{report.dryRun ? 'Holders in the file (not imported yet)' : 'Imported holders'}</caption>
      <thead>
        <tr>
          <th scope="col">Line</th>
          <th scope="col">E-mail</th>
          <th scope="col">Certification</th>
          {!report.dryRun && <th scope="col">Certificate ID</th>}
          <th scope="col">Legacy ID</th>
        </tr>
      </thead>
      <tbody>
        {report.holders.map((holder) => (
          <tr key={holder.line}>
            <td data-label="Line">{holder.line}</td>
            <td data-label="E-mail" class="wrap">
              {holder.email}
            </td>
            <td data-label="Certification">{holder.certificationCode}</td>
            {!report.dryRun && (
              <td data-label="Certificate ID">
                <code class="certificate-id">{holder.certificateId}</code>
              </td>
            )}
            <td data-label="Legacy ID">{holder.legacyId ?? <span class="muted">None</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
