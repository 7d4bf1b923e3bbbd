// Verifies one tenant's audit chain from the command line:
//   npm run audit:verify -- --tenant <slug> [--json]
// Exit codes: 0 intact, 1 broken, 2 usage, configuration, unknown tenant or no database.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Config, ConfigError, loadConfig } from '../server/config.js';
import { openConfiguredDatabase } from '../server/main.js';
import { type ChainVerdict, verifyAuditChain } from '../server/persistence/audit-chain.js';
import type { Database } from '../server/persistence/database.js';
import { findTenantBySlug } from '../server/persistence/repositories/tenants.js';

const USAGE = 'usage: npm run audit:verify -- --tenant <slug> [--json]';

/** Exit code when the chain is intact, broken, or the check could not run at all. */
const EXIT = { intact: 0, broken: 1, unusable: 2 } as const;

/** A failure before any verdict: printed, then the process exits with code 2. */
class CannotVerify extends Error {}

interface Options {
  readonly tenant: string;
  readonly json: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  let values: { tenant?: string; json?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        tenant: { type: 'string', short: 't' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new CannotVerify(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(EXIT.intact);
  }
  if (!values.tenant) throw new CannotVerify(`--tenant is required\n${USAGE}`);
  return { tenant: values.tenant, json: values.json ?? false };
}

/**
 * Opens the configured database without creating one: pointing the tool at an empty DATA_DIR would otherwise
 * make a fresh embedded database there and report "unknown tenant", which hides the real mistake.
 */
async function openExistingDatabase(config: Config): Promise<Database> {
  if (!config.databaseUrl) {
    const dir = path.join(config.dataDir, 'pglite');
    if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
      throw new CannotVerify(`no database at ${dir} (check DATA_DIR, or set DATABASE_URL)`);
    }
  }
  return openConfiguredDatabase(config);
}

function describeVerdict(slug: string, verdict: ChainVerdict): string {
  return verdict.intact
    ? `audit chain of ${slug}: intact, ${verdict.entries} entries`
    : `audit chain of ${slug}: BROKEN at entry ${verdict.brokenAtSeq}: ${verdict.reason}`;
}

async function run(options: Options): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new CannotVerify(`configuration: ${error.message}`);
    throw error;
  }
  const database = await openExistingDatabase(config);
  try {
    const tenant = await findTenantBySlug(database.db, options.tenant);
    if (!tenant) throw new CannotVerify(`unknown tenant "${options.tenant}"`);
    const verdict = await verifyAuditChain(database.db, tenant.id);
    if (options.json) console.log(JSON.stringify({ tenant: tenant.slug, tenantId: tenant.id, ...verdict }));
    else console.log(describeVerdict(tenant.slug, verdict));
    return verdict.intact ? EXIT.intact : EXIT.broken;
  } finally {
    await database.close();
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const json = argv.includes('--json');
  try {
    return await run(parseOptions(argv));
  } catch (error) {
    if (!(error instanceof CannotVerify)) throw error;
    console.error(`audit-verify: ${error.message}`);
    if (json) console.log(JSON.stringify({ error: error.message.split('\n')[0] }));
    return EXIT.unusable;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('audit-verify: the check could not run:', error);
    process.exitCode = EXIT.unusable;
  },
);
