import {
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
} from '@simplewebauthn/server';
import type { Actor } from '../adapters/token-service.js';
import { ROLES } from '../domain/identity/roles.js';
import { listPasskeysOfUser } from '../persistence/repositories/passkeys.js';
import type { AppDeps } from './deps.js';
import { type ActingUser, runUnitOfWork } from './unit-of-work.js';
import { CHALLENGE_TTL_MS, storeChallenge, userHandleOf } from './webauthn-challenges.js';

/** Options for the browser's navigator.credentials.create(), and the id of the stored challenge. */
export interface PasskeyRegistrationStart {
  readonly challengeId: string;
  readonly options: PublicKeyCredentialCreationOptionsJSON;
}

/**
 * Starts enrolling a passkey for the signed-in user: a discoverable credential with user verification, so it
 * can later sign in without an e-mail and serve for step-up checks. Existing passkeys are excluded.
 */
export async function beginPasskeyRegistration(
  deps: AppDeps,
  actor: Actor,
): Promise<PasskeyRegistrationStart> {
  return runUnitOfWork(deps, actor, async ({ tx, authorize }) => {
    const { user } = authorize(ROLES) as ActingUser;
    const existing = await listPasskeysOfUser(tx, actor.tenantId, actor.userId);
    const options = await generateRegistrationOptions({
      rpName: deps.relyingParty.name,
      rpID: deps.relyingParty.id,
      userName: user.email,
      userDisplayName: user.displayName,
      userID: userHandleOf(user.id),
      timeout: CHALLENGE_TTL_MS,
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    const challengeId = await storeChallenge(deps, tx, {
      tenantId: actor.tenantId,
      userId: actor.userId,
      purpose: 'registration',
      challenge: options.challenge,
    });
    return { challengeId, options };
  });
}
