// Calibrates a tenant's item bank from the responses collected:
//   npm run items:calibrate -- --tenant SLUG [--model 2pl|rasch] [--apply] [--json]
// Prints classical statistics, IRT estimates and drift flags per item version; --apply writes the
// estimates into the bank. Exit codes: 0 done, 1 no responses to calibrate from, 2 usage or setup error.
import { parseArgs } from 'node:util';
import { applyCalibration } from '../server/app/calibration/apply-calibration.js';
import { calibrateItemBank } from '../server/app/calibration/calibrate-item-bank.js';
import { CannotRun, runTool, withTenant } from './cli/tenant-database.js';

const USAGE = 'usage: npm run items:calibrate -- --tenant SLUG [--model 2pl|rasch] [--apply] [--json]';

function parseOptions(argv: readonly string[]) {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        tenant: { type: 'string', short: 't' },
        model: { type: 'string', default: '2pl' },
        apply: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
      },
      strict: true,
    });
    if (!values.tenant) throw new Error('--tenant is required');
    if (values.model !== '2pl' && values.model !== 'rasch') throw new Error('--model must be 2pl or rasch');
    return {
      tenant: values.tenant,
      model: values.model,
      apply: values.apply ?? false,
      json: values.json ?? false,
    } as const;
  } catch (error) {
    throw new CannotRun(`${(error as Error).message}\n${USAGE}`);
  }
}

const fixed = (value: number | null | undefined, digits = 2) =>
  value === null || value === undefined ? '—' : value.toFixed(digits);

runTool('items:calibrate', async (argv) => {
  const options = parseOptions(argv);
  return withTenant(options.tenant, async (deps, tenant) => {
    const by = { tenantId: tenant.id, userId: null };
    const run = await calibrateItemBank(deps, by, options.model);
    if (run.versions.length === 0) {
      const message = `${tenant.slug}: no scored responses to calibrate from yet`;
      if (options.json) console.log(JSON.stringify({ tenant: tenant.slug, error: message }));
      else console.error(message);
      return 1;
    }
    const applied = options.apply ? await applyCalibration(deps, by, run.id) : undefined;
    if (options.json) {
      console.log(JSON.stringify({ tenant: tenant.slug, calibration: run, ...(applied ? { applied } : {}) }));
      return 0;
    }
    const labels = new Map(run.versions.map((v) => [v.key, `${v.externalId}@${v.version}`]));
    console.log(
      `${tenant.slug}: ${run.model} calibration ${run.id} from ${run.report.examinees} examinees (converged: ${run.report.converged})`,
    );
    console.log('item              n      p    r_pb      a       b');
    for (const item of run.report.items) {
      const label = (labels.get(item.itemId) ?? item.itemId).padEnd(14);
      const estimate = item.estimate;
      console.log(
        `${label} ${String(item.n).padStart(5)}  ${fixed(item.pValue)}  ${fixed(item.pointBiserial).padStart(5)}  ${fixed(estimate?.a).padStart(5)}  ${fixed(estimate?.b).padStart(6)}${item.unestimable ? `  ${item.unestimable.message}` : ''}`,
      );
    }
    for (const flag of run.report.flags)
      console.log(`flag ${labels.get(flag.itemId) ?? flag.itemId}: ${flag.message}`);
    if (applied)
      console.log(
        `applied to ${applied.applied.length} item versions, kept ${applied.skipped.length} as they were`,
      );
    return 0;
  });
});
