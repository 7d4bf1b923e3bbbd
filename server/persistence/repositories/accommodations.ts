import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { accommodations } from '../schema.js';

/** A stored accommodation. */
export type AccommodationRow = typeof accommodations.$inferSelect;

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
