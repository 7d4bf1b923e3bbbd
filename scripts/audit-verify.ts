// Verifies one tenant's audit chain from the command line:
//   npm run audit:verify -- --tenant <slug> [--json]
// Exit codes: 0 intact, 1 broken, 2 usage, configuration, unknown tenant or no database.
import { parseArgs } from 'node:util';
import { type ChainVerdict, verifyAuditChain } from '../server/persistence/audit-chain.js';
import { CannotRun, runTool, withTenant } from './cli/tenant-database.js';

const USAGE = 'usage: npm run audit:verify -- --tenant <slug> [--json]';

/** Exit code when the chain is intact, broken, or the check could not run at all. */
const EXIT = { intact: 0, broken: 1, unusable: 2 } as const;

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
    throw new CannotRun(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(EXIT.intact);
  }
  if (!values.tenant) throw new CannotRun(`--tenant is required\n${USAGE}`);
  return { tenant: values.tenant, json: values.json ?? false };
}

function describeVerdict(slug: string, verdict: ChainVerdict): string {
  return verdict.intact
    ? `audit chain of ${slug}: intact, ${verdict.entries} entries`
    : `audit chain of ${slug}: BROKEN at entry ${verdict.brokenAtSeq}: ${verdict.reason}`;
}

async function run(options: Options): Promise<number> {
  return withTenant(options.tenant, async (deps, tenant) => {
    const verdict = await verifyAuditChain(deps.db, tenant.id);
    if (options.json) console.log(JSON.stringify({ tenant: tenant.slug, tenantId: tenant.id, ...verdict }));
    else console.log(describeVerdict(tenant.slug, verdict));
    return verdict.intact ? EXIT.intact : EXIT.broken;
  });
}

runTool('audit-verify', async (argv) => run(parseOptions(argv)));
