import type { Actor } from '../adapters/token-service.js';
import { DomainError, notFound } from '../domain/errors.js';
import { invitationState, judgeInvitationChange } from '../domain/identity/invitation.js';
import {
  findInvitationForUpdate,
  inviterNameOf,
  updateOpenInvitation,
} from '../persistence/repositories/invitations.js';
import type { AppDeps } from './deps.js';
import { invitationScope } from './invitation-scope.js';
import { type InvitationView, invitationView } from './send-invitation.js';
import { runUnitOfWork } from './unit-of-work.js';

/** Which invitation to cancel. */
export interface CancelInvitationInput {
  readonly invitationId: string;
  /** The invitation's tenant; the actor's own when absent (platform admins name another). */
  readonly tenantId?: string;
}

/** Cancels an open invitation: its link stops working at once; the cancellation is audited. */
export async function cancelInvitation(
  deps: AppDeps,
  requester: Actor,
  input: CancelInvitationInput,
): Promise<InvitationView> {
  return runUnitOfWork(deps, requester, async (uow) => {
    const { me, tenant, fromPlatform } = await invitationScope(uow.tx, uow.actor, input.tenantId);
    const current = await findInvitationForUpdate(uow.tx, tenant.id, input.invitationId);
    if (!current) throw notFound('Invitation');
    const verdict = judgeInvitationChange('cancel', invitationState(current, uow.now));
    if (!verdict.allowed) throw new DomainError('conflict', verdict.message);
    const invitation = await updateOpenInvitation(uow.tx, tenant.id, current.id, { cancelledAt: uow.now });
    if (!invitation) throw notFound('Invitation');
    await uow.audit({
      tenantId: tenant.id,
      actorId: fromPlatform ? null : me.userId,
      action: 'invitation.cancelled',
      subjectType: 'invitation',
      subjectId: invitation.id,
      details: {
        email: invitation.email,
        roles: invitation.roles,
        ...(fromPlatform ? { byUserId: me.userId, byTenantId: me.tenantId } : {}),
      },
    });
    return invitationView(invitation, uow.now, await inviterNameOf(uow.tx, tenant.id, invitation.id));
  });
}
