import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { listAuditEntries } from '../../server/persistence/audit-chain.js';
import {
  insertPasskey,
  listPasskeysOfUser,
  type PasskeyRow,
} from '../../server/persistence/repositories/passkeys.js';
import { findTenantById, type TenantRow } from '../../server/persistence/repositories/tenants.js';
import { findUser, findUserByEmail, type UserRow } from '../../server/persistence/repositories/users.js';
import { invitations } from '../../server/persistence/schema.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { FACTORY_PASSWORD, makeTenant, makeUser, tokenFor } from '../support/factories.js';

/** One tenant's world for these tests: the tenant, an admin, a candidate with a passkey, and their tokens. */
interface World {
  tenant: TenantRow;
  admin: UserRow;
  candidate: UserRow;
  adminToken: string;
  candidateToken: string;
  passkey: PasskeyRow;
}

describe('tenant isolation: tenant B cannot read or change tenant A', () => {
  let ctx: TestContext;
  let a: World;
  let b: World;

  async function makeWorld(): Promise<World> {
    const tenant = await makeTenant(ctx.deps, { settings: { selfRegistration: true } });
    const admin = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
    const candidate = await makeUser(ctx.deps, tenant, { roles: ['candidate'] });
    const passkey: PasskeyRow = {
      tenantId: tenant.id,
      id: randomUUID(),
      userId: candidate.id,
      credentialId: randomBytes(16).toString('base64url'),
      publicKey: randomBytes(65).toString('base64url'),
      signCount: 3,
      transports: ['internal'],
      deviceType: 'multiDevice',
      backedUp: true,
      label: 'Laptop',
      createdAt: ctx.deps.clock.now(),
      lastUsedAt: null,
    };
    await insertPasskey(ctx.deps.db, passkey);
    return {
      tenant,
      admin,
      candidate,
      passkey,
      adminToken: tokenFor(ctx.deps, tenant, admin),
      candidateToken: tokenFor(ctx.deps, tenant, candidate),
    };
  }

  /** Everything of A that B's attempts could touch, read straight from the database. */
  async function snapshotOfA() {
    return {
      tenant: await findTenantById(ctx.deps.db, a.tenant.id),
      admin: await findUser(ctx.deps.db, a.tenant.id, a.admin.id),
      candidate: await findUser(ctx.deps.db, a.tenant.id, a.candidate.id),
      passkeys: await listPasskeysOfUser(ctx.deps.db, a.tenant.id, a.candidate.id),
      audit: await listAuditEntries(ctx.deps.db, a.tenant.id),
    };
  }

  let snapshotBefore: Awaited<ReturnType<typeof snapshotOfA>>;

  /** Whatever B tried, A's rows (tenant, users, passkey, audit chain) are exactly as they were. */
  async function expectAUnchanged(): Promise<void> {
    expect(await snapshotOfA()).to.deep.equal(snapshotBefore);
  }

  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  // Each test gets two fresh tenants, so no test sees another's rows.
  beforeEach(async () => {
    a = await makeWorld();
    b = await makeWorld();
    snapshotBefore = await snapshotOfA();
    expect(snapshotBefore.passkeys).to.have.length(1);
  });

  const api = () => request(ctx.app);
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  it("answers 404 not_found to B's admin reading A's users by id", async () => {
    for (const user of [a.admin, a.candidate]) {
      const res = await api().get(`/api/v1/users/${user.id}`).set(bearer(b.adminToken)).expect(404);
      expect(res.body.error.code).to.equal('not_found');
      expect(JSON.stringify(res.body)).to.not.contain(user.email);
    }
    // The same request for B's own user works, so the 404 is about the tenant, not the route.
    await api().get(`/api/v1/users/${b.candidate.id}`).set(bearer(b.adminToken)).expect(200);
    await expectAUnchanged();
  });

  it("answers 404 not_found to B's admin changing roles, status or name of A's users", async () => {
    const patches = [
      { roles: ['admin'] },
      { status: 'disabled' },
      { displayName: 'Taken over' },
      { roles: ['candidate', 'proctor'], status: 'disabled', displayName: 'All at once' },
    ];
    for (const patch of patches) {
      for (const user of [a.admin, a.candidate]) {
        const res = await api()
          .patch(`/api/v1/users/${user.id}`)
          .set(bearer(b.adminToken))
          .send(patch)
          .expect(404);
        expect(res.body.error.code, JSON.stringify(patch)).to.equal('not_found');
      }
    }
    await expectAUnchanged();
  });

  it('checks the grantable roles before the lookup: granting platform_admin is 403 for any id', async () => {
    // The role check runs before the tenant-scoped lookup, so it answers the same for A's id and B's own id
    // and reveals nothing about A.
    for (const id of [a.candidate.id, b.candidate.id]) {
      const res = await api()
        .patch(`/api/v1/users/${id}`)
        .set(bearer(b.adminToken))
        .send({ roles: ['platform_admin'] })
        .expect(403);
      expect(res.body.error.code).to.equal('forbidden');
    }
    await expectAUnchanged();
  });

  it("answers 404 not_found to anyone of B deleting A's passkey", async () => {
    for (const token of [b.adminToken, b.candidateToken]) {
      const res = await api().delete(`/api/v1/me/passkeys/${a.passkey.id}`).set(bearer(token)).expect(404);
      expect(res.body.error.code).to.equal('not_found');
    }
    // Inside A, a passkey is its owner's alone: A's admin cannot delete the candidate's passkey either.
    await api().delete(`/api/v1/me/passkeys/${a.passkey.id}`).set(bearer(a.adminToken)).expect(404);
    await expectAUnchanged();
  });

  it("answers 403 to B's admin on the platform tenant routes (the role check comes first)", async () => {
    let res = await api()
      .patch(`/api/v1/platform/tenants/${a.tenant.id}`)
      .set(bearer(b.adminToken))
      .send({ name: 'Renamed by B', settings: { selfRegistration: false } })
      .expect(403);
    expect(res.body.error.code).to.equal('forbidden');
    res = await api().get(`/api/v1/platform/tenants/${a.tenant.id}`).set(bearer(b.adminToken)).expect(403);
    expect(res.body.error.code).to.equal('forbidden');
    res = await api().get('/api/v1/platform/tenants').set(bearer(b.adminToken)).expect(403);
    expect(res.body.error.code).to.equal('forbidden');
    await expectAUnchanged();
  });

  it("answers 403 to B's candidate on admin routes (role check first, whatever the id)", async () => {
    const res = await api().get(`/api/v1/users/${a.admin.id}`).set(bearer(b.candidateToken)).expect(403);
    expect(res.body.error.code).to.equal('forbidden');
    await expectAUnchanged();
  });

  it("lists only B's users to B's admin", async () => {
    const res = await api().get('/api/v1/users').set(bearer(b.adminToken)).expect(200);
    const ids = (res.body.users as Array<{ id: string }>).map((u) => u.id).sort();
    expect(ids).to.deep.equal([b.admin.id, b.candidate.id].sort());
    await expectAUnchanged();
  });

  it("changes only B's own tenant through PATCH /api/v1/tenant", async () => {
    const res = await api()
      .patch('/api/v1/tenant')
      .set(bearer(b.adminToken))
      .send({ name: 'B renamed', settings: { selfRegistration: false } })
      .expect(200);
    expect(res.body.tenant.id).to.equal(b.tenant.id);
    expect((await findTenantById(ctx.deps.db, b.tenant.id))?.name).to.equal('B renamed');
    await expectAUnchanged();
  });

  it("keeps B's invitations in B: no tenant field is accepted, and the token does not work in A", async () => {
    const email = `invitee-${randomBytes(3).toString('hex')}@example.test`;
    // Naming A in the body is refused outright (closed schema), and nothing is written anywhere.
    let res = await api()
      .post('/api/v1/invitations')
      .set(bearer(b.adminToken))
      .send({ email, roles: ['candidate'], tenant: a.tenant.slug })
      .expect(400);
    expect(res.body.error.details).to.deep.include({
      path: '/tenant',
      rule: 'additionalProperties',
      message: 'is not an allowed field',
    });
    expect(await ctx.deps.db.select().from(invitations).where(eq(invitations.email, email))).to.deep.equal(
      [],
    );

    res = await api()
      .post('/api/v1/invitations')
      .set(bearer(b.adminToken))
      .send({ email, roles: ['proctor'] })
      .expect(201);
    const { token, url } = res.body as { token: string; url: string };
    expect(url).to.contain(`/t/${b.tenant.slug}/register`);
    const rows = await ctx.deps.db.select().from(invitations).where(eq(invitations.email, email));
    expect(rows.map((r) => r.tenantId)).to.deep.equal([b.tenant.id]);

    // B's invitation presented to A (which takes self-registration) is refused, not turned into an A account.
    res = await api()
      .post('/api/v1/auth/register')
      .send({
        tenant: a.tenant.slug,
        email,
        password: 'a long password',
        displayName: 'Invitee',
        invitationToken: token,
      })
      .expect(400);
    expect(res.body.error.code).to.equal('invitation_invalid');
    expect(await findUserByEmail(ctx.deps.db, a.tenant.id, email)).to.equal(undefined);

    // In B it works and grants the invited role.
    res = await api()
      .post('/api/v1/auth/register')
      .send({
        tenant: b.tenant.slug,
        email,
        password: 'a long password',
        displayName: 'Invitee',
        invitationToken: token,
      })
      .expect(201);
    expect(res.body.user.roles).to.deep.equal(['proctor']);
    expect(await findUserByEmail(ctx.deps.db, b.tenant.id, email)).to.not.equal(undefined);
    await expectAUnchanged();
  });

  it("does not sign B's admin in to A with B's credentials and A's slug", async () => {
    const res = await api()
      .post('/api/v1/auth/login')
      .send({ tenant: a.tenant.slug, email: b.admin.email, password: FACTORY_PASSWORD })
      .expect(401);
    expect(res.body.error.code).to.equal('invalid_credentials');
    await api()
      .post('/api/v1/auth/login')
      .send({ tenant: b.tenant.slug, email: b.admin.email, password: FACTORY_PASSWORD })
      .expect(200);
    await expectAUnchanged();
  });

  it("shows B's admin their own profile and tenant only", async () => {
    const res = await api().get('/api/v1/me').set(bearer(b.adminToken)).expect(200);
    expect(res.body.tenant.id).to.equal(b.tenant.id);
    expect(res.body.user.id).to.equal(b.admin.id);
    const own = await api().get('/api/v1/tenant').set(bearer(b.adminToken)).expect(200);
    expect(own.body.tenant.id).to.equal(b.tenant.id);
    await expectAUnchanged();
  });
});
