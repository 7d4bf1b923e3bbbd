import { DomainError } from '../domain/errors.js';
import { normaliseEmail } from '../domain/identity/account.js';
import { findTenantBySlug } from '../persistence/repositories/tenants.js';
import { findUserByEmail } from '../persistence/repositories/users.js';
import type { AppDeps } from './deps.js';
import { type SignedIn, startSession } from './start-session.js';
import { runUnitOfWork } from './unit-of-work.js';

/** E-mail and password for a tenant. */
export interface PasswordSignInInput {
  readonly tenant: string;
  readonly email: string;
  readonly password: string;
}

const INVALID = 'E-mail or password is not correct';

/** Signs a person in with e-mail and password; every failure gives the same answer, so accounts cannot be probed. */
export async function signInWithPassword(deps: AppDeps, input: PasswordSignInInput): Promise<SignedIn> {
  const email = normaliseEmail(input.email);
  const tenant = await findTenantBySlug(deps.db, input.tenant);
  const user = tenant ? await findUserByEmail(deps.db, tenant.id, email) : undefined;
  // Always run scrypt, even for unknown accounts, so response time does not reveal which e-mails exist.
  const passwordOk = await deps.passwords.verify(input.password, user?.passwordHash ?? null);
  if (!tenant || !user || !passwordOk || user.status !== 'active') {
    throw new DomainError('invalid_credentials', INVALID);
  }
  return runUnitOfWork(deps, null, async ({ tx, audit }) => {
    await audit({
      tenantId: tenant.id,
      actorId: user.id,
      action: 'user.signed_in',
      subjectType: 'user',
      subjectId: user.id,
      details: { method: 'password' },
    });
    return startSession(deps, tx, tenant, user);
  });
}
