import type { Actor } from '../adapters/token-service.js';
import { DomainError, notFound } from '../domain/errors.js';
import {
  DEFAULT_INVITATION_DAYS,
  invitationExpiry,
  invitationState,
  judgeInvitationChange,
} from '../domain/identity/invitation.js';
import { canGrantRoles } from '../domain/identity/roles.js';
import {
  findInvitationForUpdate,
  inviterNameOf,
  updateOpenInvitation,
} from '../persistence/repositories/invitations.js';
import { findUserByEmail } from '../persistence/repositories/users.js';
import type { AppDeps } from './deps.js';
import { invitationScope } from './invitation-scope.js';
import {
  type InvitationIssued,
  invitationView,
  mailInvitation,
  newInvitationToken,
} from './send-invitation.js';
import { runUnitOfWork } from './unit-of-work.js';

/** Which invitation to send again, and for how long the new link is valid. */
export interface ResendInvitationInput {
  readonly invitationId: string;
  readonly expiresInDays?: number;
  /** The invitation's tenant; the actor's own when absent (platform admins name another). */
  readonly tenantId?: string;
}

/**
 * Sends an open (pending or expired) invitation again: a new token replaces the old one, so the link sent
 * before stops working; the invitation gets a new expiry and is e-mailed and audited in one transaction.
 */
export async function resendInvitation(
  deps: AppDeps,
  requester: Actor,
  input: ResendInvitationInput,
): Promise<InvitationIssued> {
  return runUnitOfWork(deps, requester, async (uow) => {
    const { me, tenant, fromPlatform } = await invitationScope(uow.tx, uow.actor, input.tenantId);
    const current = await findInvitationForUpdate(uow.tx, tenant.id, input.invitationId);
    if (!current) throw notFound('Invitation');
    const verdict = judgeInvitationChange('resend', invitationState(current, uow.now));
    if (!verdict.allowed) throw new DomainError('conflict', verdict.message);
    if (await findUserByEmail(uow.tx, tenant.id, current.email))
      throw new DomainError('conflict', `${current.email} already has an account; cancel this invitation`);
    // Sending it again grants its roles again: only someone who may grant them now may do so.
    if (!canGrantRoles(me.roles, current.roles))
      throw new DomainError('forbidden', 'You may not grant the roles of this invitation');
    const { token, tokenHash } = newInvitationToken();
    const expiresAt = invitationExpiry(uow.now, input.expiresInDays ?? DEFAULT_INVITATION_DAYS);
    const invitation = await updateOpenInvitation(uow.tx, tenant.id, current.id, {
      tokenHash,
      expiresAt,
      lastSentAt: uow.now,
    });
    if (!invitation) throw notFound('Invitation');
    await uow.audit({
      tenantId: tenant.id,
      actorId: fromPlatform ? null : me.userId,
      action: 'invitation.resent',
      subjectType: 'invitation',
      subjectId: invitation.id,
      details: {
        email: invitation.email,
        roles: invitation.roles,
        expiresAt: expiresAt.toISOString(),
        previousExpiresAt: current.expiresAt.toISOString(),
        ...(fromPlatform ? { byUserId: me.userId, byTenantId: me.tenantId } : {}),
      },
    });
    const url = await mailInvitation(deps, uow, tenant, me, invitation, token);
    const inviterName = await inviterNameOf(uow.tx, tenant.id, invitation.id);
    return { invitation: invitationView(invitation, uow.now, inviterName), token, url };
  });
}
