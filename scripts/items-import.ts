// Imports an item bank file into a tenant, all or nothing:
//   npm run items:import -- FILE --tenant SLUG [--dry-run] [--json]
// Exit codes: 0 imported (or would import), 1 the file has bad items (each listed), 2 usage or setup error.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { importItemBank } from '../server/app/items/import-item-bank.js';
import { DomainError } from '../server/domain/errors.js';
import { CannotRun, runTool, withTenant } from './cli/tenant-database.js';

const USAGE = 'usage: npm run items:import -- FILE --tenant SLUG [--dry-run] [--json]';

function parseOptions(argv: readonly string[]) {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: {
        tenant: { type: 'string', short: 't' },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length !== 1 || !values.tenant) throw new Error('give one FILE and --tenant');
    return {
      file: positionals[0]!,
      tenant: values.tenant,
      dryRun: values['dry-run'] ?? false,
      json: values.json ?? false,
    };
  } catch (error) {
    throw new CannotRun(`${(error as Error).message}\n${USAGE}`);
  }
}

function readBank(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new CannotRun(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CannotRun(`${file} is not JSON: ${(error as Error).message}`);
  }
}

runTool('items:import', async (argv) => {
  const options = parseOptions(argv);
  const bank = readBank(options.file);
  return withTenant(options.tenant, async (deps, tenant) => {
    try {
      const report = await importItemBank(deps, { tenantId: tenant.id, userId: null }, bank, {
        dryRun: options.dryRun,
      });
      if (options.json) console.log(JSON.stringify({ tenant: tenant.slug, ...report }));
      else {
        const verb = report.dryRun ? 'would import' : 'imported';
        console.log(
          `${tenant.slug}: ${verb} ${report.total} items: ${report.created.length} new, ${report.versioned.length} new versions, ` +
            `${report.statusChanged.length} status changes, ${report.unchanged} unchanged`,
        );
      }
      return 0;
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'validation_failed') throw error;
      if (options.json)
        console.log(
          JSON.stringify({ tenant: tenant.slug, error: error.message, issues: error.details ?? [] }),
        );
      else {
        console.error(`${options.file}: ${error.message}`);
        for (const issue of error.details ?? [])
          console.error(`  ${issue.path}: ${issue.message} (${issue.rule ?? 'invalid'})`);
      }
      return 1;
    }
  });
});
