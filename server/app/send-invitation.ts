import { hashToken, randomToken } from '../adapters/token-service.js';
import { instantInWords } from '../domain/calendar.js';
import { describeRoles, invitationState } from '../domain/identity/invitation.js';
import type { InvitationRow } from '../persistence/repositories/invitations.js';
import type { TenantRow } from '../persistence/repositories/tenants.js';
import type { AppDeps } from './deps.js';
import { composeEmail } from './mail/compose-email.js';
import type { ActingUser, UnitOfWork } from './unit-of-work.js';

/** An invitation as admins see it. */
export function invitationView(invitation: InvitationRow, now: Date, inviterName: string | null = null) {
  return {
    id: invitation.id,
    email: invitation.email,
    roles: invitation.roles,
    state: invitationState(invitation, now),
    invitedBy: { id: invitation.invitedBy, displayName: inviterName },
    createdAt: invitation.createdAt.toISOString(),
    sentAt: (invitation.lastSentAt ?? invitation.createdAt).toISOString(),
    expiresAt: invitation.expiresAt.toISOString(),
  };
}

/** An invitation as admins see it. */
export type InvitationView = ReturnType<typeof invitationView>;

/** An invitation just sent: the one-time token and its link go to the invitee by e-mail, and to the inviter. */
export interface InvitationIssued {
  readonly invitation: InvitationView;
  readonly token: string;
  readonly url: string;
}

/** A fresh one-time token: the link carries the token, the database only its hash. */
export function newInvitationToken(): { token: string; tokenHash: string } {
  const token = randomToken();
  return { token, tokenHash: hashToken(token) };
}

/** The registration link that carries an invitation token. */
export function invitationUrl(deps: Pick<AppDeps, 'publicUrl'>, tenant: TenantRow, token: string): string {
  return `${deps.publicUrl}/t/${encodeURIComponent(tenant.slug)}/register?invitation=${encodeURIComponent(token)}`;
}

/** Writes the invitation e-mail to the outbox in the unit of work's transaction (sent once it commits); returns its link. */
export async function mailInvitation(
  deps: Pick<AppDeps, 'publicUrl'>,
  uow: UnitOfWork,
  tenant: TenantRow,
  inviter: ActingUser,
  invitation: InvitationRow,
  token: string,
): Promise<string> {
  const url = invitationUrl(deps, tenant, token);
  await uow.enqueue(
    composeEmail(tenant, 'invitation', invitation.email, {
      inviterName: inviter.user.displayName,
      roles: describeRoles(invitation.roles),
      url,
      expiresOn: instantInWords(invitation.expiresAt),
    }),
  );
  return url;
}
