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
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import express from 'express';
import pg from 'pg';
import pino from 'pino';
import { DEMO_PASSWORD, DEMO_USERS } from '../../server/app/seed-demo.js';
import { loadConfig } from '../../server/config.js';
import { startServer } from '../../server/main.js';
import { type Database, openPglite, openPostgres } from '../../server/persistence/database.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const AUTOCANNON_CLI = path.join(ROOT, 'node_modules/autocannon/autocannon.js');

/** What one autocannon run measured. */
interface LoadFigures {
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

/** How long and how hard to push. */
interface LoadPlan {
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly connections: number;
}

/** A database for the run and how to get rid of it. */
interface BenchDatabase {
  readonly database: Database;
  readonly label: 'postgres' | 'pglite';
  dispose(): Promise<void>;
}

function positiveInt(raw: string, flag: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${flag} must be a positive whole number, got "${raw}"`);
  return value;
}

function readOptions(
  argv: readonly string[],
): LoadPlan & { readonly json: boolean; readonly rounds: number } {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      json: { type: 'boolean', default: false },
      duration: { type: 'string', default: '6' },
      rounds: { type: 'string', default: '3' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '50' },
    },
  });
  return {
    json: values.json,
    durationSec: positiveInt(values.duration, 'duration'),
    rounds: positiveInt(values.rounds, 'rounds'),
    warmupSec: positiveInt(values.warmup, 'warmup'),
    connections: positiveInt(values.connections, 'connections'),
  };
}

async function adminQuery(serverUrl: string, text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

/**
 * Drops the bench database once its connections are gone. pg-pool's end() resolves before its clients have
 * hung up, and a forced drop would cut a still-open pool connection under the server's feet, so wait for
 * PostgreSQL to see them leave first.
 */
async function dropWhenIdle(serverUrl: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const { rows } = await adminQuery(
      serverUrl,
      'select count(*)::int as n from pg_stat_activity where datname = $1',
      [name],
    );
    if ((rows[0] as { n: number }).n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await adminQuery(serverUrl, `drop database if exists ${name} with (force)`);
}

/** PostgreSQL: a fresh database on the configured server (dropped afterwards); otherwise PGlite in memory. */
async function openBenchDatabase(databaseUrl: string | undefined): Promise<BenchDatabase> {
  if (!databaseUrl) {
    const database = await openPglite(undefined);
    return { database, label: 'pglite', dispose: () => database.close() };
  }
  const name = `certamen_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  await adminQuery(databaseUrl, `create database ${name}`);
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  // The same pool size a production node opens (openConfiguredDatabase → openPostgres default).
  const database = await openPostgres(url.toString());
  return {
    database,
    label: 'postgres',
    dispose: async () => {
      await database.close();
      await dropWhenIdle(databaseUrl, name);
    },
  };
}

/** Runs autocannon's CLI in a child process against `url` and reads the measured run from its JSON output. */
function runLoad(
  url: string,
  headers: Readonly<Record<string, string>>,
  plan: LoadPlan,
): Promise<LoadFigures> {
  const args = [
    AUTOCANNON_CLI,
    '--json',
    '--no-progress',
    '--connections',
    String(plan.connections),
    '--duration',
    String(plan.durationSec),
    '--warmup',
    '[',
    '-c',
    String(plan.connections),
    '-d',
    String(plan.warmupSec),
    ']',
    ...Object.entries(headers).flatMap(([name, value]) => ['--headers', `${name}=${value}`]),
    url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      // With --warmup autocannon prints the warm-up result first; the last line is the measured run.
      const last = stdout.trim().split('\n').at(-1);
      if (code !== 0 || !last) {
        reject(new Error(`autocannon exited with ${code}: ${stdout.slice(0, 500)}`));
        return;
      }
      const result = JSON.parse(last) as {
        requests: { average: number };
        latency: { p50: number; p99: number };
        non2xx: number;
        errors: number;
      };
      resolve({
        reqPerSec: result.requests.average,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors,
      });
    });
  });
}

/** Signs the seeded demo candidate in over HTTP, as a browser would, and returns the access token. */
async function signInDemoCandidate(baseUrl: string): Promise<string> {
  const candidate = DEMO_USERS.find((user) => user.roles.includes('candidate'));
  if (!candidate) throw new Error('the demo seed has no candidate');
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ tenant: candidate.tenant, email: candidate.email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`demo sign-in failed with ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** A bare express 5 app with one constant JSON route, listening on loopback: the ceiling to compare against. */
async function startBareExpress(): Promise<{ url: string; close(): Promise<void> }> {
  const app = express();
  app.get('/bare', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/bare`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function row(cells: readonly string[]): string {
  const widths = [34, 10, 8, 8];
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' ');
}

async function main(): Promise<void> {
  const options = readOptions(process.argv.slice(2));
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'certamen-bench-'));
  // Only DATABASE_URL is taken from the environment; everything else is fixed so runs compare.
  const config = loadConfig({
    PORT: '0',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'true',
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
  });
  const bench = await openBenchDatabase(config.databaseUrl);
  const server = await startServer(config, { database: bench.database, logger: pino({ level: 'silent' }) });
  const bare = await startBareExpress();
  try {
    const { port } = server.httpServer.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
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
      for (const [name, figures] of [
        ['GET /api/v1/me', me],
        ['GET /bare', baseline],
      ] as const) {
        if (figures.non2xx > 0 || figures.errors > 0) {
          throw new Error(
            `${name}: ${figures.non2xx} non-2xx responses and ${figures.errors} errors under load`,
          );
        }
      }
      rounds.push({ me, baseline });
    }
    const ratioOf = (r: (typeof rounds)[number]) => r.me.reqPerSec / r.baseline.reqPerSec;
    const sorted = [...rounds].sort((a, b) => ratioOf(a) - ratioOf(b));
    const { me, baseline } = sorted[Math.floor(sorted.length / 2)]!;
    const allRatios = rounds.map((r) => ratioOf(r).toFixed(2)).join(', ');
    const ratio = me.reqPerSec / baseline.reqPerSec;

    console.log(
      `${options.connections} connections, ${options.warmupSec} s warm-up, ${options.durationSec} s measured, ` +
        `${options.rounds} alternating rounds (median shown), ` +
        `database ${bench.label}, node ${process.version}, ${os.cpus().length} CPUs`,
    );
    console.log(row(['route', 'req/s', 'p50 ms', 'p99 ms']));
    console.log(
      row([`GET /api/v1/me (${bench.label})`, me.reqPerSec.toFixed(0), String(me.p50Ms), String(me.p99Ms)]),
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
          database: bench.label,
        }),
      );
    }
  } finally {
    await bare.close();
    await server.close();
    await bench.dispose();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
