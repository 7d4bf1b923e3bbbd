import type { Actor } from '../../adapters/token-service.js';
import { DomainError } from '../../domain/errors.js';
import {
  findCertification,
  updateCertification as storeChange,
} from '../../persistence/repositories/certifications.js';
import type { AppDeps } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';
import { type CertificationView, certificationView } from './certification-view.js';

/** Fields of a certification that can change (the code is permanent: it is printed on credentials). */
export interface CertificationPatch {
  readonly title?: string;
  readonly description?: string;
  readonly validityMonths?: number;
}

/** A programme admin changes a certification's title, description or validity (for credentials issued from now on). */
export async function updateCertification(
  deps: AppDeps,
  actor: Actor,
  certificationId: string,
  patch: CertificationPatch,
): Promise<CertificationView> {
  return runUnitOfWork(deps, actor, async ({ tx, now, audit, authorize }) => {
    authorize(['admin']);
    const row = await findCertification(tx, actor.tenantId, certificationId, true);
    if (!row) throw new DomainError('not_found', 'No such certification');
    const changed = Object.fromEntries(
      Object.entries(patch).filter(
        ([key, value]) => value !== undefined && row[key as keyof typeof row] !== value,
      ),
    );
    if (Object.keys(changed).length === 0) return certificationView(row);
    await storeChange(tx, actor.tenantId, certificationId, { ...changed, updatedAt: now });
    await audit({
      action: 'certification.updated',
      subjectType: 'certification',
      subjectId: certificationId,
      details: changed,
    });
    return certificationView({ ...row, ...changed, updatedAt: now });
  });
}
