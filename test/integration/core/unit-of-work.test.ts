import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import { createOutboxRelay } from '../../../server/app/outbox/relay.js';
import { runUnitOfWork } from '../../../server/app/unit-of-work.js';
import { listAuditEntries } from '../../../server/persistence/audit-chain.js';
import { listOutboxMessages, type OutboxRow } from '../../../server/persistence/repositories/outbox.js';
import { outboxMessages, users } from '../../../server/persistence/schema.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import { makeTenant, makeUser } from '../../support/factories.js';
import { FakeClock } from '../../support/fake-clock.js';
import { rejection } from '../../support/rejection.js';

const actorOf = (tenant: { id: string; slug: string }, user: { id: string; roles: string[] }) =>
  ({ userId: user.id, tenantId: tenant.id, tenantSlug: tenant.slug, roles: ['admin'] }) as const;

describe('unit of work', () => {
  let ctx: TestContext;
  const clock = new FakeClock('2026-12-01T10:00:00.000Z');
  before(async () => {
    ctx = await createTestContext({ clock });
  });
  after(() => ctx.close());

  const email = (n: number) => ({
    channel: 'email' as const,
    topic: 'test.message',
    recipient: `person${n}@example.test`,
    payload: { subject: `Message ${n}`, text: 'Hello' },
  });

  it('commits the change, its audit entry and its outgoing message together, then runs after-commit hooks', async () => {
    const tenant = await makeTenant(ctx.deps);
    const admin = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
    const ran: string[] = [];
    await runUnitOfWork(ctx.deps, actorOf(tenant, admin), async (uow) => {
      uow.authorize(['admin']);
      await uow.tx.update(users).set({ displayName: 'Renamed' }).where(eq(users.id, admin.id));
      await uow.audit({ action: 'user.updated', subjectType: 'user', subjectId: admin.id });
      await uow.enqueue(email(1));
      uow.afterCommit(() => ran.push('after'));
      expect(ran).to.deep.equal([]);
    });
    expect(ran).to.deep.equal(['after']);
    const [entry] = await listAuditEntries(ctx.deps.db, tenant.id, 1);
    expect(entry).to.include({ action: 'user.updated', actorId: admin.id });
    expect(entry?.occurredAt.toISOString()).to.equal('2026-12-01T10:00:00.000Z');
    const outbox = await listOutboxMessages(ctx.deps.db, tenant.id, { limit: 10 });
    expect(outbox.map((m) => [m.recipient, m.status])).to.deep.equal([['person1@example.test', 'pending']]);
  });

  it('keeps nothing of a change that fails, and never runs its after-commit hooks', async () => {
    const tenant = await makeTenant(ctx.deps);
    const admin = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
    let ran = false;
    const attempt = runUnitOfWork(ctx.deps, actorOf(tenant, admin), async (uow) => {
      await uow.audit({ action: 'user.updated', subjectType: 'user', subjectId: admin.id });
      await uow.enqueue(email(2));
      uow.afterCommit(() => {
        ran = true;
      });
      throw new Error('the change fails half-way');
    });
    expect((await rejection(attempt)).message).to.contain('half-way');
    expect(ran).to.equal(false);
    expect(await listAuditEntries(ctx.deps.db, tenant.id)).to.have.length(0);
    expect(await listOutboxMessages(ctx.deps.db, tenant.id, { limit: 10 })).to.have.length(0);
  });

  it('refuses a disabled account and a demoted one, whatever roles its token still claims', async () => {
    const tenant = await makeTenant(ctx.deps);
    const disabled = await makeUser(ctx.deps, tenant, { roles: ['admin'], status: 'disabled' });
    const demoted = await makeUser(ctx.deps, tenant, { roles: ['candidate'] });
    const change = (actor: ReturnType<typeof actorOf>) =>
      runUnitOfWork(ctx.deps, actor, async (uow) => {
        uow.authorize(['admin']);
        await uow.audit({ action: 'tenant.updated', subjectType: 'tenant', subjectId: tenant.id });
      });
    expect((await rejection(change(actorOf(tenant, disabled)))).code).to.equal('unauthenticated');
    expect((await rejection(change(actorOf(tenant, demoted)))).code).to.equal('forbidden');
    expect(await listAuditEntries(ctx.deps.db, tenant.id)).to.have.length(0);
  });

  it('maps a unique violation to a conflict when the use case names one', async () => {
    const tenant = await makeTenant(ctx.deps);
    const other = await makeUser(ctx.deps, tenant);
    const attempt = runUnitOfWork(
      ctx.deps,
      { tenantId: tenant.id, userId: null },
      async (uow) => {
        await uow.tx.update(users).set({ email: other.email }).where(eq(users.tenantId, tenant.id));
        await makeUser({ ...ctx.deps, db: uow.tx as never }, tenant, { email: other.email });
      },
      { onUniqueViolation: 'That address is taken' },
    );
    expect(await rejection(attempt)).to.include({ code: 'conflict', message: 'That address is taken' });
  });
});

describe('outbox relay', () => {
  let ctx: TestContext;
  const clock = new FakeClock('2026-12-01T10:00:00.000Z');
  before(async () => {
    ctx = await createTestContext({ clock });
  });
  after(() => ctx.close());

  async function enqueue(tenantId: string, count: number, maxAttempts?: number) {
    await runUnitOfWork(ctx.deps, { tenantId, userId: null }, async (uow) => {
      for (let n = 0; n < count; n++)
        await uow.enqueue({
          channel: 'email',
          topic: 'test.message',
          recipient: `r${n}@example.test`,
          payload: { n },
          maxAttempts,
        });
    });
  }

  it('sends a message committed while no relay ran (a process that died after commit loses nothing)', async () => {
    const tenant = await makeTenant(ctx.deps);
    await enqueue(tenant.id, 3);
    const sent: string[] = [];
    const relay = createOutboxRelay(ctx.deps, {
      email: async (m) => {
        if (m.tenantId === tenant.id) sent.push(m.recipient);
      },
    });
    await relay.drain();
    expect(sent.sort()).to.deep.equal(['r0@example.test', 'r1@example.test', 'r2@example.test']);
    const rows = await listOutboxMessages(ctx.deps.db, tenant.id, { limit: 10 });
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).to.equal(true);
    await relay.drain();
    expect(sent).to.have.length(3);
  });

  it('never sends one message twice when several relays drain at once', async () => {
    const tenant = await makeTenant(ctx.deps);
    await enqueue(tenant.id, 60);
    const sent = new Map<string, number>();
    const sender = async (m: OutboxRow) => {
      if (m.tenantId !== tenant.id) return;
      await new Promise((resolve) => setTimeout(resolve, 1));
      sent.set(m.id, (sent.get(m.id) ?? 0) + 1);
    };
    const relays = [1, 2, 3, 4].map(() => createOutboxRelay(ctx.deps, { email: sender }, { batchSize: 7 }));
    await Promise.all(relays.map((r) => r.drain()));
    expect(sent.size).to.equal(60);
    expect([...sent.values()].every((times) => times === 1)).to.equal(true);
  });

  it('retries a refused message with growing delays and marks it failed with the last error at the end', async () => {
    const tenant = await makeTenant(ctx.deps);
    await enqueue(tenant.id, 1, 3);
    let tries = 0;
    const relay = createOutboxRelay(
      ctx.deps,
      {
        email: async (m) => {
          if (m.tenantId !== tenant.id) return;
          tries += 1;
          throw new Error(`451 try again later (${tries})`);
        },
      },
      { retryBaseMs: 1000 },
    );
    const row = async () => (await listOutboxMessages(ctx.deps.db, tenant.id, { limit: 1 }))[0]!;
    await relay.drain();
    expect(await row()).to.include({ status: 'pending', attempts: 1, lastError: '451 try again later (1)' });
    expect((await row()).nextAttemptAt.getTime() - clock.now().getTime()).to.equal(1000);
    await relay.drain();
    expect(tries).to.equal(1); // not due yet
    clock.advance(1000);
    await relay.drain();
    expect((await row()).nextAttemptAt.getTime() - clock.now().getTime()).to.equal(2000);
    clock.advance(2000);
    await relay.drain();
    expect(await row()).to.include({ status: 'failed', attempts: 3, lastError: '451 try again later (3)' });
    clock.advance(3_600_000);
    await relay.drain();
    expect(tries).to.equal(3);
  });

  it('leaves messages pending on a channel with no sender configured', async () => {
    const tenant = await makeTenant(ctx.deps);
    await enqueue(tenant.id, 1);
    const relay = createOutboxRelay(ctx.deps, {});
    expect(await relay.drain()).to.equal(0);
    const rows = await ctx.deps.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.tenantId, tenant.id));
    expect(rows.map((r) => [r.status, r.attempts])).to.deep.equal([['pending', 0]]);
  });
});
