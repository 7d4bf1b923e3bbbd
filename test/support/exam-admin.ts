import { expect } from 'chai';
import type { Express } from 'express';
import type { AttemptView } from '../../server/app/delivery/attempt-view.js';
import type { AppDeps } from '../../server/app/deps.js';
import type { Role } from '../../server/domain/identity/roles.js';
import type { TenantRow } from '../../server/persistence/repositories/tenants.js';
import { submitAndRead } from './exam-answers.js';
import { anyAnswer, type ExamCandidate, postAnswer, startExam } from './exam.js';
import { makeUser, tokenFor } from './factories.js';

/** The Authorization header of a token. */
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A member of the tenant with the roles (an admin by default) and their access token. */
export async function memberOf(deps: AppDeps, tenant: TenantRow, roles: Role[] = ['admin']) {
  const user = await makeUser(deps, tenant, { roles, displayName: `Test ${roles.join(' ')}` });
  return { user, token: tokenFor(deps, tenant, user) };
}

/**
 * Sits a fixed or linear exam to the end through REST (some answer to every question), submits it, and returns
 * it as read then (scored).
 */
export async function sitLinearExam(
  app: Express,
  candidate: ExamCandidate,
  certificationId: string,
): Promise<AttemptView> {
  const { attempt } = await startExam(app, candidate, certificationId);
  let seq = 0;
  for (const slot of attempt.form ?? []) {
    seq += 1;
    const saved = await postAnswer(app, candidate, attempt.id, {
      epoch: attempt.epoch,
      seq,
      position: slot.position,
      answer: anyAnswer(slot.item as never),
    });
    expect(saved.status, JSON.stringify(saved.body)).to.equal(200);
  }
  return submitAndRead(app, candidate, attempt);
}
