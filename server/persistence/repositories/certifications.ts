import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { findRows } from '../raw-rows.js';
import { blueprints, certifications } from '../schema.js';

/** A stored certification. */
export type CertificationRow = typeof certifications.$inferSelect;
/** A stored blueprint version. */
export type BlueprintRow = typeof blueprints.$inferSelect;

/** Stores a new certification; a duplicate code raises a unique violation the caller maps. */
export async function insertCertification(ex: Executor, row: CertificationRow): Promise<void> {
  await ex.insert(certifications).values(row);
}

/** The tenant's certification with that id (locked for update when asked). */
export async function findCertification(
  ex: Executor,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<CertificationRow | undefined> {
  const condition = `tenant_id = $1 and id = $2${forUpdate ? ' for update' : ''}`;
  const [row] = await findRows(ex, certifications, condition, [tenantId, id]);
  return row;
}

/** The tenant's certifications by code. */
export async function listCertifications(ex: Executor, tenantId: string): Promise<CertificationRow[]> {
  return ex
    .select()
    .from(certifications)
    .where(eq(certifications.tenantId, tenantId))
    .orderBy(asc(certifications.code));
}

/** Changes a certification. */
export async function updateCertification(
  ex: Executor,
  tenantId: string,
  id: string,
  patch: Partial<Omit<CertificationRow, 'tenantId' | 'id' | 'createdAt'>>,
): Promise<void> {
  await ex
    .update(certifications)
    .set(patch)
    .where(and(eq(certifications.tenantId, tenantId), eq(certifications.id, id)));
}

/** Stores a new blueprint version. */
export async function insertBlueprint(ex: Executor, row: BlueprintRow): Promise<void> {
  await ex.insert(blueprints).values(row);
}

/** One blueprint version of the tenant's certification. */
export async function findBlueprint(
  ex: Executor,
  tenantId: string,
  certificationId: string,
  version: number,
): Promise<BlueprintRow | undefined> {
  const [row] = await ex
    .select()
    .from(blueprints)
    .where(
      and(
        eq(blueprints.tenantId, tenantId),
        eq(blueprints.certificationId, certificationId),
        eq(blueprints.version, version),
      ),
    );
  return row;
}
