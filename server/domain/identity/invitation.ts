/**
 * Invitations into a tenant: a one-time link e-mailed to an address, valid until it expires, is accepted,
 * is cancelled, or is replaced by a resend (which gives it a new token and a new expiry).
 */

/** Where an invitation stands; `pending` and `expired` are the open ones an admin still manages. */
export const INVITATION_STATES = ['pending', 'expired', 'accepted', 'cancelled'] as const;
/** One of INVITATION_STATES. */
export type InvitationState = (typeof INVITATION_STATES)[number];

/** Days an invitation stays valid unless the inviter says otherwise. */
export const DEFAULT_INVITATION_DAYS = 14;

/** The dates an invitation's state is read from. */
export interface InvitationDates {
  readonly expiresAt: Date;
  readonly acceptedAt: Date | null;
  readonly cancelledAt: Date | null;
}

/** The state of an invitation at `now`: accepted and cancelled are final, otherwise it is pending until it expires. */
export function invitationState(invitation: InvitationDates, now: Date): InvitationState {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.cancelledAt) return 'cancelled';
  return invitation.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending';
}

/** When an invitation sent at `sentAt` and valid for `days` days expires. */
export function invitationExpiry(sentAt: Date, days: number): Date {
  return new Date(sentAt.getTime() + days * 86_400_000);
}

/** Whether an invitation may be resent or cancelled, or why not. */
export type InvitationChangeVerdict =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly reason: 'accepted' | 'cancelled'; readonly message: string };

/** Judges a resend or a cancellation: only an open invitation (pending or expired) can be resent or cancelled. */
export function judgeInvitationChange(
  change: 'resend' | 'cancel',
  state: InvitationState,
): InvitationChangeVerdict {
  if (state === 'accepted') {
    return {
      allowed: false,
      reason: 'accepted',
      message:
        change === 'cancel'
          ? 'This invitation has already been accepted; disable the account instead'
          : 'This invitation has already been accepted',
    };
  }
  if (state === 'cancelled') {
    return {
      allowed: false,
      reason: 'cancelled',
      message:
        change === 'cancel'
          ? 'This invitation is already cancelled'
          : 'This invitation was cancelled; invite the person again',
    };
  }
  return { allowed: true };
}

/** Roles as a sentence names them: "admin", "proctor and author", "candidate, proctor and author". */
export function describeRoles(roles: readonly string[]): string {
  const words = roles.map((role) => role.replaceAll('_', ' '));
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
