/**
 * HTTP benchmark: requests/s and p50/p99 latency of the authenticated read route GET /api/v1/me on the real
 * app, next to a bare express 5 route returning a constant JSON in the same process, and their ratio.
 *
 *   npm run bench:http                                  # embedded PGlite in memory
 *   DATABASE_URL=postgres://… npm run bench:http        # a fresh database on that server, dropped afterwards
 *   npm run bench:http -- --json --duration 6 --rounds 3 --connections 50 --warmup 2
 *
 * The load comes from autocannon in a second process (its CLI, over loopback), so the load generator does not
 * compete with the server for its event loop. With --json the last stdout line is one JSON object.
 */
import os from 'node:os';
import {
  assertClean,
  type LoadFigures,
  medianRound,
  readOptions,
  row,
  runLoad,
  signInDemoCandidate,
  startBareExpress,
  startBenchServer,
} from './load.js';

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const node = await startBenchServer();
  const bare = await startBareExpress();
  try {
    const base = node.baseUrl;
    const token = await signInDemoCandidate(base);
    const auth = { Authorization: `Bearer ${token}` };
    const check = await fetch(`${base}/api/v1/me`, { headers: auth });
    if (check.status !== 200)
      throw new Error(`GET /api/v1/me answered ${check.status}: ${await check.text()}`);

    // The machine is shared and noisy: alternate the two routes for several rounds and keep the round with
    // the median ratio, so a burst of load elsewhere cannot land on one side only.
    const rounds: Array<{ me: LoadFigures; baseline: LoadFigures }> = [];
    for (let round = 0; round < options.rounds; round++) {
      const baseline = await runLoad(bare.url, {}, options);
      const me = await runLoad(`${base}/api/v1/me`, auth, options);
      assertClean('GET /api/v1/me', me);
      assertClean('GET /bare', baseline);
      rounds.push({ me, baseline });
    }
    const ratioOf = (r: (typeof rounds)[number]) => r.me.reqPerSec / r.baseline.reqPerSec;
    const { me, baseline } = medianRound(rounds, ratioOf);
    const allRatios = rounds.map((r) => ratioOf(r).toFixed(2)).join(', ');
    const ratio = me.reqPerSec / baseline.reqPerSec;

    console.log(
      `${options.connections} connections, ${options.warmupSec} s warm-up, ${options.durationSec} s measured, ` +
        `${options.rounds} alternating rounds (median shown), ` +
        `database ${node.databaseLabel}, node ${process.version}, ${os.cpus().length} CPUs`,
    );
    console.log(row(['route', 'req/s', 'p50 ms', 'p99 ms']));
    console.log(
      row([
        `GET /api/v1/me (${node.databaseLabel})`,
        me.reqPerSec.toFixed(0),
        String(me.p50Ms),
        String(me.p99Ms),
      ]),
    );
    console.log(
      row([
        'GET /bare (express 5, constant)',
        baseline.reqPerSec.toFixed(0),
        String(baseline.p50Ms),
        String(baseline.p99Ms),
      ]),
    );
    console.log(`ratio /me ÷ bare: ${ratio.toFixed(2)} (target ≥ 0.5 on PostgreSQL; rounds: ${allRatios})`);
    if (options.json) {
      console.log(
        JSON.stringify({
          meReqPerSec: me.reqPerSec,
          meP50Ms: me.p50Ms,
          meP99Ms: me.p99Ms,
          bareReqPerSec: baseline.reqPerSec,
          bareP50Ms: baseline.p50Ms,
          bareP99Ms: baseline.p99Ms,
          ratio: Number(ratio.toFixed(3)),
          roundRatios: rounds.map((r) => Number(ratioOf(r).toFixed(3))),
          database: node.databaseLabel,
        }),
      );
    }
  } finally {
    await bare.close();
    await node.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
