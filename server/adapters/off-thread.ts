import { Worker } from 'node:worker_threads';
import type { BlueprintStudy, BlueprintStudyOutcome } from '../domain/assessment/simulate-blueprint.js';
import { DomainError, type ErrorCode, type ErrorDetail } from '../domain/errors.js';
import type { CalibrationInput, CalibrationReport } from '../domain/psychometrics/calibration/index.js';
import { lowerThisThreadScript } from './thread-priority.js';

/** A CPU-heavy psychometrics job and its input (structured-cloneable). */
export type PsychometricsJob =
  | { readonly kind: 'simulation'; readonly input: BlueprintStudy & { readonly seed: number } }
  | { readonly kind: 'calibration'; readonly input: CalibrationInput };

type Reply =
  | { ok: true; value: unknown }
  | { ok: false; known?: { code: ErrorCode; message: string; details?: ErrorDetail[] }; message: string };

const TSX_API = import.meta.resolve('tsx/esm/api');

/**
 * The code a worker thread starts with (`eval: true`) to run a TypeScript entry: Node 20 does not pass module
 * loaders to workers, so the worker registers tsx before loading its entry. Every worker does background work:
 * it first lowers its own thread below the event loop (see thread-priority.ts), before tsx starts its loader thread.
 */
export function workerBootstrap(entry: URL): string {
  return [
    lowerThisThreadScript,
    `.then(() => import(${JSON.stringify(TSX_API)})).then((tsx) => tsx.register())`,
    `.then(() => import(${JSON.stringify(entry.href)}))`,
  ].join('');
}

const BOOTSTRAP = workerBootstrap(new URL('./psychometrics-worker.ts', import.meta.url));

/** Runs a simulation study in a worker thread; resolves with its figures or why it could not run. */
export function runOffThread(
  job: Extract<PsychometricsJob, { kind: 'simulation' }>,
): Promise<BlueprintStudyOutcome>;
/** Runs a calibration in a worker thread. */
export function runOffThread(
  job: Extract<PsychometricsJob, { kind: 'calibration' }>,
): Promise<CalibrationReport>;
export function runOffThread(job: PsychometricsJob): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOTSTRAP, { eval: true });
    let settled = false;
    worker.once('message', (reply: Reply) => {
      settled = true;
      void worker.terminate();
      if (reply.ok) resolve(reply.value);
      else if (reply.known)
        reject(new DomainError(reply.known.code, reply.known.message, reply.known.details));
      else reject(new Error(`psychometrics worker failed: ${reply.message}`));
    });
    worker.once('error', (error) => {
      if (!settled) reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`psychometrics worker exited with code ${code} before answering`));
    });
    worker.postMessage(job);
  });
}
