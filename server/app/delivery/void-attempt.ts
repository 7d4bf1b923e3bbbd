import type { Actor } from '../../adapters/token-service.js';
import { transitionAttempt } from '../../domain/assessment/attempt.js';
import { DomainError } from '../../domain/errors.js';
import { findAttempt, updateAttempt } from '../../persistence/repositories/attempts.js';
import { addVoucherUse } from '../../persistence/repositories/vouchers.js';
import type { AppDeps } from '../deps.js';
import { runUnitOfWork, type UnitOfWork } from '../unit-of-work.js';
import { currentView, lockAttempt } from './attempt-access.js';
import type { AttemptView } from './attempt-view.js';

/**
 * Voids a live attempt inside a unit of work, with the reason; a technical fault gives its voucher back (the
 * candidate did not get the exam they paid for) and does not count towards retake limits (voided attempts never do).
 */
export async function voidWithin(
  uow: UnitOfWork,
  attemptId: string,
  reason: string,
  technicalFault: boolean,
): Promise<void> {
  const tenantId = uow.tenantId as string;
  const attempt = await findAttempt(uow.tx, tenantId, attemptId, true);
  if (!attempt) throw new DomainError('not_found', 'No such attempt');
  const verdict = transitionAttempt(attempt.status, 'void');
  if (!verdict.allowed) throw new DomainError('invalid_transition', verdict.message);
  await updateAttempt(uow.tx, tenantId, attemptId, {
    status: 'voided',
    voidedAt: uow.now,
    voidReason: reason,
    technicalFault,
    pausedAt: null,
    currentItemId: null,
    currentPosition: null,
    updatedAt: uow.now,
  });
  if (technicalFault && attempt.voucherId) await addVoucherUse(uow.tx, tenantId, attempt.voucherId, -1);
  await uow.audit({
    action: 'attempt.voided',
    subjectType: 'attempt',
    subjectId: attemptId,
    details: { reason, technicalFault, voucherReturned: technicalFault && attempt.voucherId !== null },
  });
}

/** An admin voids an attempt with a reason. */
export async function voidAttempt(
  deps: AppDeps,
  actor: Actor,
  attemptId: string,
  input: { reason: string; technicalFault: boolean },
): Promise<AttemptView> {
  return runUnitOfWork(deps, actor, async (uow) => {
    uow.authorize(['admin']);
    const loaded = await lockAttempt(uow, attemptId, { admins: true });
    await voidWithin(uow, attemptId, input.reason, input.technicalFault);
    uow.afterCommit(() => deps.attemptEvents?.changed(loaded.attempt));
    return currentView(uow, attemptId, loaded);
  });
}
