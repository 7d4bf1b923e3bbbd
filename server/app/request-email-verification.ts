import { randomUUID } from 'node:crypto';
import { type Actor, hashToken, randomToken } from '../adapters/token-service.js';
import { instantInWords } from '../domain/calendar.js';
import { DomainError } from '../domain/errors.js';
import {
  deletePendingEmailVerifications,
  insertEmailVerification,
} from '../persistence/repositories/email-verifications.js';
import type { TenantRow } from '../persistence/repositories/tenants.js';
import type { UserRow } from '../persistence/repositories/users.js';
import type { AppDeps } from './deps.js';
import { composeEmail } from './mail/compose-email.js';
import { runUnitOfWork, type UnitOfWork } from './unit-of-work.js';

/** How long an e-mailed confirmation link works. */
export const EMAIL_VERIFICATION_TTL_MS = 48 * 3_600_000;

/** A confirmation link on its way: the address it went to and until when it works. */
export interface VerificationLinkSent {
  readonly email: string;
  readonly expiresAt: string;
}

/**
 * Within a unit of work: makes a single-use confirmation link for the account's address (only the token's hash
 * is stored; earlier unused links stop working) and puts the e-mail that carries it in the outbox.
 */
export async function sendVerificationLink(
  uow: UnitOfWork,
  deps: Pick<AppDeps, 'publicUrl'>,
  tenant: TenantRow,
  user: UserRow,
): Promise<VerificationLinkSent> {
  const token = randomToken();
  const expiresAt = new Date(uow.now.getTime() + EMAIL_VERIFICATION_TTL_MS);
  await deletePendingEmailVerifications(uow.tx, tenant.id, user.id);
  await insertEmailVerification(uow.tx, {
    tenantId: tenant.id,
    id: randomUUID(),
    userId: user.id,
    email: user.email,
    tokenHash: hashToken(token),
    createdAt: uow.now,
    expiresAt,
    consumedAt: null,
  });
  const url = `${deps.publicUrl}/t/${encodeURIComponent(tenant.slug)}/verify-email?token=${encodeURIComponent(token)}`;
  await uow.enqueue(
    composeEmail(tenant, 'email-verification', user.email, {
      displayName: user.displayName,
      url,
      expiresOn: instantInWords(expiresAt),
    }),
  );
  return { email: user.email, expiresAt: expiresAt.toISOString() };
}

/** A signed-in person whose address is not confirmed yet asks for a new confirmation link. */
export async function requestEmailVerification(
  deps: Pick<AppDeps, 'db' | 'clock' | 'logger' | 'outbox' | 'publicUrl'>,
  actor: Actor,
): Promise<VerificationLinkSent> {
  return runUnitOfWork(deps, actor, async (uow) => {
    const { user, tenant } = uow.actor as NonNullable<UnitOfWork['actor']>;
    if (user.emailVerifiedAt) throw new DomainError('conflict', 'Your e-mail address is already confirmed');
    const sent = await sendVerificationLink(uow, deps, tenant, user);
    await uow.audit({
      action: 'user.email_verification_requested',
      subjectType: 'user',
      subjectId: user.id,
      details: { email: user.email, expiresAt: sent.expiresAt },
    });
    return sent;
  });
}
