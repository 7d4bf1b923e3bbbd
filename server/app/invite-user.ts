import { randomUUID } from 'node:crypto';
import type { Actor } from '../adapters/token-service.js';
import { hashToken, randomToken } from '../adapters/token-service.js';
import { DomainError } from '../domain/errors.js';
import { normaliseEmail } from '../domain/identity/account.js';
import { canGrantRoles, normaliseRoles, type Role } from '../domain/identity/roles.js';
import { appendAudit } from '../persistence/audit-chain.js';
import { inTransaction } from '../persistence/database.js';
import { insertInvitation } from '../persistence/repositories/invitations.js';
import { findUserByEmail } from '../persistence/repositories/users.js';
import type { AppDeps } from './deps.js';

/** Who to invite, with which roles, for how long. */
export interface InviteUserInput {
  readonly email: string;
  readonly roles: readonly Role[];
  readonly expiresInDays?: number;
}

/** An invitation made: the token goes to the invitee (by e-mail later); only its hash is stored. */
export interface InvitationIssued {
  readonly invitation: { id: string; email: string; roles: Role[]; expiresAt: string };
  readonly token: string;
  readonly url: string;
}

/** An admin invites a person into their tenant with given roles. */
export async function inviteUser(
  deps: AppDeps,
  actor: Actor,
  input: InviteUserInput,
): Promise<InvitationIssued> {
  const roles = normaliseRoles(input.roles);
  if (!canGrantRoles(actor.roles, roles)) throw new DomainError('forbidden', 'You may not grant these roles');
  const email = normaliseEmail(input.email);
  const token = randomToken();
  return inTransaction(deps.db, async (tx) => {
    if (await findUserByEmail(tx, actor.tenantId, email)) {
      throw new DomainError('conflict', 'An account with this e-mail already exists');
    }
    const now = deps.clock.now();
    const invitation = {
      tenantId: actor.tenantId,
      id: randomUUID(),
      email,
      roles,
      tokenHash: hashToken(token),
      invitedBy: actor.userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + (input.expiresInDays ?? 14) * 86_400_000),
      acceptedAt: null,
      cancelledAt: null,
      lastSentAt: null,
    };
    await insertInvitation(tx, invitation);
    await appendAudit(tx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      action: 'invitation.created',
      subjectType: 'invitation',
      subjectId: invitation.id,
      details: { email, roles, expiresAt: invitation.expiresAt.toISOString() },
      occurredAt: now,
    });
    return {
      invitation: { id: invitation.id, email, roles, expiresAt: invitation.expiresAt.toISOString() },
      token,
      url: `${deps.publicUrl}/t/${actor.tenantSlug}/register?invitation=${encodeURIComponent(token)}`,
    };
  });
}
