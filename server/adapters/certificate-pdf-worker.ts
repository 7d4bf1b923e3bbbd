// Entry of the worker thread that renders certificate PDFs (certificate-pdf-thread.ts), so that drawing a
// certificate (a few milliseconds of CPU each) never holds up the event loop answering candidates.
import { parentPort } from 'node:worker_threads';
import { renderCertificatePdf } from './certificate-pdf.js';
import type { PdfReply, PdfRequest } from './certificate-pdf-thread.js';

parentPort?.on('message', (request: PdfRequest) => {
  renderCertificatePdf(request.template, request.fields).then(
    (pdf) => parentPort?.postMessage({ id: request.id, pdf } satisfies PdfReply),
    (error: unknown) =>
      parentPort?.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies PdfReply),
  );
});
