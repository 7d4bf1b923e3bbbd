import { randomUUID } from 'node:crypto';
import { type RegistrationResponseJSON, verifyRegistrationResponse } from '@simplewebauthn/server';
import type { Actor } from '../adapters/token-service.js';
import { DomainError } from '../domain/errors.js';
import { ROLES } from '../domain/identity/roles.js';
import { insertPasskey } from '../persistence/repositories/passkeys.js';
import type { AppDeps } from './deps.js';
import { runUnitOfWork } from './unit-of-work.js';
import { passkeyView } from './views.js';
import { takeChallenge } from './webauthn-challenges.js';

/** The browser's answer to the registration options. */
export interface RegisterPasskeyInput {
  readonly challengeId: string;
  readonly response: RegistrationResponseJSON;
  readonly label: string;
}

/** Finishes enrolling a passkey: checks the attestation against the user's own challenge and stores the key. */
export async function registerPasskey(deps: AppDeps, actor: Actor, input: RegisterPasskeyInput) {
  return runUnitOfWork(
    deps,
    actor,
    async ({ tx, now, audit, authorize }) => {
      authorize(ROLES);
      const challenge = await takeChallenge(deps, tx, actor.tenantId, input.challengeId, 'registration');
      if (challenge.userId !== actor.userId) {
        throw new DomainError('challenge_invalid', 'This passkey request belongs to another account');
      }
      const verification = await verifyRegistrationResponse({
        response: input.response,
        expectedChallenge: challenge.challenge,
        expectedOrigin: deps.relyingParty.origin,
        expectedRPID: deps.relyingParty.id,
        requireUserVerification: true,
      }).catch((error: Error) => {
        throw new DomainError('passkey_invalid', `The passkey could not be verified: ${error.message}`);
      });
      if (!verification.verified || !verification.registrationInfo) {
        throw new DomainError('passkey_invalid', 'The passkey could not be verified');
      }
      const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
      const passkey = {
        tenantId: actor.tenantId,
        id: randomUUID(),
        userId: actor.userId,
        credentialId: credential.id,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        signCount: credential.counter,
        transports: credential.transports ?? [],
        deviceType: credentialDeviceType,
        backedUp: credentialBackedUp,
        label: input.label.trim() || 'Passkey',
        createdAt: now,
        lastUsedAt: null,
      };
      await insertPasskey(tx, passkey);
      await audit({
        action: 'passkey.registered',
        subjectType: 'passkey',
        subjectId: passkey.id,
        details: { userId: actor.userId, label: passkey.label, deviceType: credentialDeviceType },
      });
      return passkeyView(passkey);
    },
    { onUniqueViolation: 'This passkey is already registered' },
  );
}
