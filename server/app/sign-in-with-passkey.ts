import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';
import { DomainError } from '../domain/errors.js';
import { findPasskeyByCredentialId, recordPasskeyUse } from '../persistence/repositories/passkeys.js';
import { findUser } from '../persistence/repositories/users.js';
import type { AppDeps } from './deps.js';
import { requireTenantBySlug } from './find-tenant.js';
import { type SignedIn, startSession } from './start-session.js';
import { runUnitOfWork } from './unit-of-work.js';
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
    const passkey = await findPasskeyByCredentialId(tx, tenant.id, input.response.id);
    const refused = new DomainError('passkey_invalid', 'This passkey is not registered for this account');
    if (!passkey) throw refused;
    if (challenge.userId && challenge.userId !== passkey.userId) throw refused;
    const handle = input.response.response.userHandle;
    if (handle && Buffer.from(handle, 'base64url').toString('utf8') !== passkey.userId) throw refused;
    const user = await findUser(tx, tenant.id, passkey.userId);
    if (user?.status !== 'active') throw refused;

    const verification = await verifyAuthenticationResponse({
      response: input.response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: deps.relyingParty.origin,
      expectedRPID: deps.relyingParty.id,
      requireUserVerification: true,
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.signCount,
        transports: passkey.transports as AuthenticatorTransport[],
      },
    }).catch((error: Error) => {
      throw new DomainError('passkey_invalid', `The passkey could not be verified: ${error.message}`);
    });
    if (!verification.verified)
      throw new DomainError('passkey_invalid', 'The passkey signature is not valid');
    await recordPasskeyUse(tx, tenant.id, passkey.id, verification.authenticationInfo.newCounter, now);
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
