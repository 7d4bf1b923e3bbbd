/**
 * Issuing benchmark: credentials issued per second through the real use case (certificate ID, OB 3.0
 * credential signed RS256, PDF certificate rendered and hashed, row, audit entry, one transaction each),
 * next to what its two expensive steps cost alone in the same run: RS256 signing and PDF rendering.
 *
 *   npm run bench:issue                              # embedded PGlite in memory
 *   DATABASE_URL=postgres://… npm run bench:issue    # a fresh database on that server, dropped afterwards
 *   npm run bench:issue -- --json --count 400
 *
 * "Per core" divides by the CPU time this process used (process.cpuUsage), so a busy machine that slows the
 * wall clock does not hide what one core can do; the database server's own CPU is not counted (PGlite runs
 * inside this process, so there it is).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { renderCertificatePdf } from '../../server/adapters/certificate-pdf.js';
import { loadCertificateTemplate } from '../../server/adapters/certificate-template.js';
import { defineCertification } from '../../server/app/certifications/define-certification.js';
import { issueCredential } from '../../server/app/credentials/issue-credential.js';
import { loadConfig } from '../../server/config.js';
import { buildDeps } from '../../server/deps.js';
import { DEFAULT_BRANDING, DEFAULT_SETTINGS } from '../../server/domain/tenants/tenant.js';
import { insertTenant } from '../../server/persistence/repositories/tenants.js';
import { openBenchDatabase, positiveInt } from './load.js';

interface Timing {
  readonly perSec: number;
  readonly perCpuSec: number;
  readonly meanMs: number;
  readonly p99Ms: number;
}

/** Runs `work` n times one after another; rate by wall clock and by this process's CPU time. */
async function time(n: number, work: (i: number) => unknown): Promise<Timing> {
  const samples: number[] = [];
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await work(i);
    samples.push(performance.now() - t0);
  }
  const wallSec = (performance.now() - wallStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSec = (cpu.user + cpu.system) / 1e6;
  samples.sort((a, b) => a - b);
  return {
    perSec: n / wallSec,
    perCpuSec: n / cpuSec,
    meanMs: samples.reduce((s, x) => s + x, 0) / n,
    p99Ms: samples[Math.min(n - 1, Math.floor(n * 0.99))] as number,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { json: { type: 'boolean', default: false }, count: { type: 'string', default: '300' } },
  });
  const count = positiveInt(values.count, 'count');
  const bench = await openBenchDatabase(process.env.DATABASE_URL);
  try {
    await bench.database.migrate();
    const config = loadConfig({ NODE_ENV: 'test', PUBLIC_URL: 'https://certs.example.com' });
    const deps = buildDeps(config, {
      database: bench.database,
      logger: pino({ level: 'silent' }),
      secrets: { tokenSecret: randomBytes(32), keyEncryptionKey: randomBytes(32) },
    });
    const { clock, signer } = deps;
    const now = clock.now();
    const tenantId = crypto.randomUUID();
    await insertTenant(deps.db, {
      id: tenantId,
      slug: 'bench',
      name: 'Bench Academy',
      branding: DEFAULT_BRANDING,
      settings: DEFAULT_SETTINGS,
      createdAt: now,
      updatedAt: now,
    });
    const author = { tenantId, userId: null };
    const certification = await defineCertification(deps, author, {
      code: 'BENCH-1',
      title: 'Benchmark Certified Professional',
      description: 'Issued by the benchmark.',
      validityMonths: 24,
    });
    const issue = (i: number) =>
      issueCredential(deps, author, {
        certificationId: certification.id,
        holder: { name: `Holder Number ${i}`, email: `holder${i}@example.test`, userId: null },
        issuedAt: clock.now(),
        source: 'manual',
      });
    await issue(-1); // the tenant's signing key is made on first use; keep it out of the figures
    for (let i = 0; i < 20; i++) await issue(-2 - i); // warm-up

    // The two costly steps alone, on the same inputs, as the in-run reference.
    const key = signer.generateKey();
    const payload = {
      iss: 'https://certs.example.com/issuers/bench',
      sub: 'urn:uuid:x',
      nbf: 1,
      name: 'x'.repeat(1500),
    };
    const template = loadCertificateTemplate('default');
    const fields = (i: number) => ({
      holderName: `Holder Number ${i}`,
      certificationTitle: certification.title,
      certificationCode: certification.code,
      issuerName: 'Bench Academy',
      issuedOn: now,
      expiresOn: now,
      certificateId: 'BENCH-7K3F-9Q2M-X4TB-QZ',
      verificationUrl: 'https://certs.example.com/verify/BENCH-7K3F-9Q2M-X4TB-QZ',
      brandColor: '#1f4e79',
    });
    const sign = await time(count, () => signer.sign(key, payload));
    const pdf = await time(count, (i) => renderCertificatePdf(template, fields(i)));
    const issued = await time(count, issue);

    console.log(
      `${count} credentials one after another, database ${bench.label}, node ${process.version}, ${os.cpus().length} CPUs`,
    );
    const line = (name: string, t: Timing) =>
      console.log(
        `${name.padEnd(40)} ${t.perSec.toFixed(1).padStart(8)}/s wall ${t.perCpuSec.toFixed(1).padStart(8)}/s per core  mean ${t.meanMs.toFixed(2)} ms  p99 ${t.p99Ms.toFixed(2)} ms`,
      );
    line('issueCredential (sign + PDF + tx)', issued);
    line('  reference: RS256 sign alone', sign);
    line('  reference: PDF render alone', pdf);
    console.log(`target: ≥ 50 credentials/s per core → ${issued.perCpuSec >= 50 ? 'met' : 'NOT met'}`);
    if (values.json) {
      console.log(
        JSON.stringify({
          issuedPerSec: issued.perSec,
          issuedPerCpuSec: issued.perCpuSec,
          issueMeanMs: issued.meanMs,
          issueP99Ms: issued.p99Ms,
          signPerSec: sign.perSec,
          signMeanMs: sign.meanMs,
          pdfPerSec: pdf.perSec,
          pdfMeanMs: pdf.meanMs,
          count,
          database: bench.label,
        }),
      );
    }
  } finally {
    await bench.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
