import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import { inTransaction } from '../../server/persistence/database.js';
import { findTenantBySlug } from '../../server/persistence/repositories/tenants.js';
import { type CliHarness, seededCliHarness } from '../support/cli.js';

describe('audit:verify CLI', function () {
  // Each run starts a fresh node process that loads TypeScript through tsx.
  this.timeout(60_000);

  let harness: CliHarness;
  const cli = (...args: string[]) => harness.run('scripts/audit-verify.ts', ...args);
  const openSameDatabase = () => harness.open();

  before(async () => {
    harness = await seededCliHarness();
  });
  after(() => harness.close());

  it('reports the seeded demo chain intact with its entry count (exit 0)', async () => {
    const result = await cli('--tenant', 'acme');
    expect(result.stderr).to.equal('');
    expect(result.code).to.equal(0);
    // The seed writes tenant.created, one user.seeded per demo account of acme (5), the sample bank's
    // item_bank.imported, and certification.defined + blueprint.saved for each of the two certifications.
    expect(result.stdout.trim()).to.equal('audit chain of acme: intact, 13 entries');
  });

  it('prints the verdict as JSON with --json', async () => {
    const result = await cli('--tenant=acme', '--json');
    expect(result.code).to.equal(0);
    const verdict = JSON.parse(result.stdout);
    expect(verdict).to.include({ tenant: 'acme', intact: true, entries: 13 });
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
    if (process.env.DATABASE_URL) this.skip();
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'certamen-audit-cli-empty-'));
    try {
      const result = await harness.runWithEnv(
        { DATA_DIR: empty },
        'scripts/audit-verify.ts',
        '--tenant',
        'acme',
      );
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
