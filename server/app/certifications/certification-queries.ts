import type { Actor } from '../../adapters/token-service.js';
import { DomainError } from '../../domain/errors.js';
import {
  findBlueprint,
  findCertification,
  listCertifications,
} from '../../persistence/repositories/certifications.js';
import type { AppDeps } from '../deps.js';
import {
  type BlueprintView,
  blueprintView,
  type CertificationView,
  certificationView,
} from './certification-view.js';

/** The tenant's certifications. */
export async function listTenantCertifications(deps: AppDeps, actor: Actor): Promise<CertificationView[]> {
  return (await listCertifications(deps.db, actor.tenantId)).map(certificationView);
}

/** One certification with its current blueprint (null until one is saved). */
export async function getCertification(
  deps: AppDeps,
  actor: Actor,
  certificationId: string,
): Promise<{ certification: CertificationView; blueprint: BlueprintView | null }> {
  const row = await findCertification(deps.db, actor.tenantId, certificationId);
  if (!row) throw new DomainError('not_found', 'No such certification');
  const blueprint =
    row.blueprintVersion === null
      ? undefined
      : await findBlueprint(deps.db, actor.tenantId, row.id, row.blueprintVersion);
  return { certification: certificationView(row), blueprint: blueprint ? blueprintView(blueprint) : null };
}
