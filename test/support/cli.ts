import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { scryptPasswordHasher } from '../../server/adapters/password-hasher.js';
import { loadConfig } from '../../server/config.js';
import { openConfiguredDatabase, startServer } from '../../server/main.js';
import type { Database } from '../../server/persistence/database.js';
import { createTestDatabase } from './database.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
// Test code may read process.env: with DATABASE_URL set the suite runs against that PostgreSQL server.
const serverUrl = process.env.DATABASE_URL || undefined;

/** What a command-line run printed and how it exited. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A seeded demo database for command-line tools, and a way to run them against it. */
export interface CliHarness {
  /** Runs `node --import tsx <script> <args>` with DATA_DIR / DATABASE_URL pointing at the harness's data. */
  run(script: string, ...args: string[]): Promise<CliResult>;
  /** The same, with some environment variables changed (say, another DATA_DIR). */
  runWithEnv(env: Record<string, string>, script: string, ...args: string[]): Promise<CliResult>;
  /** Opens the same database the tools see. */
  open(): Promise<Database>;
  readonly dataDir: string;
  close(): Promise<void>;
}

/**
 * Seeds the demo tenant by starting the real server once on fresh data (an embedded database under a
 * temporary DATA_DIR, or a fresh database on the server when DATABASE_URL is set), then stops it.
 */
export async function seededCliHarness(): Promise<CliHarness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certamen-cli-'));
  let databaseUrl = '';
  let dropDatabase: (() => Promise<void>) | undefined;
  const config = loadConfig({ PORT: '0', NODE_ENV: 'test', DATA_DIR: dataDir, SEED_DEMO: 'true' });
  const options = { logger: pino({ level: 'silent' }), passwords: scryptPasswordHasher({ n: 1024 }) };
  if (serverUrl) {
    const database = await createTestDatabase();
    const url = new URL(serverUrl);
    url.pathname = `/${database.name}`;
    databaseUrl = url.toString();
    const server = await startServer(config, { ...options, database });
    await server.close();
    dropDatabase = () => database.close();
  } else {
    const server = await startServer(config, options);
    await server.close();
  }
  const runWithEnv = (env: Record<string, string>, script: string, ...args: string[]) =>
    new Promise<CliResult>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', script, ...args],
        {
          cwd: repoRoot,
          env: {
            ...process.env,
            NODE_ENV: 'test',
            DATA_DIR: dataDir,
            DATABASE_URL: databaseUrl,
            // Tools must only use what is there: even told to seed, they create nothing.
            SEED_DEMO: 'true',
            ...env,
          },
          timeout: 100_000,
          maxBuffer: 64 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  return {
    dataDir,
    run: (script, ...args) => runWithEnv({}, script, ...args),
    runWithEnv,
    open: () =>
      openConfiguredDatabase(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: databaseUrl })),
    close: async () => {
      await dropDatabase?.();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
