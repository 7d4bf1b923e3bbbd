import { randomUUID } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import type { Executor } from '../persistence/database.js';
import {
  type ChallengeRow,
  consumeChallenge,
  insertChallenge,
} from '../persistence/repositories/challenges.js';
import type { AppDeps } from './deps.js';

/** How long a WebAuthn ceremony may take, matching the timeout we put in the options (5 minutes). */
export const CHALLENGE_TTL_MS = 5 * 60_000;

/** Stores a freshly generated challenge and returns its id for the client to send back. */
export async function storeChallenge(
  deps: AppDeps,
  ex: Executor,
  fields: Pick<ChallengeRow, 'tenantId' | 'userId' | 'purpose' | 'challenge'> &
    Partial<Pick<ChallengeRow, 'subjectId'>>,
): Promise<string> {
  const now = deps.clock.now();
  const id = randomUUID();
  await insertChallenge(ex, {
    subjectId: null,
    ...fields,
    id,
    expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
    consumedAt: null,
  });
  return id;
}

/** Uses up a challenge; unknown, used, expired or wrong-purpose challenges are refused. */
export async function takeChallenge(
  deps: AppDeps,
  ex: Executor,
  tenantId: string,
  challengeId: string,
  purpose: ChallengeRow['purpose'],
): Promise<ChallengeRow> {
  const now = deps.clock.now();
  const challenge = await consumeChallenge(ex, tenantId, challengeId, purpose, now);
  if (!challenge)
    throw new DomainError(
      'challenge_invalid',
      'This passkey request is unknown or was already used; start again',
    );
  if (challenge.expiresAt <= now)
    throw new DomainError('challenge_invalid', 'This passkey request has expired; start again');
  return challenge;
}

/** WebAuthn user handle for a user: the UTF-8 bytes of their id, so an assertion names whose passkey it is. */
export function userHandleOf(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId, 'utf8'));
}
