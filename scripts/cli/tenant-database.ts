// What the tenant-scoped command-line tools share: open the configured database (without creating
// one) and find the tenant named by --tenant.
import fs from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError, loadConfig } from '../../server/config.js';
import { openConfiguredDatabase } from '../../server/main.js';
import type { Database } from '../../server/persistence/database.js';
import { findTenantBySlug, type TenantRow } from '../../server/persistence/repositories/tenants.js';

/** A failure before the tool could do its work: print it and exit with code 2. */
export class CannotRun extends Error {}

/**
 * Opens the configured database without creating one: pointing a tool at an empty DATA_DIR would
 * otherwise make a fresh embedded database there and report "unknown tenant", hiding the real mistake.
 */
export async function openExistingDatabase(): Promise<Database> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new CannotRun(`configuration: ${error.message}`);
    throw error;
  }
  if (!config.databaseUrl) {
    const dir = path.join(config.dataDir, 'pglite');
    if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
      throw new CannotRun(`no database at ${dir} (check DATA_DIR, or set DATABASE_URL)`);
    }
  }
  return openConfiguredDatabase(config);
}

/** Runs `work` with the database open and the tenant found by slug, closing the database afterwards. */
export async function withTenant<T>(
  slug: string,
  work: (database: Database, tenant: TenantRow) => Promise<T>,
): Promise<T> {
  const database = await openExistingDatabase();
  try {
    const tenant = await findTenantBySlug(database.db, slug);
    if (!tenant) throw new CannotRun(`unknown tenant "${slug}"`);
    return await work(database, tenant);
  } finally {
    await database.close();
  }
}

/** Runs a tool's main, mapping CannotRun to exit code 2 (and a JSON error line with --json). */
export function runTool(name: string, main: (argv: readonly string[]) => Promise<number>): void {
  const argv = process.argv.slice(2);
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof CannotRun) {
        console.error(`${name}: ${error.message}`);
        if (argv.includes('--json')) console.log(JSON.stringify({ error: error.message.split('\n')[0] }));
      } else {
        console.error(`${name}: failed:`, error);
      }
      process.exitCode = 2;
    },
  );
}
