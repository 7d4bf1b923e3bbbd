import type { DownloadedFile } from '../api';

/** How long an object URL outlives its click: the browser has read the blob well before then. */
const RELEASE_AFTER_MS = 60_000;

/**
 * Hand a fetched file to the browser as a download. The API wants a bearer token, which a plain link cannot
 * send, so the file was fetched first; an object URL on an `<a download>` then saves it under its name.
 */
export function saveFile(file: DownloadedFile): void {
  const url = URL.createObjectURL(file.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), RELEASE_AFTER_MS);
}
