import {
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import type { AppDeps } from './deps.js';
import { requireTenantBySlug } from './find-tenant.js';
import { runUnitOfWork } from './unit-of-work.js';
import { CHALLENGE_TTL_MS, storeChallenge } from './webauthn-challenges.js';

/** Options for navigator.credentials.get(), and the id of the stored challenge. */
export interface PasskeySignInStart {
  readonly challengeId: string;
  readonly options: PublicKeyCredentialRequestOptionsJSON;
}

/**
 * Starts a passkey sign-in with discoverable credentials: the browser offers the passkeys it holds for this
 * site and the one chosen names its account (passkeys are registered as resident keys). An e-mail, when
 * sent, changes nothing: every caller gets the same answer (no allowCredentials, a challenge bound to no
 * account), so the endpoint neither lists an account's passkeys nor tells known addresses from unknown ones,
 * and a challenge cannot be used to test whether a passkey belongs to a given address.
 */
export async function beginPasskeySignIn(
  deps: AppDeps,
  input: { tenant: string; email?: string },
): Promise<PasskeySignInStart> {
  return runUnitOfWork(deps, null, async ({ tx }) => {
    const tenant = await requireTenantBySlug(tx, input.tenant);
    const options = await generateAuthenticationOptions({
      rpID: deps.relyingParty.id,
      timeout: CHALLENGE_TTL_MS,
      userVerification: 'required',
      allowCredentials: [],
    });
    const challengeId = await storeChallenge(deps, tx, {
      tenantId: tenant.id,
      userId: null,
      purpose: 'authentication',
      challenge: options.challenge,
    });
    return { challengeId, options };
  });
}
