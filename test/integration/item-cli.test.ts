import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { recordFieldTestResponses } from '../../server/app/calibration/record-item-responses.js';
import { SAMPLE_BANK_URL } from '../../server/app/seed-demo-programme.js';
import { findTenantBySlug } from '../../server/persistence/repositories/tenants.js';
import { type CliHarness, seededCliHarness } from '../support/cli.js';
import { simulateFieldTest } from '../support/field-test.js';

describe('items:import and items:calibrate CLIs', function () {
  // Each run starts a fresh node process that loads TypeScript through tsx.
  this.timeout(120_000);
  let harness: CliHarness;
  const sample = () => JSON.parse(fs.readFileSync(SAMPLE_BANK_URL, 'utf8'));
  const writeBank = (name: string, bank: unknown) => {
    const file = path.join(harness.dataDir, name);
    fs.writeFileSync(file, JSON.stringify(bank));
    return file;
  };

  before(async () => {
    harness = await seededCliHarness();
  });
  after(() => harness.close());

  it('re-importing the sample bank the demo was seeded with changes nothing', async () => {
    const result = await harness.run(
      'scripts/items-import.ts',
      SAMPLE_BANK_URL.pathname,
      '--tenant',
      'acme',
      '--json',
    );
    expect(result.stderr).to.equal('');
    expect(result.code).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.include({
      tenant: 'acme',
      total: 160,
      unchanged: 160,
      created: [],
    });
  });

  it('reports every bad item with its path and imports nothing (exit 1)', async () => {
    const bank = sample();
    bank.items[3].key = { correct: 'zz' };
    bank.items[40].stem = '';
    bank.items.push({ ...bank.items[0], externalId: 'NEW-001' });
    const result = await harness.run(
      'scripts/items-import.ts',
      writeBank('bad.json', bank),
      '--tenant',
      'acme',
    );
    expect(result.code).to.equal(1);
    expect(result.stderr).to.contain('/items/3/key/correct').and.contain('/items/40/stem');
    const again = await harness.run(
      'scripts/items-import.ts',
      SAMPLE_BANK_URL.pathname,
      '--tenant',
      'acme',
      '--json',
    );
    expect(JSON.parse(again.stdout).unchanged).to.equal(160);
  });

  it('dry-runs a changed bank without writing, then imports it', async () => {
    const bank = sample();
    bank.items[0].stem = `${bank.items[0].stem} (revised)`;
    bank.items.push({ ...bank.items[1], externalId: 'NET-900' });
    const file = writeBank('changed.json', bank);
    const dry = await harness.run('scripts/items-import.ts', file, '--tenant', 'acme', '--dry-run');
    expect(dry.code).to.equal(0);
    expect(dry.stdout).to.contain('would import 161 items: 1 new, 1 new versions');
    const real = await harness.run('scripts/items-import.ts', file, '--tenant', 'acme', '--json');
    expect(JSON.parse(real.stdout)).to.deep.include({
      created: ['NET-900'],
      versioned: [bank.items[0].externalId],
    });
  });

  it('refuses usage errors and unknown tenants with exit 2', async () => {
    expect((await harness.run('scripts/items-import.ts', '--tenant', 'acme')).code).to.equal(2);
    const unknown = await harness.run(
      'scripts/items-import.ts',
      SAMPLE_BANK_URL.pathname,
      '--tenant',
      'nope',
    );
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.contain('unknown tenant "nope"');
    expect(
      (await harness.run('scripts/items-calibrate.ts', '--tenant', 'acme', '--model', '3pl')).code,
    ).to.equal(2);
  });

  it('calibrates from collected responses and applies the estimates', async () => {
    const none = await harness.run('scripts/items-calibrate.ts', '--tenant', 'acme');
    expect(none.code).to.equal(1);
    expect(none.stderr).to.contain('no scored responses');
    const database = await harness.open();
    try {
      const acme = (await findTenantBySlug(database.db, 'acme'))!;
      const truth = ['NET-002', 'NET-003', 'SEC-001', 'SEC-002', 'OPS-001', 'CMP-001'].map(
        (externalId, i) => ({ externalId, a: 1, b: -1 + i * 0.4 }),
      );
      await recordFieldTestResponses(
        { db: database.db, clock: { now: () => new Date() } },
        { tenantId: acme.id, userId: null },
        simulateFieldTest(truth, 300, 8),
      );
    } finally {
      await database.close();
    }
    const table = await harness.run('scripts/items-calibrate.ts', '--tenant', 'acme', '--model', 'rasch');
    expect(table.code).to.equal(0);
    expect(table.stdout)
      .to.match(/rasch calibration .* from 300 examinees/)
      .and.match(/NET-002@1\s+300/);
    const applied = await harness.run('scripts/items-calibrate.ts', '--tenant', 'acme', '--apply', '--json');
    expect(applied.code).to.equal(0);
    const report = JSON.parse(applied.stdout);
    expect(report.calibration.report.examinees).to.equal(300);
    expect(report.applied.applied).to.have.length(6);
  });
});
