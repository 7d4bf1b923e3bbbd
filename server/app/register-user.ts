import { randomUUID } from 'node:crypto';
import { hashToken } from '../adapters/token-service.js';
import { DomainError } from '../domain/errors.js';
import { assertAcceptablePassword, normaliseEmail } from '../domain/identity/account.js';
import { acceptInvitation } from '../persistence/repositories/invitations.js';
import type { TenantRow } from '../persistence/repositories/tenants.js';
import { findUserByEmail, insertUser, type UserRow } from '../persistence/repositories/users.js';
import { isUniqueViolation } from './db-errors.js';
import type { AppDeps } from './deps.js';
import { requireTenantBySlug } from './find-tenant.js';
import { composeEmail } from './mail/compose-email.js';
import { sendVerificationLink } from './request-email-verification.js';
import { type SignedIn, startSession } from './start-session.js';
import { runUnitOfWork, type UnitOfWork } from './unit-of-work.js';

/** What a person gives to join a tenant. */
export interface RegisterUserInput {
  readonly tenant: string;
  readonly email: string;
  readonly password: string;
  readonly displayName: string;
  readonly invitationToken?: string;
}

/**
 * How a registration ends: by invitation the person is signed in at once (the token proves the address);
 * a self-registration always answers "check your e-mail", whether or not the address had an account.
 */
export type Registration =
  | { readonly outcome: 'signed_in'; readonly signedIn: SignedIn }
  | { readonly outcome: 'check_email'; readonly email: string };

/**
 * Registers a person in a tenant: by invitation (with the invited roles, for the invited e-mail, signed in at
 * once) or, when the tenant allows self-registration, as a candidate who confirms their address by an e-mailed
 * link. A self-registration never tells whether the address already had an account: the answer is the same,
 * the password is hashed either way, and the real outcome goes to the address (a confirmation link, or a
 * notice that the account exists).
 */
export async function registerUser(deps: AppDeps, input: RegisterUserInput): Promise<Registration> {
  const email = normaliseEmail(input.email);
  assertAcceptablePassword(input.password, email);
  const passwordHash = await deps.passwords.hash(input.password);
  const person = { email, displayName: input.displayName.trim(), passwordHash };
  if (input.invitationToken) {
    const token = input.invitationToken;
    const signedIn = await runUnitOfWork(
      deps,
      null,
      (uow) => registerByInvitation(deps, uow, input.tenant, token, person),
      { onUniqueViolation: 'An account with this e-mail already exists' },
    );
    return { outcome: 'signed_in', signedIn };
  }
  try {
    await runUnitOfWork(deps, null, (uow) => registerSelf(deps, uow, input.tenant, person));
  } catch (error) {
    // A concurrent registration of the same address won the insert: this one becomes the "account exists"
    // notice, as if it had come second, so the answer stays the same.
    if (!isUniqueViolation(error)) throw error;
    await runUnitOfWork(deps, null, (uow) => registerSelf(deps, uow, input.tenant, person));
  }
  return { outcome: 'check_email', email };
}

/** A person as they register: address, name and the hash of their password. */
interface NewPerson {
  readonly email: string;
  readonly displayName: string;
  readonly passwordHash: string;
}

/** Stores the new account and its `user.registered` audit entry; `via` says how the person joined. */
async function addRegisteredUser(
  uow: UnitOfWork,
  tenant: TenantRow,
  person: NewPerson,
  joined: { roles: UserRow['roles']; verifiedAt: Date | null; via: Record<string, unknown> },
): Promise<UserRow> {
  const user = {
    tenantId: tenant.id,
    id: randomUUID(),
    email: person.email,
    displayName: person.displayName,
    passwordHash: person.passwordHash,
    roles: joined.roles,
    status: 'active' as const,
    emailVerifiedAt: joined.verifiedAt,
    createdAt: uow.now,
    updatedAt: uow.now,
  } satisfies UserRow;
  await insertUser(uow.tx, user);
  await uow.audit({
    tenantId: tenant.id,
    actorId: user.id,
    action: 'user.registered',
    subjectType: 'user',
    subjectId: user.id,
    details: { email: user.email, roles: user.roles, ...joined.via },
  });
  return user;
}

async function registerByInvitation(
  deps: AppDeps,
  uow: UnitOfWork,
  tenantSlug: string,
  token: string,
  person: NewPerson,
): Promise<SignedIn> {
  const tenant = await requireTenantBySlug(uow.tx, tenantSlug);
  const invitation = await acceptInvitation(uow.tx, tenant.id, hashToken(token), uow.now);
  if (!invitation || invitation.expiresAt <= uow.now || invitation.email !== person.email) {
    throw new DomainError(
      'invitation_invalid',
      'This invitation is not valid for this e-mail, or has expired or been used',
    );
  }
  // The invitation reached this address: the address is confirmed.
  const user = await addRegisteredUser(uow, tenant, person, {
    roles: invitation.roles,
    verifiedAt: uow.now,
    via: { via: 'invitation', invitationId: invitation.id },
  });
  return startSession(deps, uow.tx, tenant, user);
}

async function registerSelf(
  deps: AppDeps,
  uow: UnitOfWork,
  tenantSlug: string,
  person: NewPerson,
): Promise<void> {
  const tenant = await requireTenantBySlug(uow.tx, tenantSlug);
  if (!tenant.settings.selfRegistration) {
    throw new DomainError('registration_closed', `${tenant.name} accepts new accounts by invitation only`);
  }
  const existing = await findUserByEmail(uow.tx, tenant.id, person.email);
  if (existing) {
    await uow.audit({
      tenantId: tenant.id,
      actorId: null,
      action: 'user.registration_repeated',
      subjectType: 'user',
      subjectId: existing.id,
      details: { email: existing.email },
    });
    await uow.enqueue(
      composeEmail(tenant, 'registration-exists', existing.email, {
        signInUrl: `${deps.publicUrl}/t/${encodeURIComponent(tenant.slug)}/sign-in`,
        resetHint:
          'Sign in with your password or passkey. If that was not you, ignore this e-mail: nothing about your account has changed.',
      }),
    );
    return;
  }
  const user = await addRegisteredUser(uow, tenant, person, {
    roles: ['candidate'],
    verifiedAt: null,
    via: { via: 'self_registration' },
  });
  await sendVerificationLink(uow, deps, tenant, user);
}
