import { expect } from 'chai';
import type { Express } from 'express';
import request from 'supertest';
import { createApp } from '../../server/http/app.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { FakeClock } from '../support/fake-clock.js';
import { makeTenant, makeUser } from '../support/factories.js';

// Two server nodes: two apps (each with its own middleware state) on one database.
function secondNode(ctx: TestContext, limit: number): Express {
  return createApp({
    ...ctx.deps,
    database: ctx.database,
    authRateLimitPerMin: limit,
    clientDistDir: '/none',
    defaultTenant: 'acme',
  });
}

describe('sign-in rate limit shared by every node on the database', () => {
  let ctx: TestContext;
  const clock = new FakeClock('2026-11-22T10:00:05.000Z');
  before(async () => {
    ctx = await createTestContext({ clock, authRateLimitPerMin: 3 });
  });
  after(() => ctx.close());

  it('counts attempts on either node against one limit, and a new minute starts afresh', async () => {
    const tenant = await makeTenant(ctx.deps);
    const user = await makeUser(ctx.deps, tenant);
    const nodeA = ctx.app;
    const nodeB = secondNode(ctx, 3);
    const attempt = (node: Express) =>
      request(node)
        .post('/api/v1/auth/login')
        .send({ tenant: tenant.slug, email: user.email, password: 'wrong password' });

    expect((await attempt(nodeA)).status).to.equal(401);
    expect((await attempt(nodeB)).status).to.equal(401);
    expect((await attempt(nodeA)).status).to.equal(401);
    const limited = await attempt(nodeB);
    expect(limited.status).to.equal(429);
    expect(limited.body.error.code).to.equal('rate_limited');
    expect((await attempt(nodeA)).status).to.equal(429);

    clock.advance(60_000);
    expect((await attempt(nodeB)).status).to.equal(401);
  });

  it('keeps separate counts for separate client addresses behind a trusted proxy', async () => {
    const tenant = await makeTenant(ctx.deps);
    // Behind one proxy on loopback, as TRUST_PROXY=loopback configures it.
    const behindProxy = createApp({
      ...ctx.deps,
      database: ctx.database,
      authRateLimitPerMin: 3,
      clientDistDir: '/none',
      defaultTenant: 'acme',
      trustProxy: 'loopback',
    });
    const attempt = (ip: string) =>
      request(behindProxy)
        .post('/api/v1/auth/login')
        .set('X-Forwarded-For', ip)
        .send({ tenant: tenant.slug, email: 'nobody@example.test', password: 'wrong password' });
    for (let i = 0; i < 3; i++) expect((await attempt('203.0.113.7')).status).to.equal(401);
    expect((await attempt('203.0.113.7')).status).to.equal(429);
    expect((await attempt('198.51.100.9')).status).to.equal(401);
  });
});
