import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { expect } from 'chai';
import { workerBootstrap } from '../../../server/adapters/off-thread.js';
import { BACKGROUND_NICE } from '../../../server/adapters/thread-priority.js';
import { startTestServer } from '../../support/server.js';

/** This process's threads and the nice value of each (Linux's /proc: field 19 of a thread's stat line). */
function threadNices(): Map<number, number> {
  const nices = new Map<number, number>();
  for (const tid of fs.readdirSync('/proc/self/task')) {
    try {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      // The fields after the command name (which may hold spaces, in parentheses) start at field 3.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      nices.set(Number(tid), Number(fields[19 - 3]));
    } catch {
      // The thread ended while the list was read.
    }
  }
  return nices;
}

// On Linux a nice value belongs to a thread; elsewhere it is the process's, and nothing is lowered.
const onLinux = process.platform === 'linux' ? it : it.skip;

describe('background threads give way to the event loop', function () {
  this.timeout(60_000);

  onLinux(
    'a started node runs every thread but its event loop below it (Linux only: nice per thread)',
    async () => {
      const before = threadNices().get(process.pid) as number;
      const server = await startTestServer();
      try {
        const nices = threadNices();
        expect(nices.get(process.pid), 'the event loop keeps its priority').to.equal(before);
        const background = [...nices].filter(([tid]) => tid !== process.pid);
        expect(background.length, 'V8 helpers and libuv pool threads').to.be.at.least(4);
        const floor = Math.max(BACKGROUND_NICE, before);
        for (const [tid, nice] of background) expect(nice, `thread ${tid}`).to.be.at.least(floor);
      } finally {
        await server.close();
      }
    },
  );

  onLinux(
    'a worker lowers its own thread before it starts any other (Linux only: nice per thread)',
    async () => {
      const before = new Set(threadNices().keys());
      const entry = new URL('../../fixtures/workers/report-priority.ts', import.meta.url);
      const worker = new Worker(workerBootstrap(entry), { eval: true });
      try {
        const own = await new Promise<number>((resolve, reject) => {
          worker.once('message', resolve);
          worker.once('error', reject);
        });
        expect(own, "the worker's thread").to.be.at.least(BACKGROUND_NICE);
        // The worker's thread and the loader thread tsx starts from it, both started after the lowering.
        const started = [...threadNices()].filter(([tid]) => !before.has(tid));
        expect(started.length).to.be.at.least(1);
        for (const [tid, nice] of started) expect(nice, `thread ${tid}`).to.be.at.least(BACKGROUND_NICE);
      } finally {
        await worker.terminate();
      }
    },
  );
});
