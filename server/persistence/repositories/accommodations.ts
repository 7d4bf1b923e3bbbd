import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { findRows } from '../raw-rows.js';
import { accommodations } from '../schema.js';

/** A stored accommodation. */
export type AccommodationRow = typeof accommodations.$inferSelect;

/** A candidate's accommodation at a certification, if any. */
export async function findAccommodation(
  ex: Executor,
  tenantId: string,
  userId: string,
  certificationId: string,
): Promise<AccommodationRow | undefined> {
  const condition = 'tenant_id = $1 and user_id = $2 and certification_id = $3';
  const [row] = await findRows(ex, accommodations, condition, [tenantId, userId, certificationId]);
  return row;
}

/** Sets a candidate's accommodation at a certification (replacing the one before). */
export async function upsertAccommodation(ex: Executor, row: AccommodationRow): Promise<void> {
  await ex
    .insert(accommodations)
    .values(row)
    .onConflictDoUpdate({
      target: [accommodations.tenantId, accommodations.userId, accommodations.certificationId],
      set: {
        extraTimePercent: row.extraTimePercent,
        extraTimeMinutes: row.extraTimeMinutes,
        breaksAllowed: row.breaksAllowed,
        note: row.note,
        updatedBy: row.updatedBy,
        updatedAt: row.updatedAt,
      },
    });
}

/** A candidate's accommodations at every certification. */
export async function listAccommodationsOfUser(
  ex: Executor,
  tenantId: string,
  userId: string,
): Promise<AccommodationRow[]> {
  return ex
    .select()
    .from(accommodations)
    .where(and(eq(accommodations.tenantId, tenantId), eq(accommodations.userId, userId)))
    .orderBy(asc(accommodations.updatedAt));
}
