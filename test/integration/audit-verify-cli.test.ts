import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { scryptPasswordHasher } from '../../server/adapters/password-hasher.js';
import { loadConfig } from '../../server/config.js';
import { openConfiguredDatabase, startServer } from '../../server/main.js';
import { inTransaction } from '../../server/persistence/database.js';
import { findTenantBySlug } from '../../server/persistence/repositories/tenants.js';
import { createTestDatabase } from '../support/database.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
// Test code may read process.env: with DATABASE_URL set the suite runs against that PostgreSQL server.
const serverUrl = process.env.DATABASE_URL || undefined;

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

describe('audit:verify CLI', function () {
  // Each run starts a fresh node process that loads TypeScript through tsx.
  this.timeout(60_000);

  let dataDir: string;
  /** DATABASE_URL for the CLI ('' means the embedded database under DATA_DIR). */
  let databaseUrl = '';
  let dropDatabase: (() => Promise<void>) | undefined;

  /** Runs `node --import tsx scripts/audit-verify.ts <args>` against this suite's data. */
  function cli(...args: string[]): Promise<CliResult> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'scripts/audit-verify.ts', ...args],
        {
          cwd: repoRoot,
          env: {
            ...process.env,
            NODE_ENV: 'test',
            DATA_DIR: dataDir,
            DATABASE_URL: databaseUrl,
            // The CLI must only read: even told to seed, it creates nothing (see the empty DATA_DIR test).
            SEED_DEMO: 'true',
          },
          timeout: 45_000,
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
          resolve({ code, stdout, stderr });
        },
      );
    });
  }

  /** Opens the same database the CLI sees, for setting up and tampering. */
  async function openSameDatabase() {
    return openConfiguredDatabase(
      loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: databaseUrl }),
    );
  }

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certamen-audit-cli-'));
    // Seed the demo tenant by starting the real server once on this data, then stopping it.
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
  });
  after(async () => {
    await dropDatabase?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reports the seeded demo chain intact with its entry count (exit 0)', async () => {
    const result = await cli('--tenant', 'acme');
    expect(result.stderr).to.equal('');
    expect(result.code).to.equal(0);
    // The seed writes tenant.created and one user.seeded per demo account of acme (5).
    expect(result.stdout.trim()).to.equal('audit chain of acme: intact, 6 entries');
  });

  it('prints the verdict as JSON with --json', async () => {
    const result = await cli('--tenant=acme', '--json');
    expect(result.code).to.equal(0);
    const verdict = JSON.parse(result.stdout);
    expect(verdict).to.include({ tenant: 'acme', intact: true, entries: 6 });
    expect(verdict.tenantId).to.match(/^[0-9a-f-]{36}$/);
  });

  it('refuses an unknown tenant with exit 2 and a clear message', async () => {
    const result = await cli('--tenant', 'no-such-tenant');
    expect(result.code).to.equal(2);
    expect(result.stdout).to.equal('');
    expect(result.stderr).to.contain('unknown tenant "no-such-tenant"');
    const json = await cli('--tenant', 'no-such-tenant', '--json');
    expect(json.code).to.equal(2);
    expect(JSON.parse(json.stdout).error).to.contain('unknown tenant');
  });

  it('refuses a missing --tenant with exit 2 and the usage line', async () => {
    const result = await cli();
    expect(result.code).to.equal(2);
    expect(result.stderr).to.contain('--tenant');
    expect(result.stderr).to.contain('usage:');
  });

  it('does not create an embedded database where there is none (PGlite only: skipped when DATABASE_URL is set)', async function () {
    if (serverUrl) this.skip();
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'certamen-audit-cli-empty-'));
    try {
      const saved = dataDir;
      dataDir = empty;
      const result = await cli('--tenant', 'acme').finally(() => {
        dataDir = saved;
      });
      expect(result.code).to.equal(2);
      expect(result.stderr).to.contain('no database');
      expect(fs.readdirSync(empty)).to.deep.equal([]);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  // Last, because it breaks the chain the tests above read.
  it('reports a tampered chain as BROKEN at the altered entry (exit 1)', async () => {
    const database = await openSameDatabase();
    try {
      const acme = await findTenantBySlug(database.db, 'acme');
      await inTransaction(database.db, async (tx) => {
        await tx.execute(sql`ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update`);
        await tx.execute(
          sql`UPDATE audit_entries SET details = jsonb_set(details, '{roles}', '["admin"]') WHERE tenant_id = ${acme!.id} AND seq = 2`,
        );
        await tx.execute(sql`ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_update`);
      });
    } finally {
      await database.close();
    }
    const result = await cli('--tenant', 'acme');
    expect(result.code).to.equal(1);
    expect(result.stdout.trim()).to.match(/^audit chain of acme: BROKEN at entry 2: .*altered/);
    const json = await cli('--tenant', 'acme', '--json');
    expect(json.code).to.equal(1);
    expect(JSON.parse(json.stdout)).to.include({ tenant: 'acme', intact: false, brokenAtSeq: 2, entries: 1 });
  });
});
