import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import type { AttemptView } from '../../server/app/delivery/attempt-view.js';
import type { AppDeps } from '../../server/app/deps.js';
import type { Role } from '../../server/domain/identity/roles.js';
import type { TenantRow } from '../../server/persistence/repositories/tenants.js';
import { anyAnswer, type ExamCandidate, postAnswer, startExam } from './exam.js';
import { makeUser, tokenFor } from './factories.js';

/** The Authorization header of a token. */
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A member of the tenant with the roles (an admin by default) and their access token. */
export async function memberOf(deps: AppDeps, tenant: TenantRow, roles: Role[] = ['admin']) {
  const user = await makeUser(deps, tenant, { roles, displayName: `Test ${roles.join(' ')}` });
  return { user, token: tokenFor(deps, tenant, user) };
}

/** Sits a fixed or linear exam to the end through REST (some answer to every question) and submits it. */
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
  const submitted = await request(app)
    .post(`/api/v1/attempts/${attempt.id}/submit`)
    .set(bearer(candidate.token))
    .send({ epoch: attempt.epoch });
  expect(submitted.status, JSON.stringify(submitted.body)).to.equal(200);
  return submitted.body.attempt as AttemptView;
}
