import { listOpenInvitations } from '../persistence/repositories/invitations.js';
import type { AppDeps } from './deps.js';
import { invitationScope } from './invitation-scope.js';
import { invitationView } from './send-invitation.js';
import type { ActingUser } from './unit-of-work.js';

/**
 * The open invitations of a tenant (the actor's own, or any for a platform admin), newest first: pending
 * ones and expired ones that can still be resent or cancelled. Accepted and cancelled ones are not listed.
 */
export async function listPendingInvitations(deps: AppDeps, actor: ActingUser, tenantId?: string) {
  const { tenant } = await invitationScope(deps.db, actor, tenantId);
  const now = deps.clock.now();
  const rows = await listOpenInvitations(deps.db, tenant.id);
  return { invitations: rows.map((row) => invitationView(row.invitation, now, row.inviterName)) };
}
