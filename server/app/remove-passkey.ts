import type { Actor } from '../adapters/token-service.js';
import { notFound } from '../domain/errors.js';
import { appendAudit } from '../persistence/audit-chain.js';
import { inTransaction } from '../persistence/database.js';
import { deletePasskey } from '../persistence/repositories/passkeys.js';
import type { AppDeps } from './deps.js';

/** Removes one of the signed-in user's own passkeys. */
export async function removePasskey(deps: AppDeps, actor: Actor, passkeyId: string): Promise<void> {
  await inTransaction(deps.db, async (tx) => {
    if (!(await deletePasskey(tx, actor.tenantId, actor.userId, passkeyId))) throw notFound('Passkey');
    await appendAudit(tx, {
      tenantId: actor.tenantId,
      actorId: actor.userId,
      action: 'passkey.removed',
      subjectType: 'passkey',
      subjectId: passkeyId,
      details: { userId: actor.userId },
      occurredAt: deps.clock.now(),
    });
  });
}
