import {
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import { normaliseEmail } from '../domain/identity/account.js';
import { inTransaction } from '../persistence/database.js';
import { listPasskeysOfUser } from '../persistence/repositories/passkeys.js';
import { findUserByEmail } from '../persistence/repositories/users.js';
import type { AppDeps } from './deps.js';
import { requireTenantBySlug } from './find-tenant.js';
import { CHALLENGE_TTL_MS, storeChallenge } from './webauthn-challenges.js';

/** Options for navigator.credentials.get(), and the id of the stored challenge. */
export interface PasskeySignInStart {
  readonly challengeId: string;
  readonly options: PublicKeyCredentialRequestOptionsJSON;
}

/**
 * Starts a passkey sign-in. Without an e-mail the browser offers any discoverable passkey for this site; with
 * one, only that account's passkeys are allowed. An unknown e-mail gets the same answer as no e-mail, so the
 * endpoint does not reveal which accounts exist.
 */
export async function beginPasskeySignIn(
  deps: AppDeps,
  input: { tenant: string; email?: string },
): Promise<PasskeySignInStart> {
  return inTransaction(deps.db, async (tx) => {
    const tenant = await requireTenantBySlug(tx, input.tenant);
    const user = input.email ? await findUserByEmail(tx, tenant.id, normaliseEmail(input.email)) : undefined;
    const passkeys = user ? await listPasskeysOfUser(tx, tenant.id, user.id) : [];
    const options = await generateAuthenticationOptions({
      rpID: deps.relyingParty.id,
      timeout: CHALLENGE_TTL_MS,
      userVerification: 'required',
      allowCredentials: passkeys.map((p) => ({ id: p.credentialId, transports: p.transports })),
    });
    const challengeId = await storeChallenge(deps, tx, {
      tenantId: tenant.id,
      userId: passkeys.length > 0 && user ? user.id : null,
      purpose: 'authentication',
      challenge: options.challenge,
    });
    return { challengeId, options };
  });
}
