import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { type Database, openPglite, openPostgres } from '../../server/persistence/database.js';

// Test code may read process.env: only the server is held to reading it through config.ts.
const serverUrl = process.env.DATABASE_URL || undefined;

// Mocha loads test files with require() when it can and with import() when it must (top-level await), so this
// module can be instantiated twice in one run. What must be shared, the databases to drop at the end and the
// templates, lives on one process-wide object.
interface TestDatabaseState {
  pgliteTemplate?: Promise<PGlite>;
  pgTemplate?: Promise<string>;
  readonly created: string[];
}
const STATE_KEY = Symbol.for('certamen.test-databases');
const registry = globalThis as Record<symbol, TestDatabaseState | undefined>;
registry[STATE_KEY] ??= { created: [] };
const state = registry[STATE_KEY];
const created = state.created;

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** Migrates one template per test process; every test file then gets a cheap copy of it. */
function templateName(): Promise<string> {
  state.pgTemplate ??= (async () => {
    const name = `certamen_tpl_${process.pid}_${randomBytes(3).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    created.push(name);
    const db = await openPostgres(withDatabase(serverUrl!, name), 1);
    await db.migrate();
    await db.close();
    return name;
  })();
  return state.pgTemplate;
}

/**
 * A fresh, migrated, isolated database for one test file: a clone of a migrated in-memory PGlite, or — with
 * DATABASE_URL set — a new database on that server created from a migrated template.
 */
export async function createTestDatabase(): Promise<Database & { readonly name: string }> {
  if (serverUrl) {
    const template = await templateName();
    const name = `certamen_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await adminQuery(`create database ${name} template ${template}`);
    created.push(name);
    const database = await openPostgres(withDatabase(serverUrl, name), 5);
    return { ...database, name };
  }
  state.pgliteTemplate ??= (async () => {
    const client = new PGlite();
    await (await openPglite(client)).migrate();
    return client;
  })();
  const clone = (await (await state.pgliteTemplate).clone()) as PGlite;
  const database = await openPglite(clone);
  return { ...database, name: 'pglite-memory' };
}

/** Drops every database this process created on the server (called once after the whole run). */
export async function dropTestDatabases(): Promise<void> {
  if (!serverUrl) return;
  for (const name of created.reverse()) {
    await adminQuery(`drop database if exists ${name} with (force)`).catch(() => undefined);
  }
}
