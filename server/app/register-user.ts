import { randomUUID } from 'node:crypto';
import { hashToken } from '../adapters/token-service.js';
import { DomainError } from '../domain/errors.js';
import { assertAcceptablePassword, normaliseEmail } from '../domain/identity/account.js';
import type { Role } from '../domain/identity/roles.js';
import { appendAudit } from '../persistence/audit-chain.js';
import { inTransaction } from '../persistence/database.js';
import { acceptInvitation } from '../persistence/repositories/invitations.js';
import { insertUser } from '../persistence/repositories/users.js';
import { isUniqueViolation } from './db-errors.js';
import type { AppDeps } from './deps.js';
import { requireTenantBySlug } from './find-tenant.js';
import { type SignedIn, startSession } from './start-session.js';

/** What a person gives to join a tenant. */
export interface RegisterUserInput {
  readonly tenant: string;
  readonly email: string;
  readonly password: string;
  readonly displayName: string;
  readonly invitationToken?: string;
}

/**
 * Registers a person in a tenant and signs them in: by invitation (with the invited roles, for the invited
 * e-mail) or, when the tenant allows self-registration, as a candidate.
 */
export async function registerUser(deps: AppDeps, input: RegisterUserInput): Promise<SignedIn> {
  const email = normaliseEmail(input.email);
  assertAcceptablePassword(input.password, email);
  const passwordHash = await deps.passwords.hash(input.password);
  try {
    return await inTransaction(deps.db, async (tx) => {
      const tenant = await requireTenantBySlug(tx, input.tenant);
      const now = deps.clock.now();
      let roles: Role[] = ['candidate'];
      let invitationId: string | undefined;
      if (input.invitationToken) {
        const invitation = await acceptInvitation(tx, tenant.id, hashToken(input.invitationToken), now);
        if (!invitation || invitation.expiresAt <= now || invitation.email !== email) {
          throw new DomainError(
            'invitation_invalid',
            'This invitation is not valid for this e-mail, or has expired or been used',
          );
        }
        roles = invitation.roles;
        invitationId = invitation.id;
      } else if (!tenant.settings.selfRegistration) {
        throw new DomainError(
          'registration_closed',
          `${tenant.name} accepts new accounts by invitation only`,
        );
      }
      const user = {
        tenantId: tenant.id,
        id: randomUUID(),
        email,
        displayName: input.displayName.trim(),
        passwordHash,
        roles,
        status: 'active' as const,
        // An accepted invitation reached this address; a self-registered one is proven by an e-mailed link.
        emailVerifiedAt: invitationId ? now : null,
        createdAt: now,
        updatedAt: now,
      };
      await insertUser(tx, user);
      await appendAudit(tx, {
        tenantId: tenant.id,
        actorId: user.id,
        action: 'user.registered',
        subjectType: 'user',
        subjectId: user.id,
        details: { email, roles, via: invitationId ? 'invitation' : 'self_registration', invitationId },
        occurredAt: now,
      });
      return startSession(deps, tx, tenant, user);
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new DomainError('conflict', 'An account with this e-mail already exists');
    throw error;
  }
}
