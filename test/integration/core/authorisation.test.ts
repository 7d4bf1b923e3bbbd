import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { defineCertification } from '../../../server/app/certifications/define-certification.js';
import { changeCredentialStanding } from '../../../server/app/credentials/change-credential-standing.js';
import { updateUser } from '../../../server/app/update-user.js';
import { apiRoutes } from '../../../server/http/app.js';
import { listAuditEntries } from '../../../server/persistence/audit-chain.js';
import type { TenantRow } from '../../../server/persistence/repositories/tenants.js';
import type { UserRow } from '../../../server/persistence/repositories/users.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import { makeTenant, makeUser, tokenFor } from '../../support/factories.js';
import { rejection } from '../../support/rejection.js';

const actorOf = (tenant: TenantRow, user: UserRow, roles = user.roles) => ({
  userId: user.id,
  tenantId: tenant.id,
  tenantSlug: tenant.slug,
  roles,
});

describe('authorisation from the account as it is now', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  async function adminWithToken() {
    const tenant = await makeTenant(ctx.deps);
    const boss = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
    const admin = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
    return {
      tenant,
      boss,
      admin,
      token: tokenFor(ctx.deps, tenant, admin),
      bossToken: tokenFor(ctx.deps, tenant, boss),
    };
  }

  it("shuts a disabled admin's live token out of every signed-in route", async () => {
    const { tenant, admin, token, bossToken } = await adminWithToken();
    await request(ctx.app)
      .patch(`/api/v1/users/${admin.id}`)
      .set('Authorization', `Bearer ${bossToken}`)
      .send({ status: 'disabled' })
      .expect(200);
    const before = (await listAuditEntries(ctx.deps.db, tenant.id, 1000)).length;
    const signedIn = apiRoutes(ctx.deps).filter((r) => r.access !== 'public');
    expect(signedIn.length).to.be.greaterThan(30);
    for (const route of signedIn) {
      const path = route.path.replace(/:[a-zA-Z]+/g, () => randomUUID());
      const res = await request(ctx.app)[route.method](path).set('Authorization', `Bearer ${token}`).send({});
      expect(res.status, `${route.method.toUpperCase()} ${route.path}`).to.equal(401);
      expect(res.body.error.code).to.equal('unauthenticated');
    }
    // It cannot re-activate itself, invite a new admin or issue anything: nothing was written.
    expect((await listAuditEntries(ctx.deps.db, tenant.id, 1000)).length).to.equal(before);
  });

  it('keeps a demoted admin from giving itself admin back or inviting a new admin', async () => {
    const { admin, token, bossToken } = await adminWithToken();
    await request(ctx.app)
      .patch(`/api/v1/users/${admin.id}`)
      .set('Authorization', `Bearer ${bossToken}`)
      .send({ roles: ['candidate'] })
      .expect(200);
    const regain = await request(ctx.app)
      .patch(`/api/v1/users/${admin.id}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ roles: ['admin'] });
    expect(regain.status).to.equal(403);
    const invite = await request(ctx.app)
      .post('/api/v1/invitations')
      .set('Authorization', `Bearer ${token}`)
      .send({ email: 'accomplice@example.test', roles: ['admin'] });
    expect(invite.status).to.equal(403);
    const me = await request(ctx.app).get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body.user.roles).to.deep.equal(['candidate']);
  });

  it('refuses a use case called directly with an actor too weak for it, whatever roles the caller claims', async () => {
    const { tenant, boss } = await adminWithToken();
    const candidate = await makeUser(ctx.deps, tenant, { roles: ['candidate'] });
    // The caller claims admin; the database says candidate.
    const claimsAdmin = actorOf(tenant, candidate, ['admin']);
    const define = defineCertification(ctx.deps, claimsAdmin, {
      code: 'X-1',
      title: 'Forged',
      description: 'Should never exist',
      validityMonths: 12,
    });
    expect((await rejection(define)).code).to.equal('forbidden');
    const promote = updateUser(ctx.deps, claimsAdmin, candidate.id, { roles: ['admin'] });
    expect((await rejection(promote)).code).to.equal('forbidden');
    const revoke = changeCredentialStanding(ctx.deps, claimsAdmin, randomUUID(), {
      change: 'revoke',
      reason: 'misconduct',
    });
    expect((await rejection(revoke)).code).to.equal('forbidden');
    // The same call by a real admin goes through.
    const made = await defineCertification(ctx.deps, actorOf(tenant, boss), {
      code: 'X-2',
      title: 'Real',
      description: 'Defined by an admin',
      validityMonths: 12,
    });
    expect(made.code).to.equal('X-2');
  });
});
