import { readdir } from 'node:fs/promises';
import os from 'node:os';

/**
 * The nice value of a node's background threads, below the event loop's (0). The event loop answers live exams;
 * the other threads do work that can wait a few milliseconds: V8's garbage-collection and compiler helpers, libuv's
 * pool (files, hashing, WebCrypto), the certificate renderer and the psychometrics workers. At the same priority
 * they take turns with the event loop whenever the machine is busy, and an answer waits for its turn. Lowered,
 * they use the CPU the event loop leaves (bench:delivery on two cores, ten paired runs: median answer p99 41 → 37 ms,
 * p50 12 → 10 ms).
 */
export const BACKGROUND_NICE = 10;

/**
 * Linux keeps a nice value per thread. Elsewhere the value is the process's, and lowering "this thread" would
 * lower the event loop with it, so nothing is changed there.
 */
const PER_THREAD = process.platform === 'linux';

/**
 * Lowers thread `tid` to the background unless it already runs lower (a node started at nice 15 keeps its threads
 * there); false when it cannot be (it ended, or the system refused). `lowerThisThreadScript` says the same in
 * plain JavaScript.
 */
function lower(tid: number): boolean {
  try {
    if (os.getPriority(tid) < BACKGROUND_NICE) os.setPriority(tid, BACKGROUND_NICE);
    return true;
  } catch {
    return false;
  }
}

/**
 * `lower` for the calling thread as JavaScript (an expression, a promise), for a worker's bootstrap to run before
 * anything else, tsx included: the threads the worker then starts (tsx's loader thread) inherit the lower
 * priority. 0 names the calling thread, and on Linux setpriority applies to that one thread.
 */
export const lowerThisThreadScript = PER_THREAD
  ? `import('node:os').then((os) => { try { if (os.getPriority(0) < ${BACKGROUND_NICE}) os.setPriority(0, ${BACKGROUND_NICE}); } catch {} })`
  : 'Promise.resolve()';

/**
 * Lowers every thread of this process but the main one (the event loop) to the background, and returns how many
 * now run there. Threads started later by the event loop would run at its priority: workers lower themselves
 * (see `workerBootstrap`), and libuv's pool has all its threads by the time this returns, since listing the
 * threads is itself work for that pool.
 */
export async function lowerBackgroundThreads(): Promise<number> {
  if (!PER_THREAD) return 0;
  let lowered = 0;
  for (const tid of (await readdir('/proc/self/task')).map(Number)) {
    if (tid !== process.pid && lower(tid)) lowered += 1;
  }
  return lowered;
}
