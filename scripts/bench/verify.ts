/**
 * Verification benchmark: requests/s and p50/p99 of public certificate verification — the JSON API
 * (GET /api/v1/verify/<ID>) and the server-rendered page (GET /verify/<ID>) — next to a bare express 5 route
 * answering a constant in the same run, and their ratios. The looked-up credential is the demo candidate's.
 *
 *   DATABASE_URL=postgres://… npm run bench:verify      # a fresh database on that server (the target's setting)
 *   npm run bench:verify                                # embedded PGlite in memory
 *   npm run bench:verify -- --json --duration 6 --rounds 3 --connections 50 --warmup 2
 *
 * The per-address rate limiter stays in the path (in memory, as in production) with a limit high enough that
 * the load generator, one address, is never refused: the figures include its cost.
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

async function demoCertificateId(baseUrl: string): Promise<string> {
  const token = await signInDemoCandidate(baseUrl);
  const res = await fetch(`${baseUrl}/api/v1/me/credentials`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const body = (await res.json()) as { credentials: Array<{ certificateId: string }> };
  const id = body.credentials[0]?.certificateId;
  if (!id) throw new Error('the demo candidate holds no credential');
  return id;
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const node = await startBenchServer({ VERIFICATION_RATE_LIMIT_PER_MIN: '100000000' });
  const bare = await startBareExpress();
  try {
    const id = await demoCertificateId(node.baseUrl);
    const apiUrl = `${node.baseUrl}/api/v1/verify/${id}`;
    const pageUrl = `${node.baseUrl}/verify/${id}`;
    const check = (await (await fetch(apiUrl)).json()) as {
      outcome: string;
      credential?: { status: string };
    };
    if (check.outcome !== 'found' || check.credential?.status !== 'active') {
      throw new Error(`the demo credential did not verify: ${JSON.stringify(check)}`);
    }
    if (!(await (await fetch(pageUrl)).text()).includes('Valid until'))
      throw new Error('the page does not say valid');

    const rounds: Array<{ api: LoadFigures; page: LoadFigures; baseline: LoadFigures }> = [];
    for (let round = 0; round < options.rounds; round++) {
      const baseline = await runLoad(bare.url, {}, options);
      const api = await runLoad(apiUrl, {}, options);
      const page = await runLoad(pageUrl, {}, options);
      assertClean('GET /bare', baseline);
      assertClean('GET /api/v1/verify/:id', api);
      assertClean('GET /verify/:id', page);
      rounds.push({ api, page, baseline });
    }
    const apiRatio = (r: (typeof rounds)[number]) => r.api.reqPerSec / r.baseline.reqPerSec;
    const median = medianRound(rounds, apiRatio);
    const { api, page, baseline } = median;
    const pageRatio = page.reqPerSec / baseline.reqPerSec;

    console.log(
      `${options.connections} connections, ${options.warmupSec} s warm-up, ${options.durationSec} s measured, ` +
        `${options.rounds} alternating rounds (median by JSON ratio shown), database ${node.databaseLabel}, ` +
        `node ${process.version}, ${os.cpus().length} CPUs`,
    );
    console.log(row(['route', 'req/s', 'p50 ms', 'p99 ms']));
    for (const [name, f] of [
      [`GET /api/v1/verify/:id (${node.databaseLabel})`, api],
      [`GET /verify/:id page (${node.databaseLabel})`, page],
      ['GET /bare (express 5, constant)', baseline],
    ] as const) {
      console.log(row([name, f.reqPerSec.toFixed(0), String(f.p50Ms), String(f.p99Ms)]));
    }
    console.log(
      `ratio JSON API ÷ bare: ${apiRatio(median).toFixed(2)} (target ≥ 0.5 on PostgreSQL; rounds: ${rounds
        .map((r) => apiRatio(r).toFixed(2))
        .join(', ')}); page ÷ bare: ${pageRatio.toFixed(2)}`,
    );
    if (options.json) {
      console.log(
        JSON.stringify({
          apiReqPerSec: api.reqPerSec,
          apiP50Ms: api.p50Ms,
          apiP99Ms: api.p99Ms,
          pageReqPerSec: page.reqPerSec,
          pageP50Ms: page.p50Ms,
          pageP99Ms: page.p99Ms,
          bareReqPerSec: baseline.reqPerSec,
          bareP50Ms: baseline.p50Ms,
          bareP99Ms: baseline.p99Ms,
          apiRatio: Number(apiRatio(median).toFixed(3)),
          pageRatio: Number(pageRatio.toFixed(3)),
          roundApiRatios: rounds.map((r) => Number(apiRatio(r).toFixed(3))),
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
