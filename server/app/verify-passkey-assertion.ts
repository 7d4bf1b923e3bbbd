import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';
import { DomainError } from '../domain/errors.js';
import type { Tx } from '../persistence/database.js';
import type { ChallengeRow } from '../persistence/repositories/challenges.js';
import {
  findPasskeyWithUser,
  type PasskeyRow,
  recordPasskeyUse,
} from '../persistence/repositories/passkeys.js';
import type { UserRow } from '../persistence/repositories/users.js';
import type { AppDeps } from './deps.js';

/** A verified assertion: the passkey, its active account, and whether the authenticator verified the user. */
export interface VerifiedAssertion {
  readonly passkey: PasskeyRow;
  readonly user: UserRow;
  readonly userVerified: boolean;
}

/**
 * Checks a WebAuthn assertion against a challenge already taken: the credential must belong to the account the
 * challenge was made for (when it was made for one), the user handle must match, the account must be active,
 * the signature must verify with user verification, and the signature counter must move forward (recorded).
 */
export async function verifyPasskeyAssertion(
  deps: Pick<AppDeps, 'relyingParty'>,
  tx: Tx,
  tenantId: string,
  challenge: ChallengeRow,
  response: AuthenticationResponseJSON,
  now: Date,
): Promise<VerifiedAssertion> {
  const found = await findPasskeyWithUser(tx, tenantId, response.id);
  const refused = new DomainError('passkey_invalid', 'This passkey is not registered for this account');
  if (!found) throw refused;
  const { passkey, user } = found;
  if (challenge.userId && challenge.userId !== passkey.userId) throw refused;
  const handle = response.response.userHandle;
  if (handle && Buffer.from(handle, 'base64url').toString('utf8') !== passkey.userId) throw refused;
  if (user.status !== 'active') throw refused;

  const verification = await verifyAuthenticationResponse({
    response,
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
  if (!verification.verified) throw new DomainError('passkey_invalid', 'The passkey signature is not valid');
  await recordPasskeyUse(tx, tenantId, passkey.id, verification.authenticationInfo.newCounter, now);
  return { passkey, user, userVerified: verification.authenticationInfo.userVerified };
}
