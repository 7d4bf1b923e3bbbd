import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import type { AppDeps } from '../../server/app/deps.js';
import { seedDemoProgramme } from '../../server/app/seed-demo-programme.js';
import type { AttemptView } from '../../server/app/delivery/attempt-view.js';
import { listCertifications } from '../../server/persistence/repositories/certifications.js';
import type { TenantRow } from '../../server/persistence/repositories/tenants.js';
import type { UserRow } from '../../server/persistence/repositories/users.js';
import { TEST_ORIGIN } from './context.js';
import { makeTenant, makeUser, tokenFor } from './factories.js';
import { SoftAuthenticator } from './soft-authenticator.js';

/** A programme to sit exams in: the demo bank, its adaptive (ACP-A) and linear (ACP-F) certifications. */
export interface ExamProgramme {
  readonly tenant: TenantRow;
  readonly adaptiveId: string;
  readonly linearId: string;
}

/** A new tenant with the demo programme. */
export async function makeExamProgramme(deps: AppDeps): Promise<ExamProgramme> {
  const tenant = await makeTenant(deps);
  await seedDemoProgramme(deps, tenant.id);
  const certifications = await listCertifications(deps.db, tenant.id);
  const byCode = (code: string) => certifications.find((c) => c.code === code)?.id as string;
  return { tenant, adaptiveId: byCode('ACP-A'), linearId: byCode('ACP-F') };
}

/** A candidate of the programme with a passkey on a soft authenticator, and their access token. */
export interface ExamCandidate {
  readonly user: UserRow;
  readonly token: string;
  readonly authenticator: SoftAuthenticator;
}

const bearer = (token: string) => `Bearer ${token}`;

/** Makes a candidate and enrols a passkey for them through the API. */
export async function makeCandidate(app: Express, deps: AppDeps, tenant: TenantRow): Promise<ExamCandidate> {
  const user = await makeUser(deps, tenant, { displayName: 'Cara Candidate' });
  const token = tokenFor(deps, tenant, user);
  const authenticator = new SoftAuthenticator();
  const start = await request(app)
    .post('/api/v1/me/passkeys/options')
    .set('Authorization', bearer(token))
    .send({});
  expect(start.status, JSON.stringify(start.body)).to.equal(200);
  const response = authenticator.createCredential(start.body.options, TEST_ORIGIN);
  const done = await request(app)
    .post('/api/v1/me/passkeys')
    .set('Authorization', bearer(token))
    .send({ challengeId: start.body.challengeId, response, label: 'Laptop' });
  expect(done.status, JSON.stringify(done.body)).to.equal(201);
  return { user, token, authenticator };
}

/** Checks the candidate in for a certification with their passkey; returns the checked-in attempt. */
export async function checkInFor(
  app: Express,
  candidate: ExamCandidate,
  certificationId: string,
  extra: { voucherCode?: string } = {},
): Promise<AttemptView> {
  const options = await request(app)
    .post(`/api/v1/certifications/${certificationId}/check-in/options`)
    .set('Authorization', bearer(candidate.token))
    .send({});
  expect(options.status, JSON.stringify(options.body)).to.equal(200);
  const assertion = candidate.authenticator.getAssertion(
    options.body.options as PublicKeyCredentialRequestOptionsJSON,
    TEST_ORIGIN,
  );
  const res = await request(app)
    .post(`/api/v1/certifications/${certificationId}/attempts`)
    .set('Authorization', bearer(candidate.token))
    .send({ challengeId: options.body.challengeId, response: assertion, ...extra });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body.attempt as AttemptView;
}

/** Checks in and begins: the running attempt and its socket token. */
export async function startExam(app: Express, candidate: ExamCandidate, certificationId: string) {
  const checkedIn = await checkInFor(app, candidate, certificationId);
  const res = await request(app)
    .post(`/api/v1/attempts/${checkedIn.id}/start`)
    .set('Authorization', bearer(candidate.token))
    .send({});
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return res.body as { attempt: AttemptView; attemptToken: string };
}

/** Posts one save through REST. */
export function postAnswer(
  app: Express,
  candidate: ExamCandidate,
  attemptId: string,
  body: { epoch: number; seq: number; position: number; answer: unknown; marked?: boolean },
) {
  return request(app)
    .post(`/api/v1/attempts/${attemptId}/responses`)
    .set('Authorization', bearer(candidate.token))
    .send(body);
}

/** Some answer of the right shape for a candidate item (right or wrong by chance). */
export function anyAnswer(item: {
  type: string;
  options?: { id: string }[];
  prompts?: { id: string }[];
}): Record<string, unknown> {
  switch (item.type) {
    case 'single_choice':
      return { optionId: item.options?.[0]?.id };
    case 'multiple_response':
      return { optionIds: [item.options?.[0]?.id] };
    case 'true_false':
      return { value: true };
    case 'numeric':
      return { value: 1 };
    case 'short_text':
      return { text: 'answer' };
    case 'ordering':
      return { order: (item.options ?? []).map((o) => o.id) };
    case 'matching':
      return { pairs: Object.fromEntries((item.prompts ?? []).map((p, i) => [p.id, item.options?.[i]?.id])) };
    default:
      throw new Error(`unknown item type ${item.type}`);
  }
}
