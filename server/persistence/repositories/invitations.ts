import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { invitations, users } from '../schema.js';

/** A stored invitation. */
export type InvitationRow = typeof invitations.$inferSelect;

/** An invitation with the name of whoever sent it (null when that account is not visible from the tenant). */
export interface InvitationWithInviter {
  readonly invitation: InvitationRow;
  readonly inviterName: string | null;
}

/** Stores a new invitation. */
export async function insertInvitation(ex: Executor, invitation: InvitationRow): Promise<void> {
  await ex.insert(invitations).values(invitation);
}

const isOpen = and(isNull(invitations.acceptedAt), isNull(invitations.cancelledAt));

/**
 * Marks the tenant's open invitation with that token hash accepted and returns it, in one statement. A
 * cancelled invitation, or one whose token a resend replaced, finds nothing.
 */
export async function acceptInvitation(
  ex: Executor,
  tenantId: string,
  tokenHash: string,
  at: Date,
): Promise<InvitationRow | undefined> {
  const [row] = await ex
    .update(invitations)
    .set({ acceptedAt: at })
    .where(and(eq(invitations.tenantId, tenantId), eq(invitations.tokenHash, tokenHash), isOpen))
    .returning();
  return row;
}

/** The tenant's invitation with that id, locked until the transaction ends (another tenant's id finds nothing). */
export async function findInvitationForUpdate(
  ex: Executor,
  tenantId: string,
  id: string,
): Promise<InvitationRow | undefined> {
  const [row] = await ex
    .select()
    .from(invitations)
    .where(and(eq(invitations.tenantId, tenantId), eq(invitations.id, id)))
    .for('update');
  return row;
}

/** The tenant's open (neither accepted nor cancelled) invitations to an address. */
export function findOpenInvitationsTo(
  ex: Executor,
  tenantId: string,
  email: string,
): Promise<InvitationRow[]> {
  return ex
    .select()
    .from(invitations)
    .where(and(eq(invitations.tenantId, tenantId), eq(invitations.email, email), isOpen));
}

/** Who may be named as an invitation's sender: a member of its tenant, or a platform admin. */
const inviterJoin = and(
  eq(users.id, invitations.invitedBy),
  or(eq(users.tenantId, invitations.tenantId), sql`'platform_admin' = any(${users.roles})`),
);

/** The name of whoever sent the tenant's invitation, or null when that account is not visible from the tenant. */
export async function inviterNameOf(
  ex: Executor,
  tenantId: string,
  invitationId: string,
): Promise<string | null> {
  const [row] = await ex
    .select({ name: users.displayName })
    .from(invitations)
    .innerJoin(users, inviterJoin)
    .where(and(eq(invitations.tenantId, tenantId), eq(invitations.id, invitationId)));
  return row?.name ?? null;
}

/**
 * The tenant's open invitations, newest first, with the inviter's name: a member of the tenant, or a platform
 * admin (who may invite into any tenant).
 */
export async function listOpenInvitations(ex: Executor, tenantId: string): Promise<InvitationWithInviter[]> {
  const rows = await ex
    .select({ invitation: invitations, inviterName: users.displayName })
    .from(invitations)
    .leftJoin(users, inviterJoin)
    .where(and(eq(invitations.tenantId, tenantId), isOpen))
    .orderBy(desc(invitations.createdAt), desc(invitations.id));
  return rows;
}

/** Changes an open invitation (a new token and expiry, or its cancellation); returns it, or undefined if it was not open. */
export async function updateOpenInvitation(
  ex: Executor,
  tenantId: string,
  id: string,
  change: Partial<Pick<InvitationRow, 'tokenHash' | 'expiresAt' | 'lastSentAt' | 'cancelledAt'>>,
): Promise<InvitationRow | undefined> {
  const [row] = await ex
    .update(invitations)
    .set(change)
    .where(and(eq(invitations.tenantId, tenantId), eq(invitations.id, id), isOpen))
    .returning();
  return row;
}
