// Entry of the worker thread that runs CPU-heavy psychometrics (simulation studies, calibration) off
// the event loop, so a long study does not stall other requests. Loaded by off-thread.ts.
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import { type BlueprintStudy, simulateBlueprint } from '../domain/assessment/simulate-blueprint.js';
import { DomainError } from '../domain/errors.js';
import { type CalibrationInput, calibrateItems } from '../domain/psychometrics/calibration/index.js';
import { seededRng } from '../domain/psychometrics/rng.js';
import type { PsychometricsJob } from './off-thread.js';

function run(job: PsychometricsJob): unknown {
  switch (job.kind) {
    case 'simulation': {
      const { seed, ...study } = job.input as BlueprintStudy & { seed: number };
      return simulateBlueprint(study, seededRng(seed), () => performance.now());
    }
    case 'calibration':
      return calibrateItems(job.input as CalibrationInput);
  }
}

parentPort?.once('message', (job: PsychometricsJob) => {
  try {
    parentPort?.postMessage({ ok: true, value: run(job) });
  } catch (error) {
    const known =
      error instanceof DomainError
        ? { code: error.code, message: error.message, details: error.details }
        : undefined;
    parentPort?.postMessage({ ok: false, known, message: String((error as Error)?.stack ?? error) });
  }
});
