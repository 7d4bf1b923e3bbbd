/**
 * An optional timing hook on the CAT engine calls of live attempts, for benchmarks and profiling. It publishes on
 * a diagnostics channel (node:diagnostics_channel) and costs one boolean check when nobody subscribes.
 */
import diagnosticsChannel from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';

/** One engine call: which attempt, re-estimating θ after an answer or choosing what comes next, and how long. */
export interface CatTiming {
  readonly attemptId: string;
  readonly step: 'estimate' | 'select';
  readonly ms: number;
}

/** Subscribe here (`catTimingChannel.subscribe(listener)`) to receive a CatTiming per engine call. */
export const catTimingChannel = diagnosticsChannel.channel('certamen:delivery:cat');

/** Runs one engine call, timed and published when someone listens. */
export function timedCat<T>(attemptId: string, step: CatTiming['step'], call: () => T): T {
  if (!catTimingChannel.hasSubscribers) return call();
  const started = performance.now();
  const value = call();
  catTimingChannel.publish({ attemptId, step, ms: performance.now() - started } satisfies CatTiming);
  return value;
}
