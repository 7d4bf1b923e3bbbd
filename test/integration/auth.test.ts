import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import type { AppDeps } from '../../server/app/deps.js';
import { listAuditEntries } from '../../server/persistence/audit-chain.js';
import { listUsers } from '../../server/persistence/repositories/users.js';
import { footprint } from '../support/footprint.js';
import { createTestContext, TEST_ORIGIN, type TestContext } from '../support/context.js';
import { FACTORY_PASSWORD, makeTenant, makeUser, tokenFor } from '../support/factories.js';
import { FakeClock } from '../support/fake-clock.js';
import { emailsTo } from '../support/mailbox.js';
import { sessionCookie, sessionSetCookie } from '../support/session-cookie.js';

/** The refresh cookie's name is part of the browser contract, so it is spelled out here, not imported. */
const SESSION_COOKIE = 'certamen_session';
const NEW_PASSWORD = 'a sufficiently long passphrase';
const ACCESS_TOKEN_TTL_MS = 900_000;

/** A new tenant whose admin has invited `email` with `roles` (through the API), and that invitation. */
async function invitedInNewTenant(
  ctx: TestContext,
  invitation: { email: string; roles: string[]; expiresInDays?: number },
) {
  const tenant = await makeTenant(ctx.deps);
  const admin = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
  const invite = await request(ctx.app)
    .post('/api/v1/invitations')
    .set('Authorization', bearer(tokenFor(ctx.deps, tenant, admin)))
    .send(invitation)
    .expect(201);
  return { tenant, admin, invite };
}

/** Actions of the tenant's audit chain, newest first. */
async function auditActions(deps: AppDeps, tenantId: string): Promise<string[]> {
  return (await listAuditEntries(deps.db, tenantId, 1000)).map((entry) => entry.action);
}

function uniqueEmail(prefix = 'person'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}@example.test`;
}

function register(app: Express, body: Record<string, unknown>) {
  return request(app).post('/api/v1/auth/register').send(body);
}

function login(app: Express, tenant: string, email: string, password = FACTORY_PASSWORD) {
  return request(app).post('/api/v1/auth/login').send({ tenant, email, password });
}

function refresh(app: Express, cookie: string) {
  return request(app).post('/api/v1/auth/refresh').set('Cookie', cookie);
}

const bearer = (token: string) => `Bearer ${token}`;

describe('authentication over HTTP', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  describe('registration', () => {
    it('answers a self-registration with "check your e-mail", signs nobody in, and e-mails a confirmation link', async () => {
      const tenant = await makeTenant(ctx.deps, { settings: { selfRegistration: true } });
      const email = uniqueEmail('self');
      const res = await register(ctx.app, {
        tenant: tenant.slug,
        email,
        password: NEW_PASSWORD,
        displayName: 'Sam Self',
      });

      expect(res.status).to.equal(202);
      expect(res.body).to.deep.equal({
        status: 'check_email',
        email,
        message: `Check your e-mail: we sent a message to ${email} to finish creating your account.`,
      });
      expect(res.headers['set-cookie']).to.equal(undefined);

      const [account] = await listUsers(ctx.deps.db, tenant.id);
      expect(account).to.include({ email, displayName: 'Sam Self', status: 'active', emailVerifiedAt: null });
      expect(account?.roles).to.deep.equal(['candidate']);
      const mails = await emailsTo(ctx.deps.db, email);
      expect(mails.map((m) => m.kind)).to.deep.equal(['email-verification']);
      expect(mails[0]?.link).to.match(
        new RegExp(`/t/${tenant.slug}/verify-email\\?token=[A-Za-z0-9_-]{40,}$`),
      );

      // The person signs in with their password (the account exists, unconfirmed).
      const signedIn = await login(ctx.app, tenant.slug, email, NEW_PASSWORD).expect(200);
      expect(signedIn.body.user).to.include({ email, emailVerifiedAt: null });
      const me = await request(ctx.app)
        .get('/api/v1/me')
        .set('Authorization', bearer(signedIn.body.accessToken))
        .expect(200);
      expect(me.body.user).to.include({ id: account?.id, email, emailVerifiedAt: null });
      expect(me.body.tenant).to.include({ id: tenant.id, slug: tenant.slug });

      const registered = (await listAuditEntries(ctx.deps.db, tenant.id)).find(
        (e) => e.action === 'user.registered',
      );
      expect(registered?.subjectId).to.equal(account?.id);
      expect(registered?.details).to.include({ via: 'self_registration' });
    });

    it('refuses self-registration when the tenant takes invitations only, and writes nothing', async () => {
      const tenant = await makeTenant(ctx.deps, { settings: { selfRegistration: false } });
      const admin = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
      const before = await footprint(ctx.deps, tenant.id);

      const email = uniqueEmail('closed');
      const res = await register(ctx.app, {
        tenant: tenant.slug,
        email,
        password: NEW_PASSWORD,
        displayName: 'Nope',
      });

      expect(res.status).to.equal(403);
      expect(res.body.error.code).to.equal('registration_closed');
      expect(res.headers['set-cookie']).to.equal(undefined);
      const users = await request(ctx.app)
        .get('/api/v1/users')
        .set('Authorization', bearer(tokenFor(ctx.deps, tenant, admin)))
        .expect(200);
      expect(users.body.users.map((u: { email: string }) => u.email)).to.deep.equal([admin.email]);
      expect(await footprint(ctx.deps, tenant.id)).to.deep.equal({ ...before, users: 1 });
    });

    it('answers a registration of a taken address (whatever its case) exactly like a new one, and e-mails the holder instead', async () => {
      const tenant = await makeTenant(ctx.deps, { settings: { selfRegistration: true } });
      const local = `dup${randomBytes(3).toString('hex')}`;
      const first = await register(ctx.app, {
        tenant: tenant.slug,
        email: `${local.toUpperCase()}@X.test`,
        password: NEW_PASSWORD,
        displayName: 'First',
      }).expect(202);
      const before = await footprint(ctx.deps, tenant.id);

      const res = await register(ctx.app, {
        tenant: tenant.slug,
        email: `${local}@x.test`,
        password: 'another long passphrase',
        displayName: 'Second',
      });

      expect(res.status).to.equal(202);
      expect(Object.keys(res.body)).to.deep.equal(Object.keys(first.body));
      expect(res.body).to.deep.equal({ ...first.body, email: `${local}@x.test` });
      expect(res.headers['set-cookie']).to.equal(undefined);
      // No second account, the first one's password unchanged; the real outcome went to the address.
      expect((await footprint(ctx.deps, tenant.id)).users).to.equal(before.users);
      await login(ctx.app, tenant.slug, `${local}@x.test`, NEW_PASSWORD).expect(200);
      const mails = await emailsTo(ctx.deps.db, `${local}@x.test`);
      expect(mails.map((m) => m.kind)).to.deep.equal(['registration-exists', 'email-verification']);
      expect(mails[0]?.link).to.equal(`${TEST_ORIGIN}/t/${tenant.slug}/sign-in`);
      expect(await auditActions(ctx.deps, tenant.id)).to.include('user.registration_repeated');
    });

    it('answers a registration for an existing account and for a new address with the same body, in similar time', async () => {
      const tenant = await makeTenant(ctx.deps, { settings: { selfRegistration: true } });
      const holder = await makeUser(ctx.deps, tenant);
      const timed = async (email: string) => {
        const started = process.hrtime.bigint();
        const res = await register(ctx.app, {
          tenant: tenant.slug,
          email,
          password: NEW_PASSWORD,
          displayName: 'Probe',
        });
        return { res, ms: Number(process.hrtime.bigint() - started) / 1e6 };
      };
      const known: number[] = [];
      const unknown: number[] = [];
      for (let round = 0; round < 3; round++) {
        const a = await timed(holder.email);
        const b = await timed(uniqueEmail('probe'));
        expect([a.res.status, b.res.status]).to.deep.equal([202, 202]);
        expect(a.res.body).to.deep.equal({ ...b.res.body, email: holder.email, message: a.res.body.message });
        expect(a.res.body.message.replace(holder.email, 'X')).to.equal(
          b.res.body.message.replace(b.res.body.email, 'X'),
        );
        known.push(a.ms);
        unknown.push(b.ms);
      }
      // Both hash the password (the bulk of the work): the medians stay within a factor of three.
      const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[1] as number;
      const ratio = median(known) / median(unknown);
      expect(ratio, `known ${known} ms, unknown ${unknown} ms`).to.be.within(1 / 3, 3);
    });

    it('answers 400 validation_failed pointing at /password when the password is too short', async () => {
      const tenant = await makeTenant(ctx.deps, { settings: { selfRegistration: true } });
      const res = await register(ctx.app, {
        tenant: tenant.slug,
        email: uniqueEmail('short'),
        password: 'short',
        displayName: 'Shorty',
      });

      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('validation_failed');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include('/password');
      expect(await listUsers(ctx.deps.db, tenant.id)).to.have.length(0);
      expect(await auditActions(ctx.deps, tenant.id)).to.have.length(0);
    });
  });

  describe('invitations', () => {
    it('registers an invitee with the invited roles, once', async () => {
      const email = uniqueEmail('invitee');
      const { tenant, invite } = await invitedInNewTenant(ctx, { email, roles: ['proctor', 'author'] });
      expect(invite.body.token).to.be.a('string').and.not.be.empty;
      expect(invite.body.invitation).to.include({ email });
      expect(invite.body.url).to.contain(encodeURIComponent(invite.body.token));
      expect(await auditActions(ctx.deps, tenant.id)).to.deep.equal(['invitation.created']);

      const res = await register(ctx.app, {
        tenant: tenant.slug,
        email,
        password: NEW_PASSWORD,
        displayName: 'Ivy Invitee',
        invitationToken: invite.body.token,
      }).expect(201);
      expect(res.body.user.roles).to.have.members(['proctor', 'author']);
      // The invitation reached the address: the account needs no confirmation link, and none is sent.
      expect(res.body.user.emailVerifiedAt).to.be.a('string');
      expect((await emailsTo(ctx.deps.db, email)).map((m) => m.kind)).to.not.include('email-verification');
      const registered = (await listAuditEntries(ctx.deps.db, tenant.id))[0];
      expect(registered?.action).to.equal('user.registered');
      expect(registered?.details).to.include({ via: 'invitation', invitationId: invite.body.invitation.id });

      // The same token again (as another person) is refused and leaves no trace.
      const before = await footprint(ctx.deps, tenant.id);
      const reuse = await register(ctx.app, {
        tenant: tenant.slug,
        email: uniqueEmail('again'),
        password: NEW_PASSWORD,
        displayName: 'Second Go',
        invitationToken: invite.body.token,
      });
      expect(reuse.status).to.equal(400);
      expect(reuse.body.error.code).to.equal('invitation_invalid');
      expect(await footprint(ctx.deps, tenant.id)).to.deep.equal({ ...before, users: 2 });
    });

    it('refuses the token for another e-mail, and the invitee can still use it afterwards', async () => {
      const email = uniqueEmail('invitee');
      const { tenant, invite } = await invitedInNewTenant(ctx, { email, roles: ['candidate'] });
      const before = await footprint(ctx.deps, tenant.id);

      const wrong = await register(ctx.app, {
        tenant: tenant.slug,
        email: uniqueEmail('interloper'),
        password: NEW_PASSWORD,
        displayName: 'Interloper',
        invitationToken: invite.body.token,
      });
      expect(wrong.status).to.equal(400);
      expect(wrong.body.error.code).to.equal('invitation_invalid');
      expect(await footprint(ctx.deps, tenant.id)).to.deep.equal({ ...before, users: 1 });

      await register(ctx.app, {
        tenant: tenant.slug,
        email: email.toUpperCase(),
        password: NEW_PASSWORD,
        displayName: 'Ivy Invitee',
        invitationToken: invite.body.token,
      }).expect(201);
    });

    it('does not let a tenant admin invite a platform admin', async () => {
      const tenant = await makeTenant(ctx.deps);
      const admin = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
      const res = await request(ctx.app)
        .post('/api/v1/invitations')
        .set('Authorization', bearer(tokenFor(ctx.deps, tenant, admin)))
        .send({ email: uniqueEmail('boss'), roles: ['platform_admin'] });
      expect(res.status).to.equal(403);
      expect(res.body.error.code).to.equal('forbidden');
      expect(await auditActions(ctx.deps, tenant.id)).to.have.length(0);
    });
  });

  describe('password sign-in', () => {
    it('signs in with the right password, sets the session cookie and audits the sign-in', async () => {
      const tenant = await makeTenant(ctx.deps);
      const user = await makeUser(ctx.deps, tenant);

      const res = await login(ctx.app, tenant.slug, user.email.toUpperCase()).expect(200);

      expect(res.body.user).to.include({ id: user.id, email: user.email });
      expect(sessionCookie(res)).to.match(new RegExp(`^${SESSION_COOKIE}=.+`));
      await request(ctx.app).get('/api/v1/me').set('Authorization', bearer(res.body.accessToken)).expect(200);
      const [entry] = await listAuditEntries(ctx.deps.db, tenant.id);
      expect(entry).to.include({ action: 'user.signed_in', actorId: user.id, subjectId: user.id });
      expect(entry?.details).to.deep.equal({ method: 'password' });
    });

    it('gives the same 401 for a wrong password, an unknown e-mail and an unknown tenant', async () => {
      const tenant = await makeTenant(ctx.deps);
      const user = await makeUser(ctx.deps, tenant);

      const wrongPassword = await login(ctx.app, tenant.slug, user.email, 'not the password at all');
      const unknownEmail = await login(ctx.app, tenant.slug, uniqueEmail('ghost'));
      const unknownTenant = await login(ctx.app, `nowhere-${randomBytes(3).toString('hex')}`, user.email);

      const answers = [wrongPassword, unknownEmail, unknownTenant];
      for (const res of answers) {
        expect(res.status).to.equal(401);
        expect(res.body.error.code).to.equal('invalid_credentials');
        expect(res.headers['set-cookie']).to.equal(undefined);
      }
      expect(new Set(answers.map((res) => res.body.error.message)).size).to.equal(1);
      expect(await auditActions(ctx.deps, tenant.id)).to.have.length(0);
    });

    it('shuts a disabled user out: no sign-in, no refresh, and their access token stops working', async () => {
      const tenant = await makeTenant(ctx.deps);
      const admin = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
      const user = await makeUser(ctx.deps, tenant);
      const signedIn = await login(ctx.app, tenant.slug, user.email).expect(200);
      const cookie = sessionCookie(signedIn);

      const disabled = await request(ctx.app)
        .patch(`/api/v1/users/${user.id}`)
        .set('Authorization', bearer(tokenFor(ctx.deps, tenant, admin)))
        .send({ status: 'disabled' })
        .expect(200);
      expect(disabled.body.user.status).to.equal('disabled');
      expect((await auditActions(ctx.deps, tenant.id))[0]).to.equal('user.updated');
      const before = await footprint(ctx.deps, tenant.id);

      const again = await login(ctx.app, tenant.slug, user.email);
      expect(again.status).to.equal(401);
      expect(again.body.error.code).to.equal('invalid_credentials');
      const refreshed = await refresh(ctx.app, cookie);
      expect(refreshed.status).to.equal(401);
      expect(refreshed.body.error.code).to.equal('unauthenticated');
      const me = await request(ctx.app)
        .get('/api/v1/me')
        .set('Authorization', bearer(signedIn.body.accessToken));
      expect(me.status).to.equal(401);
      expect(await footprint(ctx.deps, tenant.id)).to.deep.equal(before);
    });
  });

  describe('sessions', () => {
    it('rotates the refresh cookie: the new one works, the old one is refused', async () => {
      const tenant = await makeTenant(ctx.deps);
      const user = await makeUser(ctx.deps, tenant);
      const first = sessionCookie(await login(ctx.app, tenant.slug, user.email).expect(200));

      const rotated = await refresh(ctx.app, first).expect(200);
      const second = sessionCookie(rotated);
      expect(second).to.not.equal(first);
      expect(rotated.body.user.id).to.equal(user.id);
      await request(ctx.app)
        .get('/api/v1/me')
        .set('Authorization', bearer(rotated.body.accessToken))
        .expect(200);

      const stale = await refresh(ctx.app, first);
      expect(stale.status).to.equal(401);
      expect(stale.body.error.code).to.equal('unauthenticated');
      await refresh(ctx.app, second).expect(200);
    });

    it('lets only one of several simultaneous refreshes with the same cookie through', async () => {
      const tenant = await makeTenant(ctx.deps);
      const user = await makeUser(ctx.deps, tenant);
      const cookie = sessionCookie(await login(ctx.app, tenant.slug, user.email).expect(200));

      const answers = await Promise.all(Array.from({ length: 6 }, () => refresh(ctx.app, cookie)));

      expect(answers.map((res) => res.status).sort()).to.deep.equal([200, 401, 401, 401, 401, 401]);
    });

    it('signs out: the cookie is cleared, refresh is refused, and the sign-out is audited', async () => {
      const tenant = await makeTenant(ctx.deps);
      const user = await makeUser(ctx.deps, tenant);
      const cookie = sessionCookie(await login(ctx.app, tenant.slug, user.email).expect(200));

      const out = await request(ctx.app).post('/api/v1/auth/logout').set('Cookie', cookie).expect(204);
      expect(sessionSetCookie(out)).to.match(/Expires=Thu, 01 Jan 1970/);
      const [entry] = await listAuditEntries(ctx.deps.db, tenant.id);
      expect(entry).to.include({ action: 'user.signed_out', actorId: user.id });

      const res = await refresh(ctx.app, cookie);
      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('unauthenticated');
      // Signing out twice is harmless and writes nothing more.
      const before = await footprint(ctx.deps, tenant.id);
      await request(ctx.app).post('/api/v1/auth/logout').set('Cookie', cookie).expect(204);
      expect(await footprint(ctx.deps, tenant.id)).to.deep.equal(before);
    });

    it('refuses a refresh with no cookie or an unknown one', async () => {
      const none = await request(ctx.app).post('/api/v1/auth/refresh');
      expect(none.status).to.equal(401);
      expect(none.body.error.code).to.equal('unauthenticated');
      const unknown = await refresh(ctx.app, `${SESSION_COOKIE}=${randomBytes(32).toString('base64url')}`);
      expect(unknown.status).to.equal(401);
    });
  });

  describe('access tokens and roles', () => {
    it('answers 401 to garbage, tampered and unsigned bearer tokens', async () => {
      const tenant = await makeTenant(ctx.deps);
      const user = await makeUser(ctx.deps, tenant);
      const token = tokenFor(ctx.deps, tenant, user);
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const promoted = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
      const unsignedHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;

      const authorizations = [
        'Bearer garbage',
        'Bearer not a token!',
        `Bearer ${header}.${promoted}.${signature}`,
        `Bearer ${header}.${payload}.${flipped}`,
        `Bearer ${unsignedHeader}.${promoted}.`,
        `Basic ${Buffer.from('a:b').toString('base64')}`,
        token,
      ];
      for (const authorization of authorizations) {
        const res = await request(ctx.app).get('/api/v1/me').set('Authorization', authorization);
        expect(res.status, authorization).to.equal(401);
        expect(res.body.error.code, authorization).to.equal('unauthenticated');
      }
      await request(ctx.app).get('/api/v1/me').set('Authorization', bearer(token)).expect(200);
    });

    it("answers 401 to a token signed with another deployment's secret", async () => {
      const tenant = await makeTenant(ctx.deps);
      const user = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
      const other = await createTestContext();
      try {
        const foreign = tokenFor(other.deps, tenant, user);
        const res = await request(ctx.app).get('/api/v1/me').set('Authorization', bearer(foreign));
        expect(res.status).to.equal(401);
        expect(res.body.error.code).to.equal('unauthenticated');
      } finally {
        await other.close();
      }
    });

    it('answers 403 forbidden when a candidate lists the users', async () => {
      const tenant = await makeTenant(ctx.deps);
      const candidate = await makeUser(ctx.deps, tenant, { roles: ['candidate'] });
      const res = await request(ctx.app)
        .get('/api/v1/users')
        .set('Authorization', bearer(tokenFor(ctx.deps, tenant, candidate)));
      expect(res.status).to.equal(403);
      expect(res.body.error.code).to.equal('forbidden');
    });

    it('answers 401 when a protected route is called without a token', async () => {
      const res = await request(ctx.app).get('/api/v1/me');
      expect(res.status).to.equal(401);
      expect(res.body.error.code).to.equal('unauthenticated');
    });
  });

  describe('user administration', () => {
    it("changes a member's roles and audits it as user.roles_changed", async () => {
      const tenant = await makeTenant(ctx.deps);
      const admin = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
      const member = await makeUser(ctx.deps, tenant, { roles: ['candidate'] });

      const res = await request(ctx.app)
        .patch(`/api/v1/users/${member.id}`)
        .set('Authorization', bearer(tokenFor(ctx.deps, tenant, admin)))
        .send({ roles: ['author', 'candidate'] })
        .expect(200);

      expect(res.body.user.roles).to.deep.equal(['candidate', 'author']);
      const [entry] = await listAuditEntries(ctx.deps.db, tenant.id);
      expect(entry).to.include({ action: 'user.roles_changed', actorId: admin.id, subjectId: member.id });
    });

    it('does not let an admin disable themselves or drop their own admin role', async () => {
      const tenant = await makeTenant(ctx.deps);
      const admin = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
      const token = tokenFor(ctx.deps, tenant, admin);

      for (const patch of [{ status: 'disabled' }, { roles: ['candidate'] }]) {
        const res = await request(ctx.app)
          .patch(`/api/v1/users/${admin.id}`)
          .set('Authorization', bearer(token))
          .send(patch);
        expect(res.status, JSON.stringify(patch)).to.equal(409);
        expect(res.body.error.code).to.equal('conflict');
      }
      const [stored] = await listUsers(ctx.deps.db, tenant.id);
      expect(stored).to.include({ status: 'active' });
      expect(stored?.roles).to.deep.equal(['admin']);
      expect(await auditActions(ctx.deps, tenant.id)).to.have.length(0);
    });

    it('does not let a tenant admin grant platform_admin', async () => {
      const tenant = await makeTenant(ctx.deps);
      const admin = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
      const member = await makeUser(ctx.deps, tenant, { roles: ['candidate'] });

      const res = await request(ctx.app)
        .patch(`/api/v1/users/${member.id}`)
        .set('Authorization', bearer(tokenFor(ctx.deps, tenant, admin)))
        .send({ roles: ['candidate', 'platform_admin'] });

      expect(res.status).to.equal(403);
      expect(res.body.error.code).to.equal('forbidden');
      const stored = (await listUsers(ctx.deps.db, tenant.id)).find((u) => u.id === member.id);
      expect(stored?.roles).to.deep.equal(['candidate']);
      expect(await auditActions(ctx.deps, tenant.id)).to.have.length(0);
    });
  });
});

describe('authentication over HTTP, with a fake clock', () => {
  let ctx: TestContext;
  let clock: FakeClock;
  before(async () => {
    clock = new FakeClock();
    ctx = await createTestContext({ clock });
  });
  after(() => ctx.close());

  it('refuses an access token once its 900 s are up, while the refresh cookie still works', async () => {
    const tenant = await makeTenant(ctx.deps);
    const user = await makeUser(ctx.deps, tenant);
    const signedIn = await login(ctx.app, tenant.slug, user.email).expect(200);
    const token = signedIn.body.accessToken as string;
    await request(ctx.app).get('/api/v1/me').set('Authorization', bearer(token)).expect(200);

    clock.advance(ACCESS_TOKEN_TTL_MS + 1_000);

    const res = await request(ctx.app).get('/api/v1/me').set('Authorization', bearer(token));
    expect(res.status).to.equal(401);
    expect(res.body.error.code).to.equal('unauthenticated');
    const renewed = await refresh(ctx.app, sessionCookie(signedIn)).expect(200);
    await request(ctx.app)
      .get('/api/v1/me')
      .set('Authorization', bearer(renewed.body.accessToken))
      .expect(200);
  });

  it('refuses an expired invitation and writes nothing', async () => {
    const email = uniqueEmail('late');
    const { tenant, invite } = await invitedInNewTenant(ctx, { email, roles: ['author'], expiresInDays: 1 });
    const before = await footprint(ctx.deps, tenant.id);

    clock.advance(86_400_000 + 1_000);

    const res = await register(ctx.app, {
      tenant: tenant.slug,
      email,
      password: NEW_PASSWORD,
      displayName: 'Late Larry',
      invitationToken: invite.body.token,
    });
    expect(res.status).to.equal(400);
    expect(res.body.error.code).to.equal('invitation_invalid');
    expect(await footprint(ctx.deps, tenant.id)).to.deep.equal({ ...before, users: 1 });
  });
});

describe('authentication over HTTP, rate limited', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext({ authRateLimitPerMin: 3 });
  });
  after(() => ctx.close());

  it('answers the fourth sign-in attempt within a minute with 429 rate_limited', async () => {
    const tenant = await makeTenant(ctx.deps);
    const user = await makeUser(ctx.deps, tenant);

    await login(ctx.app, tenant.slug, user.email).expect(200);
    await login(ctx.app, tenant.slug, user.email, 'wrong password here').expect(401);
    const third = await login(ctx.app, tenant.slug, user.email).expect(200);
    const before = await footprint(ctx.deps, tenant.id);

    const fourth = await login(ctx.app, tenant.slug, user.email);

    expect(fourth.status).to.equal(429);
    expect(fourth.headers['content-type']).to.match(/application\/json/);
    expect(fourth.body.error.code).to.equal('rate_limited');
    expect(fourth.body.error.message).to.be.a('string').and.not.be.empty;
    expect(fourth.headers['set-cookie']).to.equal(undefined);
    expect(await footprint(ctx.deps, tenant.id)).to.deep.equal(before);
    // Routes outside sign-in are not limited.
    await request(ctx.app).get('/api/v1/me').set('Authorization', bearer(third.body.accessToken)).expect(200);
  });
});
