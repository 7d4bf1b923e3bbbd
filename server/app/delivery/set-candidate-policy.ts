import type { Actor } from '../../adapters/token-service.js';
import { DomainError } from '../../domain/errors.js';
import { checkCandidatePolicy, type ProgrammeCertification } from '../../domain/policies/candidate-policy.js';
import type { CandidatePolicy } from '../../domain/policies/eligibility.js';
import {
  findCertification,
  listCertifications,
  updateCertification,
} from '../../persistence/repositories/certifications.js';
import type { AppDeps } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';
import { candidatePolicyOf } from './eligibility.js';

/** A certification's candidate policy as admins see it; `custom` is false while the defaults apply. */
export interface CandidatePolicyView {
  readonly certificationId: string;
  readonly policy: CandidatePolicy;
  readonly custom: boolean;
}

/** The candidate policy of one of the admin's certifications (the defaults until one is set). */
export async function getCandidatePolicy(
  deps: AppDeps,
  actor: Actor,
  certificationId: string,
): Promise<CandidatePolicyView> {
  return runUnitOfWork(deps, actor, async (uow) => {
    uow.authorize(['admin']);
    const certification = await findCertification(uow.tx, actor.tenantId, certificationId);
    if (!certification) throw new DomainError('not_found', 'No such certification');
    return {
      certificationId,
      policy: candidatePolicyOf(certification),
      custom: certification.candidatePolicy !== null,
    };
  });
}

/**
 * An admin sets a certification's candidate policy: prerequisites (other certifications of the programme,
 * never itself, never in a cycle), waiting hours after each failure, the yearly attempt limit and whether a
 * voucher is needed. It applies from the next check-in; attempts already begun keep running.
 */
export async function setCandidatePolicy(
  deps: AppDeps,
  actor: Actor,
  certificationId: string,
  policy: CandidatePolicy,
): Promise<CandidatePolicyView> {
  return runUnitOfWork(deps, actor, async (uow) => {
    uow.authorize(['admin']);
    const tenantId = actor.tenantId;
    // The certification and its prerequisites are locked in one order, so two admins cannot each add one half
    // of a cycle at the same moment: the second waits, then reads the first's change.
    const locked = [...new Set([certificationId, ...policy.prerequisites])].sort();
    const found = new Map<string, boolean>();
    for (const id of locked)
      found.set(id, (await findCertification(uow.tx, tenantId, id, true)) !== undefined);
    if (!found.get(certificationId)) throw new DomainError('not_found', 'No such certification');
    const all = await listCertifications(uow.tx, tenantId);
    const programme = new Map<string, ProgrammeCertification>(
      all.map((c) => [c.id, { title: c.title, prerequisites: candidatePolicyOf(c).prerequisites }]),
    );
    const problems = checkCandidatePolicy(certificationId, policy, programme);
    if (problems.length > 0)
      throw new DomainError(
        'validation_failed',
        problems.map((p) => `${p.path}: ${p.message}`).join('; '),
        problems,
      );
    const before = all.find((c) => c.id === certificationId);
    const stored: CandidatePolicy = {
      prerequisites: [...policy.prerequisites],
      retakeWaitHours: [...policy.retakeWaitHours],
      maxAttemptsPerYear: policy.maxAttemptsPerYear,
      voucherRequired: policy.voucherRequired,
    };
    await updateCertification(uow.tx, tenantId, certificationId, {
      candidatePolicy: { ...stored },
      updatedAt: uow.now,
    });
    await uow.audit({
      action: 'certification.candidate_policy_set',
      subjectType: 'certification',
      subjectId: certificationId,
      details: { before: before ? candidatePolicyOf(before) : null, after: stored },
    });
    return { certificationId, policy: stored, custom: true };
  });
}
