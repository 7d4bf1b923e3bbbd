/**
 * What the HTTP benchmarks share: a fresh database (PostgreSQL when DATABASE_URL is set, dropped afterwards;
 * PGlite in memory otherwise), autocannon load from a second process, a bare express 5 route as the
 * in-run baseline, and the median-of-alternating-rounds rule.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
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
export interface LoadFigures {
  readonly reqPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

/** How long and how hard to push. */
export interface LoadPlan {
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly connections: number;
}

/** A database for the run and how to get rid of it. */
export interface BenchDatabase {
  readonly database: Database;
  readonly label: 'postgres' | 'pglite';
  dispose(): Promise<void>;
}

export function positiveInt(raw: string, flag: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${flag} must be a positive whole number, got "${raw}"`);
  return value;
}

export function readOptions(
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
export async function openBenchDatabase(databaseUrl: string | undefined): Promise<BenchDatabase> {
  if (!databaseUrl) {
    const database = await openPglite(undefined);
    return { database, label: 'pglite', dispose: () => database.close() };
  }
  return createPostgresBenchDatabase(databaseUrl, `certamen_bench_${process.pid}`);
}

/** A fresh PostgreSQL database `<prefix>_<random>` on the server of `serverUrl`, dropped by dispose(). */
export async function createPostgresBenchDatabase(
  serverUrl: string,
  prefix: string,
): Promise<BenchDatabase & { readonly name: string; readonly url: string }> {
  const name = `${prefix}_${randomBytes(3).toString('hex')}`;
  await adminQuery(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  // The same pool size a production node opens (openConfiguredDatabase → openPostgres default).
  const database = await openPostgres(url.toString());
  return {
    database,
    label: 'postgres',
    name,
    url: url.toString(),
    dispose: async () => {
      await database.close();
      await dropWhenIdle(serverUrl, name);
    },
  };
}

/** Runs autocannon's CLI in a child process against `url` and reads the measured run from its JSON output. */
export function runLoad(
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

/** A bare express 5 app with one constant JSON route, listening on loopback: the ceiling to compare against. */
export async function startBareExpress(): Promise<{ url: string; close(): Promise<void> }> {
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

export function row(cells: readonly string[]): string {
  const widths = [34, 10, 8, 8];
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(' ');
}

/** Fails the run when a route answered anything but 2xx under load (the figures would be meaningless). */
export function assertClean(name: string, figures: LoadFigures): void {
  if (figures.non2xx > 0 || figures.errors > 0) {
    throw new Error(`${name}: ${figures.non2xx} non-2xx responses and ${figures.errors} errors under load`);
  }
}

/** The round whose ratio is the median: a burst of load elsewhere cannot land on one side only. */
export function medianRound<T>(rounds: readonly T[], ratioOf: (round: T) => number): T {
  const sorted = [...rounds].sort((a, b) => ratioOf(a) - ratioOf(b));
  return sorted[Math.floor(sorted.length / 2)] as T;
}

/** Signs the seeded demo candidate in over HTTP, as a browser would, and returns the access token. */
export async function signInDemoCandidate(baseUrl: string): Promise<string> {
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

/** A seeded app node on a fresh bench database, listening on loopback. */
export interface BenchServer {
  readonly baseUrl: string;
  readonly databaseLabel: 'postgres' | 'pglite';
  close(): Promise<void>;
}

/**
 * Starts the real server (demo tenant seeded) on a fresh database. Only DATABASE_URL is taken from the
 * environment; everything else is fixed so runs compare.
 */
export async function startBenchServer(env: Readonly<Record<string, string>> = {}): Promise<BenchServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'certamen-bench-'));
  const config = loadConfig({
    PORT: '0',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    SEED_DEMO: 'true',
    DATA_DIR: dataDir,
    DATABASE_URL: process.env.DATABASE_URL,
    ...env,
  });
  const bench = await openBenchDatabase(config.databaseUrl);
  const server = await startServer(config, { database: bench.database, logger: pino({ level: 'silent' }) });
  const { port } = server.httpServer.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    databaseLabel: bench.label,
    close: async () => {
      await server.close();
      await bench.dispose();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
