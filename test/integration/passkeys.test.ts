import type { PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { listAuditEntries } from '../../server/persistence/audit-chain.js';
import { listPasskeysOfUser } from '../../server/persistence/repositories/passkeys.js';
import type { TenantRow } from '../../server/persistence/repositories/tenants.js';
import type { UserRow } from '../../server/persistence/repositories/users.js';
import { createTestContext, TEST_ORIGIN, type TestContext } from '../support/context.js';
import { makeTenant, makeUser, tokenFor } from '../support/factories.js';
import { FakeClock } from '../support/fake-clock.js';
import { footprint } from '../support/footprint.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';

const bearer = (token: string) => `Bearer ${token}`;

/** Asks for registration options as the user. */
async function registrationOptions(app: Express, token: string) {
  const res = await request(app)
    .post('/api/v1/me/passkeys/options')
    .set('Authorization', bearer(token))
    .send({});
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return res.body as { challengeId: string; options: Parameters<SoftAuthenticator['createCredential']>[0] };
}

function finishRegistration(
  app: Express,
  token: string,
  body: { challengeId: string; response: RegistrationResponseJSON; label: string } & Record<string, unknown>,
) {
  return request(app).post('/api/v1/me/passkeys').set('Authorization', bearer(token)).send(body);
}

/** Enrols a passkey on `authenticator` for the user; returns the stored passkey view and the credential id. */
async function enrol(app: Express, token: string, authenticator: SoftAuthenticator, label = 'Laptop') {
  const start = await registrationOptions(app, token);
  const response = authenticator.createCredential(start.options, TEST_ORIGIN);
  const res = await finishRegistration(app, token, { challengeId: start.challengeId, response, label });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return { passkey: res.body.passkey as { id: string; label: string }, credentialId: response.id, response };
}

/** Starts a passkey sign-in for the tenant (optionally for one e-mail). */
async function signInOptions(app: Express, tenant: string, email?: string) {
  const res = await request(app)
    .post('/api/v1/auth/passkey/options')
    .send(email === undefined ? { tenant } : { tenant, email });
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return res.body as { challengeId: string; options: PublicKeyCredentialRequestOptionsJSON };
}

function verify(app: Express, body: Record<string, unknown>) {
  return request(app).post('/api/v1/auth/passkey/verify').send(body);
}

/**
 * The same attestation under a fresh challenge. With "none" attestation nothing signs the client data, so any
 * client can replay an attestation object it has seen; only the server's uniqueness check stops a duplicate.
 */
function withChallenge(response: RegistrationResponseJSON, challenge: string): RegistrationResponseJSON {
  const clientData = { type: 'webauthn.create', challenge, origin: TEST_ORIGIN, crossOrigin: false };
  return {
    ...response,
    response: {
      ...response.response,
      clientDataJSON: Buffer.from(JSON.stringify(clientData)).toString('base64url'),
    },
  };
}

/** A tenant with one candidate who has enrolled one passkey. */
async function enrolledCandidate(ctx: TestContext, tenant?: TenantRow) {
  const home = tenant ?? (await makeTenant(ctx.deps));
  const user = await makeUser(ctx.deps, home);
  const token = tokenFor(ctx.deps, home, user);
  const authenticator = new SoftAuthenticator();
  const enrolled = await enrol(ctx.app, token, authenticator);
  return { tenant: home, user, token, authenticator, ...enrolled };
}

describe('passkeys over HTTP', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  describe('enrolment', () => {
    it('stores a passkey and lists it to its owner without any key material', async () => {
      const tenant = await makeTenant(ctx.deps);
      const user = await makeUser(ctx.deps, tenant);
      const token = tokenFor(ctx.deps, tenant, user);
      const authenticator = new SoftAuthenticator();

      const start = await registrationOptions(ctx.app, token);
      expect(start.options.rp.id).to.equal('localhost');
      expect(start.options.excludeCredentials).to.deep.equal([]);
      const response = authenticator.createCredential(start.options, TEST_ORIGIN);
      const res = await finishRegistration(ctx.app, token, {
        challengeId: start.challengeId,
        response,
        label: '  Work laptop  ',
      });

      expect(res.status).to.equal(201);
      expect(res.body.passkey).to.include({ label: 'Work laptop', lastUsedAt: null });
      const list = await request(ctx.app)
        .get('/api/v1/me/passkeys')
        .set('Authorization', bearer(token))
        .expect(200);
      expect(list.body.passkeys).to.have.length(1);
      expect(list.body.passkeys[0]).to.have.all.keys(
        'id',
        'label',
        'deviceType',
        'backedUp',
        'createdAt',
        'lastUsedAt',
      );
      expect(list.body.passkeys[0].id).to.equal(res.body.passkey.id);
      expect(list.text).to.not.contain(response.id);
      expect(list.text).to.not.contain(response.response.publicKey!);
      const [entry] = await listAuditEntries(ctx.deps.db, tenant.id);
      expect(entry).to.include({
        action: 'passkey.registered',
        actorId: user.id,
        subjectId: res.body.passkey.id,
      });

      // A second enrolment excludes the passkey the user already has.
      const next = await registrationOptions(ctx.app, token);
      expect(next.options.excludeCredentials?.map((c) => c.id)).to.deep.equal([response.id]);
    });

    it('refuses a registration response with an unknown field, and writes nothing', async () => {
      const tenant = await makeTenant(ctx.deps);
      const user = await makeUser(ctx.deps, tenant);
      const token = tokenFor(ctx.deps, tenant, user);
      const start = await registrationOptions(ctx.app, token);
      const response = new SoftAuthenticator().createCredential(start.options, TEST_ORIGIN);
      const before = await footprint(ctx.deps, tenant.id);

      const res = await request(ctx.app)
        .post('/api/v1/me/passkeys')
        .set('Authorization', bearer(token))
        .send({ challengeId: start.challengeId, response: { ...response, sneaky: true }, label: 'Laptop' });

      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('validation_failed');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include('/response/sneaky');
      expect(await footprint(ctx.deps, tenant.id)).to.deep.equal(before);
    });

    it("refuses another user's registration challenge, which stays usable by its owner", async () => {
      const tenant = await makeTenant(ctx.deps);
      const alice = await makeUser(ctx.deps, tenant);
      const bob = await makeUser(ctx.deps, tenant);
      const aliceToken = tokenFor(ctx.deps, tenant, alice);
      const start = await registrationOptions(ctx.app, aliceToken);
      const before = await footprint(ctx.deps, tenant.id);

      const bobsAnswer = new SoftAuthenticator().createCredential(start.options, TEST_ORIGIN);
      const res = await finishRegistration(ctx.app, tokenFor(ctx.deps, tenant, bob), {
        challengeId: start.challengeId,
        response: bobsAnswer,
        label: 'Stolen',
      });

      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('challenge_invalid');
      expect(await footprint(ctx.deps, tenant.id)).to.deep.equal(before);
      expect(await listPasskeysOfUser(ctx.deps.db, tenant.id, bob.id)).to.have.length(0);

      const alicesAnswer = new SoftAuthenticator().createCredential(start.options, TEST_ORIGIN);
      const own = await finishRegistration(ctx.app, aliceToken, {
        challengeId: start.challengeId,
        response: alicesAnswer,
        label: 'Mine',
      });
      expect(own.status).to.equal(201);
    });

    it('answers 409 when the same credential is registered again, by its owner or by someone else', async () => {
      const tenant = await makeTenant(ctx.deps);
      const alice = await enrolledCandidate(ctx, tenant);
      const bob = await makeUser(ctx.deps, tenant);
      const bobToken = tokenFor(ctx.deps, tenant, bob);
      const before = await footprint(ctx.deps, tenant.id);

      for (const [token, label] of [
        [alice.token, 'alice again'],
        [bobToken, 'bob copies'],
      ] as const) {
        const start = await registrationOptions(ctx.app, token);
        const res = await finishRegistration(ctx.app, token, {
          challengeId: start.challengeId,
          response: withChallenge(alice.response, start.options.challenge),
          label,
        });
        expect(res.status, label).to.equal(409);
        expect(res.body.error.code, label).to.equal('conflict');
      }
      expect(await footprint(ctx.deps, tenant.id)).to.deep.equal(before);
    });

    it('refuses to reuse a registration challenge that was already used', async () => {
      const tenant = await makeTenant(ctx.deps);
      const user = await makeUser(ctx.deps, tenant);
      const token = tokenFor(ctx.deps, tenant, user);
      const start = await registrationOptions(ctx.app, token);
      const response = new SoftAuthenticator().createCredential(start.options, TEST_ORIGIN);
      await finishRegistration(ctx.app, token, {
        challengeId: start.challengeId,
        response,
        label: 'One',
      }).expect(201);
      const before = await footprint(ctx.deps, tenant.id);

      const again = new SoftAuthenticator().createCredential(start.options, TEST_ORIGIN);
      const res = await finishRegistration(ctx.app, token, {
        challengeId: start.challengeId,
        response: again,
        label: 'Two',
      });
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('challenge_invalid');
      expect(await footprint(ctx.deps, tenant.id)).to.deep.equal(before);
    });
  });

  describe('sign-in', () => {
    it('signs in with the passkey alone (no e-mail) and records its use', async () => {
      const alice = await enrolledCandidate(ctx);
      const start = await signInOptions(ctx.app, alice.tenant.slug);
      expect(start.options.allowCredentials ?? []).to.deep.equal([]);
      expect(start.options.rpId).to.equal('localhost');

      const res = await verify(ctx.app, {
        tenant: alice.tenant.slug,
        challengeId: start.challengeId,
        response: alice.authenticator.getAssertion(start.options, TEST_ORIGIN),
      });

      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body.user).to.include({ id: alice.user.id, email: alice.user.email });
      expect(res.headers['set-cookie']?.[0]).to.match(/^certamen_session=.+HttpOnly/i);
      const me = await request(ctx.app)
        .get('/api/v1/me')
        .set('Authorization', bearer(res.body.accessToken))
        .expect(200);
      expect(me.body.user.id).to.equal(alice.user.id);
      const list = await request(ctx.app)
        .get('/api/v1/me/passkeys')
        .set('Authorization', bearer(alice.token))
        .expect(200);
      expect(list.body.passkeys[0].lastUsedAt).to.be.a('string');
      const [entry] = await listAuditEntries(ctx.deps.db, alice.tenant.id);
      expect(entry).to.include({
        action: 'user.signed_in',
        actorId: alice.user.id,
        subjectId: alice.user.id,
      });
      expect(entry?.details).to.deep.equal({ method: 'passkey', passkeyId: alice.passkey.id });
    });

    it('answers a known address, an unknown one and none alike, listing no credentials, and still signs in', async () => {
      const alice = await enrolledCandidate(ctx);
      const known = await signInOptions(ctx.app, alice.tenant.slug, alice.user.email.toUpperCase());
      const unknown = await signInOptions(ctx.app, alice.tenant.slug, 'nobody@example.test');
      const none = await signInOptions(ctx.app, alice.tenant.slug);
      // Everything but the fresh challenge and its id is the same, so the answer says nothing about accounts.
      const shape = ({ challengeId, options }: typeof known) => {
        expect(challengeId).to.be.a('string');
        expect(options.challenge).to.be.a('string');
        return { ...options, challenge: undefined };
      };
      expect(shape(known)).to.deep.equal(shape(unknown));
      expect(shape(known)).to.deep.equal(shape(none));
      expect(known.options.allowCredentials ?? []).to.deep.equal([]);
      expect(Object.keys(known).sort()).to.deep.equal(Object.keys(unknown).sort());

      const res = await verify(ctx.app, {
        tenant: alice.tenant.slug,
        challengeId: known.challengeId,
        response: alice.authenticator.getAssertion(known.options, TEST_ORIGIN),
      });
      expect(res.status).to.equal(200);
      expect(res.body.user.id).to.equal(alice.user.id);
    });

    it('refuses a replayed verify body with challenge_invalid', async () => {
      const alice = await enrolledCandidate(ctx);
      const start = await signInOptions(ctx.app, alice.tenant.slug);
      const body = {
        tenant: alice.tenant.slug,
        challengeId: start.challengeId,
        response: alice.authenticator.getAssertion(start.options, TEST_ORIGIN),
      };
      await verify(ctx.app, body).expect(200);
      const before = await footprint(ctx.deps, alice.tenant.id);

      const replay = await verify(ctx.app, body);

      expect(replay.status).to.equal(400);
      expect(replay.body.error.code).to.equal('challenge_invalid');
      expect(replay.headers['set-cookie']).to.equal(undefined);
      expect(await footprint(ctx.deps, alice.tenant.id)).to.deep.equal(before);
    });

    it("signs in the passkey's own account whatever e-mail was sent, so a challenge cannot test an address", async () => {
      const tenant = await makeTenant(ctx.deps);
      const alice = await enrolledCandidate(ctx, tenant);
      const bob = await enrolledCandidate(ctx, tenant);
      const start = await signInOptions(ctx.app, tenant.slug, alice.user.email);

      const res = await verify(ctx.app, {
        tenant: tenant.slug,
        challengeId: start.challengeId,
        response: bob.authenticator.getAssertion(start.options, TEST_ORIGIN, {
          credentialId: bob.credentialId,
        }),
      });

      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(res.body.user.id).to.equal(bob.user.id);
      const [aliceKey] = await listPasskeysOfUser(ctx.deps.db, tenant.id, alice.user.id);
      expect(aliceKey?.lastUsedAt).to.equal(null);
    });

    it('refuses a passkey registered in another tenant', async () => {
      const alice = await enrolledCandidate(ctx);
      const elsewhere = await makeTenant(ctx.deps);
      const start = await signInOptions(ctx.app, elsewhere.slug);
      const before = await footprint(ctx.deps, elsewhere.id);

      const res = await verify(ctx.app, {
        tenant: elsewhere.slug,
        challengeId: start.challengeId,
        response: alice.authenticator.getAssertion(start.options, TEST_ORIGIN),
      });

      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('passkey_invalid');
      expect(await footprint(ctx.deps, elsewhere.id)).to.deep.equal(before);

      // Nor does a challenge of one tenant count in another.
      const home = await signInOptions(ctx.app, alice.tenant.slug);
      const crossed = await verify(ctx.app, {
        tenant: elsewhere.slug,
        challengeId: home.challengeId,
        response: alice.authenticator.getAssertion(home.options, TEST_ORIGIN),
      });
      expect(crossed.status).to.equal(400);
      expect(crossed.body.error.code).to.equal('challenge_invalid');
    });

    it('refuses a signature counter that does not move forward', async () => {
      const alice = await enrolledCandidate(ctx);
      const first = await signInOptions(ctx.app, alice.tenant.slug);
      await verify(ctx.app, {
        tenant: alice.tenant.slug,
        challengeId: first.challengeId,
        response: alice.authenticator.getAssertion(first.options, TEST_ORIGIN),
      }).expect(200);
      const [afterFirst] = await listPasskeysOfUser(ctx.deps.db, alice.tenant.id, alice.user.id);
      const before = await footprint(ctx.deps, alice.tenant.id);

      const second = await signInOptions(ctx.app, alice.tenant.slug);
      const res = await verify(ctx.app, {
        tenant: alice.tenant.slug,
        challengeId: second.challengeId,
        response: alice.authenticator.getAssertion(second.options, TEST_ORIGIN, {
          signCount: afterFirst!.signCount,
        }),
      });

      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('passkey_invalid');
      expect(await footprint(ctx.deps, alice.tenant.id)).to.deep.equal(before);
      const [stored] = await listPasskeysOfUser(ctx.deps.db, alice.tenant.id, alice.user.id);
      expect(stored?.signCount).to.equal(afterFirst!.signCount);
      expect(stored?.lastUsedAt?.toISOString()).to.equal(afterFirst!.lastUsedAt?.toISOString());
    });

    it('refuses an assertion made for another origin', async () => {
      const alice = await enrolledCandidate(ctx);
      const start = await signInOptions(ctx.app, alice.tenant.slug);
      const before = await footprint(ctx.deps, alice.tenant.id);

      const res = await verify(ctx.app, {
        tenant: alice.tenant.slug,
        challengeId: start.challengeId,
        response: alice.authenticator.getAssertion(start.options, 'http://evil.test'),
      });

      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('passkey_invalid');
      expect(await footprint(ctx.deps, alice.tenant.id)).to.deep.equal(before);
    });
  });

  describe('removal', () => {
    it('removes a passkey, after which it no longer signs in', async () => {
      const alice = await enrolledCandidate(ctx);

      await request(ctx.app)
        .delete(`/api/v1/me/passkeys/${alice.passkey.id}`)
        .set('Authorization', bearer(alice.token))
        .expect(204);

      const list = await request(ctx.app)
        .get('/api/v1/me/passkeys')
        .set('Authorization', bearer(alice.token))
        .expect(200);
      expect(list.body.passkeys).to.deep.equal([]);
      const [entry] = await listAuditEntries(ctx.deps.db, alice.tenant.id);
      expect(entry).to.include({ action: 'passkey.removed', subjectId: alice.passkey.id });
      const before = await footprint(ctx.deps, alice.tenant.id);

      const start = await signInOptions(ctx.app, alice.tenant.slug);
      const res = await verify(ctx.app, {
        tenant: alice.tenant.slug,
        challengeId: start.challengeId,
        response: alice.authenticator.getAssertion(start.options, TEST_ORIGIN),
      });
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('passkey_invalid');
      expect(await footprint(ctx.deps, alice.tenant.id)).to.deep.equal(before);
    });

    it("answers 404 to deleting another user's passkey, and leaves it in place", async () => {
      const tenant = await makeTenant(ctx.deps);
      const alice = await enrolledCandidate(ctx, tenant);
      const mallory: UserRow = await makeUser(ctx.deps, tenant);
      const before = await footprint(ctx.deps, tenant.id);

      const res = await request(ctx.app)
        .delete(`/api/v1/me/passkeys/${alice.passkey.id}`)
        .set('Authorization', bearer(tokenFor(ctx.deps, tenant, mallory)));

      expect(res.status).to.equal(404);
      expect(res.body.error.code).to.equal('not_found');
      expect(await footprint(ctx.deps, tenant.id)).to.deep.equal(before);
      expect(await listPasskeysOfUser(ctx.deps.db, tenant.id, alice.user.id)).to.have.length(1);
    });
  });
});

describe('passkeys over HTTP, with a fake clock', () => {
  let ctx: TestContext;
  let clock: FakeClock;
  before(async () => {
    clock = new FakeClock();
    ctx = await createTestContext({ clock });
  });
  after(() => ctx.close());

  it('refuses a sign-in challenge answered after its 5 minutes', async () => {
    const alice = await enrolledCandidate(ctx);
    const start = await signInOptions(ctx.app, alice.tenant.slug);
    const before = await footprint(ctx.deps, alice.tenant.id);

    clock.advance(6 * 60_000);

    const res = await verify(ctx.app, {
      tenant: alice.tenant.slug,
      challengeId: start.challengeId,
      response: alice.authenticator.getAssertion(start.options, TEST_ORIGIN),
    });
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('challenge_invalid');
    expect(await footprint(ctx.deps, alice.tenant.id)).to.deep.equal(before);
  });

  it('refuses a registration challenge answered after its 5 minutes', async () => {
    const tenant = await makeTenant(ctx.deps);
    const user = await makeUser(ctx.deps, tenant);
    const start = await registrationOptions(ctx.app, tokenFor(ctx.deps, tenant, user));
    const before = await footprint(ctx.deps, tenant.id);

    clock.advance(6 * 60_000);

    // A fresh token: the point is the challenge's age, not the access token's.
    const res = await finishRegistration(ctx.app, tokenFor(ctx.deps, tenant, user), {
      challengeId: start.challengeId,
      response: new SoftAuthenticator().createCredential(start.options, TEST_ORIGIN),
      label: 'Late',
    });
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('challenge_invalid');
    expect(await footprint(ctx.deps, tenant.id)).to.deep.equal(before);
  });
});
