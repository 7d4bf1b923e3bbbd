import fs from 'node:fs';
import type { Blueprint } from '../domain/assessment/blueprint.js';
import { defineCertification } from './certifications/define-certification.js';
import { saveBlueprint } from './certifications/save-blueprint.js';
import { issueCredential } from './credentials/issue-credential.js';
import type { AppDeps } from './deps.js';
import { importItemBank } from './items/import-item-bank.js';

/** The sample bank the demo tenant starts with (item-bank/README.md describes the format). */
export const SAMPLE_BANK_URL = new URL('../../item-bank/samples/acme-cloud-bank.json', import.meta.url);

/** The four domains of the sample bank, weighted as the demo programme's exams are. */
export const DEMO_DOMAINS: Blueprint['domains'] = [
  { domain: 'networking', title: 'Networking', weight: 0.3 },
  { domain: 'security', title: 'Security', weight: 0.3 },
  { domain: 'compute-storage', title: 'Compute and storage', weight: 0.2 },
  { domain: 'operations', title: 'Operations', weight: 0.2 },
];

/** An adaptive exam: EAP, randomesque exposure control, stops at SE 0.3 between 20 and 30 items. */
export const ASSOCIATE_BLUEPRINT: Blueprint = {
  timeLimitMin: 60,
  domains: DEMO_DOMAINS,
  delivery: {
    mode: 'adaptive',
    startTheta: 0,
    estimator: { method: 'eap', priorMean: 0, priorSd: 1 },
    exposure: { method: 'randomesque', k: 3 },
    stopping: { rule: 'standard_error', maxSe: 0.3, minLength: 20, maxLength: 30 },
    shuffleOptions: true,
  },
  scoring: {
    method: 'theta',
    cutTheta: 0,
    scale: { min: 100, max: 1000, passScore: 700, pointsPerLogit: 100 },
  },
  pretestCount: 2,
};

/** A linear-on-the-fly exam of 30 items, passed at 70 % correct. */
const FOUNDATIONS: Blueprint = {
  timeLimitMin: 45,
  domains: DEMO_DOMAINS,
  delivery: { mode: 'linear', length: 30, shuffleOptions: true },
  scoring: { method: 'percent', passPercent: 70 },
  pretestCount: 0,
};

/** Gives the new demo tenant its item bank, two certifications and their blueprints, and one credential. */
export async function seedDemoProgramme(deps: AppDeps, tenantId: string): Promise<void> {
  const system = { tenantId, userId: null };
  const bank: unknown = JSON.parse(fs.readFileSync(SAMPLE_BANK_URL, 'utf8'));
  await importItemBank(deps, system, bank, { dryRun: false });
  const associate = await defineCertification(deps, system, {
    code: 'ACP-A',
    title: 'Acme Cloud Platform Associate',
    description:
      'Designs, secures and operates workloads on Acme Cloud: networking, identity and access, compute and storage, monitoring and incident response.',
    validityMonths: 24,
  });
  await saveBlueprint(deps, system, associate.id, ASSOCIATE_BLUEPRINT);
  const foundations = await defineCertification(deps, system, {
    code: 'ACP-F',
    title: 'Acme Cloud Platform Foundations',
    description: 'The concepts and vocabulary of Acme Cloud, for partner sales and pre-sales staff.',
    validityMonths: 36,
  });
  await saveBlueprint(deps, system, foundations.id, FOUNDATIONS);
  // Casey passed Foundations a year ago: "My credentials" and the verification page have something to show.
  const passedAt = new Date(deps.clock.now().getTime() - 365 * 86_400_000);
  await issueCredential(deps, system, {
    certificationId: foundations.id,
    holder: { name: 'Casey Candidate', email: 'candidate@acme.test', userId: null },
    issuedAt: new Date(Date.UTC(passedAt.getUTCFullYear(), passedAt.getUTCMonth(), passedAt.getUTCDate())),
    source: 'manual',
  });
}
