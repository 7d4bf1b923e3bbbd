// What the tenant-scoped command-line tools share: open the configured database (without creating
// one) and find the tenant named by --tenant.
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { createLogger } from '../../server/adapters/logger.js';
import type { AppDeps } from '../../server/app/deps.js';
import { type Config, ConfigError, loadConfig } from '../../server/config.js';
import { buildDeps } from '../../server/deps.js';
import { openConfiguredDatabase } from '../../server/main.js';
import { type Database, DatabaseInUseError } from '../../server/persistence/database.js';
import { findTenantBySlug, type TenantRow } from '../../server/persistence/repositories/tenants.js';

/** A failure before the tool could do its work: print it and exit with code 2. */
export class CannotRun extends Error {}

/** The configuration, or CannotRun naming the bad variable. */
function toolConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new CannotRun(`configuration: ${error.message}`);
    throw error;
  }
}

/**
 * Opens the configured database without creating one: pointing a tool at an empty DATA_DIR would
 * otherwise make a fresh embedded database there and report "unknown tenant", hiding the real mistake.
 * An embedded database a running server holds is refused by name (the server would never see the writes).
 */
export async function openExistingDatabase(config: Config = toolConfig()): Promise<Database> {
  if (!config.databaseUrl) {
    const dir = path.join(config.dataDir, 'pglite');
    if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
      throw new CannotRun(`no database at ${dir} (check DATA_DIR, or set DATABASE_URL)`);
    }
  }
  try {
    return await openConfiguredDatabase(config);
  } catch (error) {
    if (error instanceof DatabaseInUseError) throw new CannotRun(error.message);
    throw error;
  }
}

/** Runs `work` with the tools' dependencies (built as the server builds its own) and the tenant found by slug. */
export async function withTenant<T>(
  slug: string,
  work: (deps: AppDeps, tenant: TenantRow, database: Database) => Promise<T>,
): Promise<T> {
  const config = toolConfig();
  const database = await openExistingDatabase(config);
  try {
    const tenant = await findTenantBySlug(database.db, slug);
    if (!tenant) throw new CannotRun(`unknown tenant "${slug}"`);
    // Warnings go to stderr, so --json output stays one clean line on stdout.
    const logger = createLogger('warn', pino.destination(2));
    return await work(buildDeps(config, { database, logger }), tenant, database);
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
