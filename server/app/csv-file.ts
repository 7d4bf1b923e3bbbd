/** A CSV file a use case hands to the HTTP edge to send as a download. */
export interface CsvFile {
  readonly filename: string;
  readonly contentType: 'text/csv; charset=utf-8';
  readonly body: string;
}

/** Letters, digits and dashes of a name, for a file name: `Partner Q3 (EMEA)` → `partner-q3-emea`. */
export function fileNamePart(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 60)
      .replace(/-+$/, '') || 'export'
  );
}

/** A CSV file of that name and text. */
export function csvFile(filename: string, body: string): CsvFile {
  return { filename, contentType: 'text/csv; charset=utf-8', body };
}
