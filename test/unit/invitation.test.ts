import { expect } from 'chai';
import {
  describeRoles,
  invitationExpiry,
  invitationState,
  judgeInvitationChange,
} from '../../server/domain/identity/invitation.js';

describe('invitation rules', () => {
  const sent = new Date('2026-12-01T10:00:00.000Z');
  const expiresAt = invitationExpiry(sent, 14);
  const open = { expiresAt, acceptedAt: null, cancelledAt: null };

  it('expires the given number of days after it was sent', () => {
    expect(expiresAt.toISOString()).to.equal('2026-12-15T10:00:00.000Z');
  });

  it('is pending until the instant it expires, then expired', () => {
    expect(invitationState(open, new Date(expiresAt.getTime() - 1))).to.equal('pending');
    expect(invitationState(open, expiresAt)).to.equal('expired');
  });

  it('stays accepted or cancelled whatever the date', () => {
    const later = new Date(expiresAt.getTime() + 1);
    expect(invitationState({ ...open, acceptedAt: sent }, later)).to.equal('accepted');
    expect(invitationState({ ...open, cancelledAt: sent }, sent)).to.equal('cancelled');
  });

  it('lets an open invitation (pending or expired) be resent or cancelled, and nothing else', () => {
    for (const change of ['resend', 'cancel'] as const) {
      expect(judgeInvitationChange(change, 'pending')).to.deep.equal({ allowed: true });
      expect(judgeInvitationChange(change, 'expired')).to.deep.equal({ allowed: true });
      expect(judgeInvitationChange(change, 'accepted')).to.include({ allowed: false, reason: 'accepted' });
      expect(judgeInvitationChange(change, 'cancelled')).to.include({ allowed: false, reason: 'cancelled' });
    }
    expect(judgeInvitationChange('cancel', 'accepted')).to.include({
      message: 'This invitation has already been accepted; disable the account instead',
    });
  });

  it('names roles as a sentence does', () => {
    expect(describeRoles(['admin'])).to.equal('admin');
    expect(describeRoles(['proctor', 'author'])).to.equal('proctor and author');
    expect(describeRoles(['candidate', 'proctor', 'partner_manager'])).to.equal(
      'candidate, proctor and partner manager',
    );
  });
});
