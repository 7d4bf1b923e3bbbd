import type { Actor } from '../../adapters/token-service.js';
import { formLength } from '../../domain/assessment/blueprint.js';
import { listCertifications } from '../../persistence/repositories/certifications.js';
import { findCandidateRecord } from '../../persistence/repositories/eligibility.js';
import type { AppDeps } from '../deps.js';
import { requireRole } from '../unit-of-work.js';
import { candidatePolicyOf, eligibilityFor } from './eligibility.js';
import { examBank } from './exam-bank.js';

/** One certification as a candidate finds it: the exam, and whether they may sit it now (and if not, why). */
export interface CatalogueEntry {
  readonly id: string;
  readonly code: string;
  readonly title: string;
  readonly description: string;
  readonly exam: {
    readonly mode: 'fixed' | 'linear' | 'adaptive';
    readonly timeLimitMin: number;
    readonly questions: { readonly min: number; readonly max: number };
  };
  readonly eligibility: {
    readonly eligible: boolean;
    readonly reasons: readonly {
      readonly rule: string;
      readonly message: string;
      readonly from: string | null;
    }[];
    readonly earliestStart: string | null;
    readonly voucherRequired: boolean;
    readonly liveAttemptId: string | null;
  };
  readonly prerequisites: readonly string[];
}

/** The tenant's certifications open to candidates (those with a published exam), with the candidate's verdicts. */
export async function candidateCatalogue(
  deps: AppDeps,
  actor: Actor,
): Promise<{ certifications: CatalogueEntry[] }> {
  requireRole(actor, ['candidate']);
  const now = deps.clock.now();
  const all = await listCertifications(deps.db, actor.tenantId);
  const titles = new Map(all.map((c) => [c.id, c.title]));
  const record = await findCandidateRecord(deps.db, actor.tenantId, actor.userId);
  const entries: CatalogueEntry[] = [];
  for (const certification of all) {
    if (certification.blueprintVersion === null) continue;
    const bank = await examBank(deps.db, actor.tenantId, certification.id, certification.blueprintVersion);
    const verdict = eligibilityFor(certification, record, titles, now);
    const length = formLength(bank.blueprint);
    const pretest = bank.blueprint.pretestCount;
    entries.push({
      id: certification.id,
      code: certification.code,
      title: certification.title,
      description: certification.description,
      exam: {
        mode: bank.blueprint.delivery.mode,
        timeLimitMin: bank.blueprint.timeLimitMin,
        questions: { min: length.min + pretest, max: length.max + pretest },
      },
      eligibility: {
        eligible: verdict.eligible,
        reasons: verdict.obstacles.map((o) => ({
          rule: o.rule,
          message: o.message,
          from: o.from?.toISOString() ?? null,
        })),
        earliestStart: verdict.earliestStart?.toISOString() ?? null,
        voucherRequired: verdict.voucherRequired,
        liveAttemptId: verdict.liveAttemptId,
      },
      prerequisites: candidatePolicyOf(certification).prerequisites.map((id) => titles.get(id) ?? id),
    });
  }
  return { certifications: entries };
}
