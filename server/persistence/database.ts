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
  /** Applies pending migrations (idempotent; serialised across nodes on PostgreSQL). */
  migrate(): Promise<void>;
  /** Throws when the database cannot answer a trivial query. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Folder of the generated SQL migrations (one set for both drivers). */
export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Opens embedded PGlite: persisted under `dir`, in memory when `dir` is undefined, or an existing instance. */
export async function openPglite(target: string | PGlite | undefined): Promise<Database> {
  let client: PGlite;
  // Told apart by type, not `instanceof`: a client may come from another copy of the PGlite module (ESM and
  // CommonJS builds loaded side by side), whose class is a different object.
  if (typeof target === 'string') {
    fs.mkdirSync(target, { recursive: true });
    client = new PGlite(target);
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
      if (!client.closed) await client.close();
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
  poolSize = 10,
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
