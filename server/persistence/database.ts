import { DEFAULT_DATABASE_POOL_SIZE } from '../config.js';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema.js';

/** The Drizzle handle every repository takes: the same type over PGlite and pg. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A transaction handle; repositories accept either a Db or a Tx. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** Either a whole database or an open transaction. */
export type Executor = Db | Tx;

/** An open database with its lifecycle. */
export interface Database {
  readonly db: Db;
  readonly kind: 'pglite' | 'postgres';
  /** PostgreSQL's connection pool (undefined on the embedded database), for what needs a connection of its own. */
  readonly pool?: pg.Pool;
  /** Applies pending migrations (idempotent; serialised across nodes on PostgreSQL). */
  migrate(): Promise<void>;
  /** Throws when the database cannot answer a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Folder of the generated SQL migrations (one set for both drivers). */
export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** The embedded database directory is held by another live process (or already open in this one). */
export class DatabaseInUseError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database in ${dir} is in use by process ${pid}${pid === process.pid ? ' (this one)' : ''}; ` +
        'stop that process first (the server or a command-line tool), or, while the server runs, make the ' +
        'change through its API, or run on PostgreSQL (DATABASE_URL), which several processes can share',
    );
    this.name = 'DatabaseInUseError';
  }
}

function lockHolder(file: string): number | undefined {
  for (let attempt = 0; attempt < 2; attempt++) {
    let text = '';
    try {
      text = fs.readFileSync(file, 'utf8').trim();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    if (/^\d+$/.test(text)) return Number(text);
    // Created but not yet written by its owner: look once more.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  return undefined;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the embedded database directory for this process: PGlite is single-connection and another
 * process's writes would be silently lost (each process keeps its own copy in memory and writes it back).
 * The lock is `<dir>.lock` with the owner's pid; a lock whose process is gone is taken over. Returns the
 * release function (also run when the process exits).
 */
function holdDirectory(dir: string): () => void {
  const file = `${dir}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.off('exit', release);
        if (lockHolder(file) === process.pid) fs.rmSync(file, { force: true });
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = lockHolder(file);
    if (holder !== undefined && isRunning(holder)) throw new DatabaseInUseError(dir, holder);
    // A stale lock (its process died without releasing it): take it over, unless another opener just did.
    if (lockHolder(file) === holder) fs.rmSync(file, { force: true });
  }
  throw new DatabaseInUseError(dir, lockHolder(file) ?? 0);
}

/**
 * Opens embedded PGlite: persisted under `dir` (held by this process until closed; another opener gets a
 * DatabaseInUseError), in memory when `dir` is undefined, or an existing instance.
 */
export async function openPglite(target: string | PGlite | undefined): Promise<Database> {
  let client: PGlite;
  let release: () => void = () => {};
  // Told apart by type, not `instanceof`: a client may come from another copy of the PGlite module (ESM and
  // CommonJS builds loaded side by side), whose class is a different object.
  if (typeof target === 'string') {
    const dir = path.resolve(target);
    fs.mkdirSync(dir, { recursive: true });
    release = holdDirectory(dir);
    try {
      client = new PGlite(dir);
      await client.waitReady;
    } catch (error) {
      release();
      throw error;
    }
  } else client = target ?? new PGlite();
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    migrate: async () => {
      await migratePglite(drizzlePglite(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
    },
    ping: async () => {
      await client.query('select 1');
    },
    close: async () => {
      try {
        if (!client.closed) await client.close();
      } finally {
        release();
      }
    },
  };
}

// Any constant works; it only has to be the same on every node.
const MIGRATION_LOCK_KEY = 727_364_001;

/**
 * Opens a pool to a PostgreSQL server. `onConnectionError` hears about idle connections the server dropped
 * (restart, failover); the pool discards them and opens new ones, so the process must not die of it.
 */
export async function openPostgres(
  url: string,
  poolSize = DEFAULT_DATABASE_POOL_SIZE,
  onConnectionError: (error: Error) => void = () => undefined,
): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // The pool listens for errors on idle connections only. A connection in use (a transaction, a migration)
  // that the server terminates emits 'error' too, and with no listener that would end the process: the
  // query in flight fails on its own (the request answers 503), so here it is only reported, once per client.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', onConnectionError);
  });
  const db = drizzleNodePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    pool,
    migrate: async () => {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migrateNodePg(drizzleNodePg(client, { schema }), { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
        client.release();
      }
    },
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}

/** Runs `work` in one transaction: everything it writes commits together or not at all. */
export function inTransaction<T>(db: Db, work: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(work);
}
