import { hashToken } from '../adapters/token-service.js';
import { DomainError } from '../domain/errors.js';
import { linkCredentialsToHolder } from '../persistence/repositories/credentials.js';
import { consumeEmailVerification } from '../persistence/repositories/email-verifications.js';
import { findTenantById } from '../persistence/repositories/tenants.js';
import { findUser, markEmailVerified } from '../persistence/repositories/users.js';
import type { AppDeps } from './deps.js';
import { runUnitOfWork } from './unit-of-work.js';

/** An address confirmed: whose, in which tenant, and how many credentials issued to it joined the account. */
export interface EmailVerified {
  readonly tenant: string;
  readonly email: string;
  readonly verifiedAt: string;
  readonly credentialsLinked: number;
}

const invalid = () =>
  new DomainError(
    'verification_invalid',
    'This confirmation link is not valid: it has expired or been used. Sign in to ask for a new one.',
  );

/**
 * A person opens the link e-mailed to them: the link is used up, the account's address is marked confirmed,
 * and the credentials of the tenant issued to that address that no account holds yet join the account, all
 * in one transaction with their audit entries.
 */
export async function verifyEmail(
  deps: Pick<AppDeps, 'db' | 'clock' | 'logger' | 'outbox'>,
  token: string,
): Promise<EmailVerified> {
  return runUnitOfWork(deps, null, async (uow) => {
    const verification = await consumeEmailVerification(uow.tx, hashToken(token), uow.now);
    if (!verification || verification.expiresAt <= uow.now) throw invalid();
    const { tenantId, userId } = verification;
    const user = await findUser(uow.tx, tenantId, userId);
    const tenant = await findTenantById(uow.tx, tenantId);
    // The link proves the address it was sent to, not whatever address the account has now.
    if (!user || !tenant || user.email !== verification.email) throw invalid();
    const verifiedAt = user.emailVerifiedAt ?? uow.now;
    // Issuing to an address reads its account under a share lock, which this update waits for: a credential
    // issued meanwhile is committed (and so linked below), or issued after this commits and linked at once
    // because the address is confirmed by then. None falls between.
    if (!user.emailVerifiedAt) {
      await markEmailVerified(uow.tx, tenantId, userId, verifiedAt);
    }
    const linked = await linkCredentialsToHolder(uow.tx, tenantId, user.email, userId, uow.now);
    if (!user.emailVerifiedAt) {
      await uow.audit({
        tenantId,
        actorId: userId,
        action: 'user.email_verified',
        subjectType: 'user',
        subjectId: userId,
        details: { email: user.email, credentialsLinked: linked.length },
      });
    }
    for (const credential of linked) {
      await uow.audit({
        tenantId,
        actorId: userId,
        action: 'credential.holder_linked',
        subjectType: 'credential',
        subjectId: credential.id,
        details: { certificateId: credential.certificateId, userId, holderEmail: user.email },
      });
    }
    return {
      tenant: tenant.slug,
      email: user.email,
      verifiedAt: verifiedAt.toISOString(),
      credentialsLinked: linked.length,
    };
  });
}
