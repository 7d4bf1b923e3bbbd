import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { listAuditEntries, verifyAuditChain } from '../../server/persistence/audit-chain.js';
import { findTenantById, findTenantBySlug } from '../../server/persistence/repositories/tenants.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { makeTenant, makeUser, tokenFor } from '../support/factories.js';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const newSlug = () => `p-${randomBytes(5).toString('hex')}`;

describe('platform and tenant administration', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  const api = () => request(ctx.app);

  /** A platform admin in their own (platform) tenant, as the demo seed sets it up. */
  async function platformAdmin() {
    const tenant = await makeTenant(ctx.deps);
    const user = await makeUser(ctx.deps, tenant, { roles: ['platform_admin'] });
    return { tenant, user, token: tokenFor(ctx.deps, tenant, user) };
  }

  /** A tenant with an admin and a candidate. */
  async function tenantWithAdmin() {
    const tenant = await makeTenant(ctx.deps, { settings: { selfRegistration: false } });
    const admin = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
    const candidate = await makeUser(ctx.deps, tenant, { roles: ['candidate'] });
    return {
      tenant,
      admin,
      adminToken: tokenFor(ctx.deps, tenant, admin),
      candidateToken: tokenFor(ctx.deps, tenant, candidate),
    };
  }

  it('answers an empty change of a tenant or a member with things as they are, writing nothing', async () => {
    const { tenant, admin, adminToken } = await tenantWithAdmin();
    const before = await listAuditEntries(ctx.deps.db, tenant.id);
    const unchangedTenant = await api().patch('/api/v1/tenant').set(bearer(adminToken)).send({}).expect(200);
    expect(unchangedTenant.body.tenant.settings.selfRegistration).to.equal(false);
    await api()
      .patch('/api/v1/tenant')
      .set(bearer(adminToken))
      .send({ branding: {}, settings: {} })
      .expect(200);
    const unchangedUser = await api()
      .patch(`/api/v1/users/${admin.id}`)
      .set(bearer(adminToken))
      .send({})
      .expect(200);
    expect(unchangedUser.body.user.roles).to.deep.equal(['admin']);
    expect(await listAuditEntries(ctx.deps.db, tenant.id)).to.deep.equal(before);
  });

  describe('a platform admin', () => {
    it('creates a tenant with defaults filled in, recorded as the first entry of its own chain', async () => {
      const pa = await platformAdmin();
      const slug = newSlug();
      const res = await api()
        .post('/api/v1/platform/tenants')
        .set(bearer(pa.token))
        .send({ slug, name: 'Globex Channel Academy', branding: { primaryColor: '#00AA55' } })
        .expect(201);
      const created = res.body.tenant;
      expect(created).to.include({ slug, name: 'Globex Channel Academy' });
      expect(created.branding).to.deep.equal({ logoUrl: null, primaryColor: '#00AA55' });
      expect(created.settings).to.deep.equal({ selfRegistration: false, verificationPrivacy: 'full' });
      expect((await findTenantBySlug(ctx.deps.db, slug))?.id).to.equal(created.id);

      const entries = await listAuditEntries(ctx.deps.db, created.id);
      expect(entries).to.have.length(1);
      expect(entries[0]).to.deep.include({
        seq: 1,
        action: 'tenant.created',
        subjectType: 'tenant',
        subjectId: created.id,
      });
      expect(entries[0]?.details).to.include({ slug, byUserId: pa.user.id, byTenantId: pa.tenant.id });
      expect(await verifyAuditChain(ctx.deps.db, created.id)).to.deep.equal({ intact: true, entries: 1 });
      // Nothing about it lands on the platform admin's own tenant chain.
      expect(await listAuditEntries(ctx.deps.db, pa.tenant.id)).to.deep.equal([]);
    });

    it('gets 409 conflict for a slug that is taken', async () => {
      const pa = await platformAdmin();
      const existing = await makeTenant(ctx.deps);
      const res = await api()
        .post('/api/v1/platform/tenants')
        .set(bearer(pa.token))
        .send({ slug: existing.slug, name: 'Imposter' })
        .expect(409);
      expect(res.body.error.code).to.equal('conflict');
      expect((await findTenantById(ctx.deps.db, existing.id))?.name).to.equal(existing.name);
      expect(await listAuditEntries(ctx.deps.db, existing.id)).to.deep.equal([]);
    });

    it('gets 400 for a reserved slug, with the field named', async () => {
      const pa = await platformAdmin();
      for (const slug of ['api', 'verify', 'admin']) {
        const res = await api()
          .post('/api/v1/platform/tenants')
          .set(bearer(pa.token))
          .send({ slug, name: 'X' })
          .expect(400);
        expect(res.body.error.code).to.equal('validation_failed');
        expect(res.body.error.details).to.deep.include({ path: '/slug', message: 'is reserved' });
        expect(await findTenantBySlug(ctx.deps.db, slug)).to.equal(undefined);
      }
    });

    it('gets 400 with the path of each bad field (colour, slug shape, unknown setting)', async () => {
      const pa = await platformAdmin();
      const slug = newSlug();
      let res = await api()
        .post('/api/v1/platform/tenants')
        .set(bearer(pa.token))
        .send({ slug, name: 'Bad colour', branding: { primaryColor: '#12' } })
        .expect(400);
      expect(res.body.error.code).to.equal('validation_failed');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include(
        '/branding/primaryColor',
      );
      expect(await findTenantBySlug(ctx.deps.db, slug)).to.equal(undefined);

      res = await api()
        .post('/api/v1/platform/tenants')
        .set(bearer(pa.token))
        .send({ slug: 'Has Spaces', name: 'Bad slug', settings: { sso: true } })
        .expect(400);
      const paths = res.body.error.details.map((d: { path: string }) => d.path);
      expect(paths).to.include.members(['/slug', '/settings/sso']);
    });

    it('lists every tenant', async () => {
      const pa = await platformAdmin();
      const other = await makeTenant(ctx.deps);
      const res = await api().get('/api/v1/platform/tenants').set(bearer(pa.token)).expect(200);
      const slugs = (res.body.tenants as Array<{ slug: string }>).map((t) => t.slug);
      expect(slugs).to.include.members([pa.tenant.slug, other.slug]);
      expect(slugs).to.deep.equal([...slugs].sort());
    });

    it("patches any tenant's branding and settings, auditing on that tenant's chain", async () => {
      const pa = await platformAdmin();
      const { tenant } = await tenantWithAdmin();
      const res = await api()
        .patch(`/api/v1/platform/tenants/${tenant.id}`)
        .set(bearer(pa.token))
        .send({
          name: 'Renamed Academy',
          branding: { logoUrl: 'https://cdn.example.com/logo.svg' },
          settings: { verificationPrivacy: 'initials' },
        })
        .expect(200);
      expect(res.body.tenant).to.deep.include({
        id: tenant.id,
        name: 'Renamed Academy',
        branding: { logoUrl: 'https://cdn.example.com/logo.svg', primaryColor: tenant.branding.primaryColor },
        settings: { selfRegistration: false, verificationPrivacy: 'initials' },
      });
      const stored = await findTenantById(ctx.deps.db, tenant.id);
      expect(stored?.settings).to.deep.equal({ selfRegistration: false, verificationPrivacy: 'initials' });
      expect(stored?.branding.logoUrl).to.equal('https://cdn.example.com/logo.svg');

      const [entry] = await listAuditEntries(ctx.deps.db, tenant.id);
      expect(entry).to.deep.include({ action: 'tenant.updated', subjectId: tenant.id, actorId: null });
      expect(entry?.details).to.deep.include({ byUserId: pa.user.id, byTenantId: pa.tenant.id });
      expect(await listAuditEntries(ctx.deps.db, pa.tenant.id)).to.deep.equal([]);
      expect(await verifyAuditChain(ctx.deps.db, tenant.id)).to.deep.equal({ intact: true, entries: 1 });
    });

    it('gets 404 for an unknown tenant id and 400 for a bad colour, changing nothing', async () => {
      const pa = await platformAdmin();
      const { tenant } = await tenantWithAdmin();
      let res = await api()
        .patch('/api/v1/platform/tenants/00000000-0000-4000-8000-000000000000')
        .set(bearer(pa.token))
        .send({ name: 'Nobody' })
        .expect(404);
      expect(res.body.error.code).to.equal('not_found');
      res = await api()
        .patch(`/api/v1/platform/tenants/${tenant.id}`)
        .set(bearer(pa.token))
        .send({ branding: { primaryColor: 'red' } })
        .expect(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include(
        '/branding/primaryColor',
      );
      expect(await findTenantById(ctx.deps.db, tenant.id)).to.deep.equal(tenant);
      expect(await listAuditEntries(ctx.deps.db, tenant.id)).to.deep.equal([]);
    });
  });

  describe('a tenant admin', () => {
    it('reads their own tenant with its settings', async () => {
      const { tenant, adminToken } = await tenantWithAdmin();
      const res = await api().get('/api/v1/tenant').set(bearer(adminToken)).expect(200);
      expect(res.body.tenant).to.deep.include({
        id: tenant.id,
        slug: tenant.slug,
        name: tenant.name,
        branding: tenant.branding,
        settings: tenant.settings,
      });
    });

    it("patches their own tenant's settings and branding, auditing on their chain with themselves as actor", async () => {
      const { tenant, admin, adminToken } = await tenantWithAdmin();
      let res = await api()
        .patch('/api/v1/tenant')
        .set(bearer(adminToken))
        .send({ settings: { selfRegistration: true, verificationPrivacy: 'hidden' } })
        .expect(200);
      expect(res.body.tenant.settings).to.deep.equal({
        selfRegistration: true,
        verificationPrivacy: 'hidden',
      });
      res = await api()
        .patch('/api/v1/tenant')
        .set(bearer(adminToken))
        .send({ branding: { primaryColor: '#abcdef' } })
        .expect(200);
      // A partial patch keeps what it does not name.
      expect(res.body.tenant.branding).to.deep.equal({ logoUrl: null, primaryColor: '#abcdef' });
      expect(res.body.tenant.settings).to.deep.equal({
        selfRegistration: true,
        verificationPrivacy: 'hidden',
      });

      const stored = await findTenantById(ctx.deps.db, tenant.id);
      expect(stored?.settings).to.deep.equal({ selfRegistration: true, verificationPrivacy: 'hidden' });
      expect(stored?.branding.primaryColor).to.equal('#abcdef');

      const entries = await listAuditEntries(ctx.deps.db, tenant.id);
      expect(entries.map((e) => [e.seq, e.action, e.actorId])).to.deep.equal([
        [2, 'tenant.updated', admin.id],
        [1, 'tenant.updated', admin.id],
      ]);
      expect(entries[1]?.details).to.deep.include({
        changes: { settings: { selfRegistration: true, verificationPrivacy: 'hidden' } },
      });
      expect(await verifyAuditChain(ctx.deps.db, tenant.id)).to.deep.equal({ intact: true, entries: 2 });
    });

    it('cannot patch the slug, or send a bad colour', async () => {
      const { tenant, adminToken } = await tenantWithAdmin();
      let res = await api()
        .patch('/api/v1/tenant')
        .set(bearer(adminToken))
        .send({ slug: 'new-slug' })
        .expect(400);
      expect(res.body.error.details).to.deep.include({
        path: '/slug',
        rule: 'additionalProperties',
        message: 'is not an allowed field',
      });
      res = await api()
        .patch('/api/v1/tenant')
        .set(bearer(adminToken))
        .send({ branding: { primaryColor: '#12' } })
        .expect(400);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include(
        '/branding/primaryColor',
      );
      expect(await findTenantById(ctx.deps.db, tenant.id)).to.deep.equal(tenant);
    });

    it('cannot use the platform routes (403)', async () => {
      const { tenant, adminToken } = await tenantWithAdmin();
      let res = await api()
        .post('/api/v1/platform/tenants')
        .set(bearer(adminToken))
        .send({ slug: newSlug(), name: 'Mine' })
        .expect(403);
      expect(res.body.error.code).to.equal('forbidden');
      res = await api().get('/api/v1/platform/tenants').set(bearer(adminToken)).expect(403);
      expect(res.body.error.code).to.equal('forbidden');
      // Not even for their own tenant: the platform route is for platform admins.
      res = await api()
        .patch(`/api/v1/platform/tenants/${tenant.id}`)
        .set(bearer(adminToken))
        .send({ name: 'Via platform' })
        .expect(403);
      expect(res.body.error.code).to.equal('forbidden');
    });
  });

  describe('everyone else', () => {
    it('gets 403 from the tenant admin routes as a candidate and 401 without a token', async () => {
      const { tenant, candidateToken } = await tenantWithAdmin();
      for (const req of [
        api().get('/api/v1/tenant').set(bearer(candidateToken)),
        api()
          .patch('/api/v1/tenant')
          .set(bearer(candidateToken))
          .send({ settings: { selfRegistration: true } }),
        api().get('/api/v1/users').set(bearer(candidateToken)),
      ]) {
        const res = await req.expect(403);
        expect(res.body.error.code).to.equal('forbidden');
      }
      const res = await api().patch('/api/v1/tenant').send({ name: 'Anonymous' }).expect(401);
      expect(res.body.error.code).to.equal('unauthenticated');
      expect(await findTenantById(ctx.deps.db, tenant.id)).to.deep.equal(tenant);
      expect(await listAuditEntries(ctx.deps.db, tenant.id)).to.deep.equal([]);
    });

    it("sees a tenant's public face: name, branding, selfRegistration and nothing else", async () => {
      const tenant = await makeTenant(ctx.deps, {
        name: 'Public Face Academy',
        settings: { selfRegistration: true, verificationPrivacy: 'hidden' },
      });
      const res = await api().get(`/api/v1/tenants/${tenant.slug}/public`).expect(200);
      expect(res.body).to.deep.equal({
        slug: tenant.slug,
        name: 'Public Face Academy',
        branding: tenant.branding,
        selfRegistration: true,
      });
      expect(JSON.stringify(res.body)).to.not.contain('verificationPrivacy');
      expect(res.body).to.not.have.property('id');
      const missing = await api().get('/api/v1/tenants/no-such-tenant/public').expect(404);
      expect(missing.body.error.code).to.equal('not_found');
    });
  });
});
