import { randomUUID } from 'node:crypto';
import type { Actor } from '../../adapters/token-service.js';
import { DomainError } from '../../domain/errors.js';
import type { WaivableRule } from '../../domain/policies/eligibility.js';
import { findCertification, listCertifications } from '../../persistence/repositories/certifications.js';
import {
  deleteOpenException,
  type EligibilityExceptionRow,
  exceptionExists,
  insertException,
  listOpenExceptions,
} from '../../persistence/repositories/eligibility.js';
import { findUser, findUsersByIds } from '../../persistence/repositories/users.js';
import type { AppDeps } from '../deps.js';
import { runUnitOfWork } from '../unit-of-work.js';

/** An exception as admins see it. */
export interface EligibilityExceptionView {
  readonly id: string;
  readonly candidate: { readonly id: string; readonly name: string; readonly email: string };
  readonly certification: { readonly id: string; readonly code: string; readonly title: string };
  readonly rule: WaivableRule;
  readonly reason: string;
  readonly grantedBy: string | null;
  readonly grantedAt: string;
}

type Named = { id: string; displayName: string; email: string };
type Titled = { id: string; code: string; title: string };

function exceptionView(
  row: EligibilityExceptionRow,
  user: Named,
  certification: Titled,
): EligibilityExceptionView {
  return {
    id: row.id,
    candidate: { id: user.id, name: user.displayName, email: user.email },
    certification: { id: certification.id, code: certification.code, title: certification.title },
    rule: row.rule as WaivableRule,
    reason: row.reason,
    grantedBy: row.grantedBy,
    grantedAt: row.grantedAt.toISOString(),
  };
}

/** What an admin grants: one rule waived for one candidate at one certification, and why. */
export interface ExceptionInput {
  readonly userId: string;
  readonly certificationId: string;
  readonly rule: WaivableRule;
  readonly reason: string;
}

/**
 * An admin grants a candidate an exception to one eligibility rule at one certification, with a reason.
 * The candidate's next check-in there is judged without that rule and uses the exception up. One open
 * exception per rule: granting the same one again is refused.
 */
export async function grantEligibilityException(
  deps: AppDeps,
  actor: Actor,
  input: ExceptionInput,
): Promise<EligibilityExceptionView> {
  return runUnitOfWork(deps, actor, async (uow) => {
    uow.authorize(['admin']);
    const tenantId = actor.tenantId;
    const user = await findUser(uow.tx, tenantId, input.userId);
    if (!user) throw new DomainError('not_found', 'No such user');
    // Locking the certification serialises two grants of one exception, so only one of them is stored.
    const certification = await findCertification(uow.tx, tenantId, input.certificationId, true);
    if (!certification) throw new DomainError('not_found', 'No such certification');
    const open = await listOpenExceptions(uow.tx, tenantId, {
      userId: user.id,
      certificationId: certification.id,
    });
    if (open.some((e) => e.rule === input.rule))
      throw new DomainError(
        'conflict',
        `${user.displayName} already has an unused exception to this rule for ${certification.code}`,
      );
    const row: EligibilityExceptionRow = {
      tenantId,
      id: randomUUID(),
      userId: user.id,
      certificationId: certification.id,
      rule: input.rule,
      reason: input.reason.trim(),
      grantedBy: actor.userId,
      grantedAt: uow.now,
      usedByAttemptId: null,
    };
    await insertException(uow.tx, row);
    await uow.audit({
      action: 'eligibility_exception.granted',
      subjectType: 'user',
      subjectId: user.id,
      details: { exceptionId: row.id, certificationId: certification.id, rule: row.rule, reason: row.reason },
    });
    return exceptionView(row, user, certification);
  });
}

/**
 * An admin takes back an exception no check-in has used yet (granted in error, or no longer wanted): the
 * candidate's next check-in is judged by every rule again. A used exception is part of its attempt's record and
 * stays.
 */
export async function revokeEligibilityException(deps: AppDeps, actor: Actor, id: string): Promise<void> {
  await runUnitOfWork(deps, actor, async (uow) => {
    uow.authorize(['admin']);
    const tenantId = actor.tenantId;
    const row = await deleteOpenException(uow.tx, tenantId, id);
    if (!row) {
      if (await exceptionExists(uow.tx, tenantId, id))
        throw new DomainError(
          'conflict',
          'This exception was used by a check-in and stays with that attempt',
        );
      throw new DomainError('not_found', 'No such exception');
    }
    await uow.audit({
      action: 'eligibility_exception.revoked',
      subjectType: 'user',
      subjectId: row.userId,
      details: { exceptionId: row.id, certificationId: row.certificationId, rule: row.rule },
    });
  });
}

/** Open (unused) exceptions of the programme, newest first, for one candidate or certification when given. */
export async function listEligibilityExceptions(
  deps: AppDeps,
  actor: Actor,
  filter: { readonly userId?: string; readonly certificationId?: string },
): Promise<EligibilityExceptionView[]> {
  return runUnitOfWork(deps, actor, async (uow) => {
    uow.authorize(['admin']);
    const tenantId = actor.tenantId;
    const rows = await listOpenExceptions(uow.tx, tenantId, filter);
    const users = new Map(
      (
        await findUsersByIds(
          uow.tx,
          tenantId,
          rows.map((r) => r.userId),
        )
      ).map((u) => [u.id, u]),
    );
    const certifications = new Map((await listCertifications(uow.tx, tenantId)).map((c) => [c.id, c]));
    return rows.flatMap((row) => {
      const user = users.get(row.userId);
      const certification = certifications.get(row.certificationId);
      return user && certification ? [exceptionView(row, user, certification)] : [];
    });
  });
}
