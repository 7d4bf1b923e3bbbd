import type { Actor } from '../adapters/token-service.js';
import { notFound } from '../domain/errors.js';
import { deletePasskey } from '../persistence/repositories/passkeys.js';
import type { AppDeps } from './deps.js';
import { runUnitOfWork } from './unit-of-work.js';

/** Removes one of the signed-in user's own passkeys. */
export async function removePasskey(deps: AppDeps, actor: Actor, passkeyId: string): Promise<void> {
  await runUnitOfWork(deps, actor, async ({ tx, audit }) => {
    if (!(await deletePasskey(tx, actor.tenantId, actor.userId, passkeyId))) throw notFound('Passkey');
    await audit({
      action: 'passkey.removed',
      subjectType: 'passkey',
      subjectId: passkeyId,
      details: { userId: actor.userId },
    });
  });
}
