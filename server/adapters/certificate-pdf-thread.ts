import { Worker } from 'node:worker_threads';
import type { CertificateFields } from './certificate-pdf.js';
import type { CertificateTemplate } from './certificate-template.js';
import { workerBootstrap } from './off-thread.js';

/** A certificate to draw, as sent to the worker. */
export interface PdfRequest {
  readonly id: number;
  readonly template: CertificateTemplate;
  readonly fields: CertificateFields;
}

/** The worker's answer: the PDF's bytes, or why it could not be drawn. */
export type PdfReply =
  | { readonly id: number; readonly pdf: Uint8Array; readonly error?: undefined }
  | { readonly id: number; readonly error: string };

const BOOTSTRAP = workerBootstrap(new URL('./certificate-pdf-worker.ts', import.meta.url));

interface Pending {
  resolve(pdf: Buffer): void;
  reject(error: Error): void;
}

/**
 * One long-lived worker thread that draws certificates, started on first use. It keeps the process alive only
 * while it has work; if it fails or exits, whatever it was drawing is refused and the next certificate starts
 * a new one.
 */
class PdfThread {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  render(template: CertificateTemplate, fields: CertificateFields): Promise<Buffer> {
    const worker = this.running();
    const id = this.nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, template, fields } satisfies PdfRequest);
    });
  }

  private running(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(BOOTSTRAP, { eval: true });
    worker.unref();
    worker.on('message', (reply: PdfReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (!waiting) return;
      if (reply.error === undefined)
        waiting.resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
      else waiting.reject(new Error(`the certificate could not be drawn: ${reply.error}`));
    });
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the certificate renderer stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}

const thread = new PdfThread();

/**
 * Draws a certificate on the renderer thread: the same bytes `renderCertificatePdf` gives, without the event
 * loop doing the drawing.
 */
export function renderCertificatePdfOffThread(
  template: CertificateTemplate,
  fields: CertificateFields,
): Promise<Buffer> {
  return thread.render(template, fields);
}
