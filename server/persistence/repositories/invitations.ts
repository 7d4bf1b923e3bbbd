import { and, eq, isNull } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { invitations } from '../schema.js';

/** A stored invitation. */
export type InvitationRow = typeof invitations.$inferSelect;

/** Stores a new invitation. */
export async function insertInvitation(ex: Executor, invitation: InvitationRow): Promise<void> {
  await ex.insert(invitations).values(invitation);
}

/** Marks the tenant's open invitation with that token hash accepted and returns it, in one statement. */
export async function acceptInvitation(
  ex: Executor,
  tenantId: string,
  tokenHash: string,
  at: Date,
): Promise<InvitationRow | undefined> {
  const [row] = await ex
    .update(invitations)
    .set({ acceptedAt: at })
    .where(
      and(
        eq(invitations.tenantId, tenantId),
        eq(invitations.tokenHash, tokenHash),
        isNull(invitations.acceptedAt),
      ),
    )
    .returning();
  return row;
}
