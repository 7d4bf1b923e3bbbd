import { randomUUID } from 'node:crypto';
import type { Actor } from '../adapters/token-service.js';
import { DomainError } from '../domain/errors.js';
import { normaliseEmail } from '../domain/identity/account.js';
import { DEFAULT_INVITATION_DAYS, invitationExpiry, invitationState } from '../domain/identity/invitation.js';
import { canGrantRoles, normaliseRoles, type Role } from '../domain/identity/roles.js';
import { lockTenant } from '../persistence/tenant-lock.js';
import {
  findOpenInvitationsTo,
  insertInvitation,
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

/** Who to invite, into which tenant, with which roles, for how long. */
export interface InviteUserInput {
  readonly email: string;
  /** The roles the invitee gets; a platform admin giving a tenant its first admin may leave them out (admin). */
  readonly roles?: readonly Role[];
  readonly expiresInDays?: number;
  /** The tenant to invite into; the inviter's own when absent. Only platform admins name another tenant. */
  readonly tenantId?: string;
}

/** What the inviter gets back: the invitation, its one-time token and the link e-mailed to the invitee. */
export type { InvitationIssued } from './send-invitation.js';

/**
 * Invites a person into a tenant and e-mails them the one-time link, in one transaction with its audit entry.
 * Admins invite into their own tenant, with roles they may grant; platform admins into any tenant (how a new
 * tenant gets its first admin). Who may invite is read from the inviter's current roles, not their token's.
 * An address with an account, or with a pending invitation, is a conflict (resend or cancel that one); an
 * expired invitation to the address is replaced.
 */
export async function inviteUser(
  deps: AppDeps,
  requester: Actor,
  input: InviteUserInput,
): Promise<InvitationIssued> {
  const email = normaliseEmail(input.email);
  return runUnitOfWork(deps, requester, async (uow) => {
    const { me, tenant, fromPlatform } = await invitationScope(uow.tx, uow.actor, input.tenantId);
    const roles = normaliseRoles(input.roles ?? ['admin']);
    if (!canGrantRoles(me.roles, roles)) throw new DomainError('forbidden', 'You may not grant these roles');
    // Serialises invitations of this tenant, so two admins inviting one address at once make one invitation.
    await lockTenant(uow.tx, tenant.id);
    if (await findUserByEmail(uow.tx, tenant.id, email)) {
      throw new DomainError('conflict', 'An account with this e-mail already exists');
    }
    const open = await findOpenInvitationsTo(uow.tx, tenant.id, email);
    if (open.some((invitation) => invitationState(invitation, uow.now) === 'pending')) {
      throw new DomainError(
        'conflict',
        `${email} already has a pending invitation; resend or cancel it instead`,
      );
    }
    for (const expired of open)
      await updateOpenInvitation(uow.tx, tenant.id, expired.id, { cancelledAt: uow.now });
    const { token, tokenHash } = newInvitationToken();
    const invitation = {
      tenantId: tenant.id,
      id: randomUUID(),
      email,
      roles,
      tokenHash,
      invitedBy: me.userId,
      createdAt: uow.now,
      expiresAt: invitationExpiry(uow.now, input.expiresInDays ?? DEFAULT_INVITATION_DAYS),
      acceptedAt: null,
      cancelledAt: null,
      lastSentAt: uow.now,
    };
    await insertInvitation(uow.tx, invitation);
    await uow.audit({
      tenantId: tenant.id,
      // A platform admin is not a member of the tenant: the chain names them in the details.
      actorId: fromPlatform ? null : me.userId,
      action: 'invitation.created',
      subjectType: 'invitation',
      subjectId: invitation.id,
      details: {
        email,
        roles,
        expiresAt: invitation.expiresAt.toISOString(),
        ...(open.length > 0 ? { replaces: open.map((o) => o.id) } : {}),
        ...(fromPlatform ? { byUserId: me.userId, byTenantId: me.tenantId } : {}),
      },
    });
    const url = await mailInvitation(deps, uow, tenant, me, invitation, token);
    return { invitation: invitationView(invitation, uow.now, me.user.displayName), token, url };
  });
}
