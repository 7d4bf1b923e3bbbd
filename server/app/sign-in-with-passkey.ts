import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { AppDeps } from './deps.js';
import { requireTenantBySlug } from './find-tenant.js';
import { type SignedIn, startSession } from './start-session.js';
import { runUnitOfWork } from './unit-of-work.js';
import { verifyPasskeyAssertion } from './verify-passkey-assertion.js';
import { takeChallenge } from './webauthn-challenges.js';

/** The browser's answer to the sign-in options. */
export interface PasskeySignInInput {
  readonly tenant: string;
  readonly challengeId: string;
  readonly response: AuthenticationResponseJSON;
}

/**
 * Signs a person in with a passkey alone: the challenge is used once, the credential must belong to the
 * account the challenge was made for (when it was made for one), the user handle must match, the signature
 * must verify with user verification, and the signature counter must move forward.
 */
export async function signInWithPasskey(deps: AppDeps, input: PasskeySignInInput): Promise<SignedIn> {
  return runUnitOfWork(deps, null, async ({ tx, now, audit }) => {
    const tenant = await requireTenantBySlug(tx, input.tenant);
    const challenge = await takeChallenge(deps, tx, tenant.id, input.challengeId, 'authentication');
    const { passkey, user } = await verifyPasskeyAssertion(
      deps,
      tx,
      tenant.id,
      challenge,
      input.response,
      now,
    );
    await audit({
      tenantId: tenant.id,
      actorId: user.id,
      action: 'user.signed_in',
      subjectType: 'user',
      subjectId: user.id,
      details: { method: 'passkey', passkeyId: passkey.id },
    });
    return startSession(deps, tx, tenant, user);
  });
}
