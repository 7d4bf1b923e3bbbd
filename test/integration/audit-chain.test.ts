import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import {
  type AuditEvent,
  appendAudit,
  entryHash,
  GENESIS_HASH,
  listAuditEntries,
  verifyAuditChain,
} from '../../server/persistence/audit-chain.js';
import { inTransaction } from '../../server/persistence/database.js';
import type { TenantRow } from '../../server/persistence/repositories/tenants.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { makeTenant, makeUser, tokenFor } from '../support/factories.js';
import { linkInEmail, tokenOf } from '../support/mailbox.js';

/** Every message in an error and the errors it wraps (drivers and Drizzle wrap the server's error). */
function messagesOf(error: unknown): string {
  const messages: string[] = [];
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof Error) messages.push(e.message);
    e = (e as { cause?: unknown }).cause;
  }
  return messages.join(' <- ');
}

/** The rejection of `promise` (fails the test when it resolves). */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  expect.fail('expected the query to be refused');
}

describe('audit chain', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await createTestContext();
  });
  after(() => ctx.close());

  const api = () => request(ctx.app);

  function event(tenant: TenantRow, n: number): AuditEvent {
    return {
      tenantId: tenant.id,
      actorId: null,
      action: 'test.appended',
      subjectType: 'test',
      subjectId: `subject-${n}`,
      details: { n, nested: { b: [1, 2], a: 'x' } },
      occurredAt: ctx.deps.clock.now(),
    };
  }

  /** A tenant whose chain holds `count` entries. */
  async function tenantWithEntries(count: number): Promise<TenantRow> {
    const tenant = await makeTenant(ctx.deps);
    for (let n = 1; n <= count; n++)
      await inTransaction(ctx.deps.db, (tx) => appendAudit(tx, event(tenant, n)));
    return tenant;
  }

  /** Runs raw statements with the append-only trigger off, in one transaction, so no one else sees it off. */
  function withTriggerOff(statement: ReturnType<typeof sql>): Promise<void> {
    return inTransaction(ctx.deps.db, async (tx) => {
      await tx.execute(sql`ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update`);
      await tx.execute(statement);
      await tx.execute(sql`ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_update`);
    });
  }

  it('chains the entries of a sequence of use cases and verifies intact with the right count', async () => {
    const tenant = await makeTenant(ctx.deps, { settings: { selfRegistration: true } });
    const admin = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
    const adminToken = tokenFor(ctx.deps, tenant, admin);
    const password = 'a long enough password';

    // 1. self-registration, 2. the address confirmed by the e-mailed link
    await api()
      .post('/api/v1/auth/register')
      .send({ tenant: tenant.slug, email: 'casey@example.test', password, displayName: 'Casey' })
      .expect(202);
    const link = await linkInEmail(ctx.deps.db, 'casey@example.test', 'email-verification');
    await api()
      .post('/api/v1/auth/verify-email')
      .send({ token: tokenOf(link) })
      .expect(200);
    // 3. sign in
    const registered = await api()
      .post('/api/v1/auth/login')
      .send({ tenant: tenant.slug, email: 'casey@example.test', password })
      .expect(200);
    // 4. role change
    await api()
      .patch(`/api/v1/users/${registered.body.user.id}`)
      .set({ Authorization: `Bearer ${adminToken}` })
      .send({ roles: ['candidate', 'proctor'] })
      .expect(200);
    // 5. invitation, 6. registration by that invitation
    const invited = await api()
      .post('/api/v1/invitations')
      .set({ Authorization: `Bearer ${adminToken}` })
      .send({ email: 'avery@example.test', roles: ['author'] })
      .expect(201);
    await api()
      .post('/api/v1/auth/register')
      .send({
        tenant: tenant.slug,
        email: 'avery@example.test',
        password,
        displayName: 'Avery',
        invitationToken: invited.body.token,
      })
      .expect(201);
    // A refused request writes nothing.
    await api()
      .post('/api/v1/auth/login')
      .send({ tenant: tenant.slug, email: 'casey@example.test', password: 'wrong one!' })
      .expect(401);

    expect(await verifyAuditChain(ctx.deps.db, tenant.id)).to.deep.equal({ intact: true, entries: 6 });
    const entries = (await listAuditEntries(ctx.deps.db, tenant.id)).reverse();
    expect(entries.map((e) => [e.seq, e.action])).to.deep.equal([
      [1, 'user.registered'],
      [2, 'user.email_verified'],
      [3, 'user.signed_in'],
      [4, 'user.roles_changed'],
      [5, 'invitation.created'],
      [6, 'user.registered'],
    ]);
    expect(entries[0]?.prevHash).to.equal(GENESIS_HASH);
    for (let i = 1; i < entries.length; i++) expect(entries[i]?.prevHash).to.equal(entries[i - 1]?.hash);
    expect(entries[1]?.actorId).to.equal(registered.body.user.id);
    expect(entries[3]?.actorId).to.equal(admin.id);
    expect(entries[5]?.details).to.deep.include({ via: 'invitation', roles: ['author'] });
  });

  it('keeps one independent chain per tenant, each starting at seq 1 from the genesis hash', async () => {
    const a = await makeTenant(ctx.deps);
    const b = await makeTenant(ctx.deps);
    // Interleave appends to both tenants.
    for (let n = 1; n <= 3; n++) {
      await inTransaction(ctx.deps.db, (tx) => appendAudit(tx, event(a, n)));
      if (n <= 2) await inTransaction(ctx.deps.db, (tx) => appendAudit(tx, event(b, n)));
    }
    const chainA = (await listAuditEntries(ctx.deps.db, a.id)).reverse();
    const chainB = (await listAuditEntries(ctx.deps.db, b.id)).reverse();
    expect(chainA.map((e) => e.seq)).to.deep.equal([1, 2, 3]);
    expect(chainB.map((e) => e.seq)).to.deep.equal([1, 2]);
    expect(chainA[0]?.prevHash).to.equal(GENESIS_HASH);
    expect(chainB[0]?.prevHash).to.equal(GENESIS_HASH);
    // The tenant id is part of the hash: equal content in two tenants hashes differently.
    expect(chainA[0]?.hash).to.not.equal(chainB[0]?.hash);
    expect(await verifyAuditChain(ctx.deps.db, a.id)).to.deep.equal({ intact: true, entries: 3 });
    expect(await verifyAuditChain(ctx.deps.db, b.id)).to.deep.equal({ intact: true, entries: 2 });
  });

  it('reports an empty chain as intact with no entries', async () => {
    const tenant = await makeTenant(ctx.deps);
    expect(await verifyAuditChain(ctx.deps.db, tenant.id)).to.deep.equal({ intact: true, entries: 0 });
  });

  it('verifies across page boundaries', async () => {
    const tenant = await tenantWithEntries(7);
    for (const pageSize of [1, 2, 3, 7, 8]) {
      expect(await verifyAuditChain(ctx.deps.db, tenant.id, pageSize), `page ${pageSize}`).to.deep.equal({
        intact: true,
        entries: 7,
      });
    }
  });

  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    const tenant = await tenantWithEntries(2);
    const statements = [
      sql`UPDATE audit_entries SET action = 'forged' WHERE tenant_id = ${tenant.id} AND seq = 1`,
      sql`DELETE FROM audit_entries WHERE tenant_id = ${tenant.id} AND seq = 2`,
      sql`TRUNCATE audit_entries`,
    ];
    for (const statement of statements) {
      const error = await rejectionOf(ctx.deps.db.execute(statement));
      expect(messagesOf(error)).to.contain('append-only');
    }
    expect(await verifyAuditChain(ctx.deps.db, tenant.id)).to.deep.equal({ intact: true, entries: 2 });
  });

  it('detects an altered entry and names its seq', async () => {
    const tenant = await tenantWithEntries(5);
    await withTriggerOff(
      sql`UPDATE audit_entries SET details = jsonb_set(details, '{n}', '99') WHERE tenant_id = ${tenant.id} AND seq = 3`,
    );
    const verdict = await verifyAuditChain(ctx.deps.db, tenant.id);
    expect(verdict).to.deep.include({ intact: false, brokenAtSeq: 3, entries: 2 });
    expect(verdict.intact === false && verdict.reason).to.contain('altered');
  });

  it("detects a forger who also recomputes the altered entry's hash, at the next link", async () => {
    const tenant = await tenantWithEntries(4);
    const original = (await listAuditEntries(ctx.deps.db, tenant.id)).find((e) => e.seq === 2)!;
    const { hash: _oldHash, ...rest } = original;
    const forgedDetails = { ...original.details, n: 42 };
    const forgedHash = entryHash({ ...rest, details: forgedDetails });
    await withTriggerOff(
      sql`UPDATE audit_entries SET details = ${JSON.stringify(forgedDetails)}::jsonb, hash = ${forgedHash}
          WHERE tenant_id = ${tenant.id} AND seq = 2`,
    );
    const verdict = await verifyAuditChain(ctx.deps.db, tenant.id);
    expect(verdict).to.deep.include({ intact: false, brokenAtSeq: 3, entries: 2 });
    expect(verdict.intact === false && verdict.reason).to.contain('prev_hash');
  });

  it('detects a deleted middle entry as a missing entry', async () => {
    const tenant = await tenantWithEntries(5);
    await withTriggerOff(sql`DELETE FROM audit_entries WHERE tenant_id = ${tenant.id} AND seq = 3`);
    const verdict = await verifyAuditChain(ctx.deps.db, tenant.id);
    expect(verdict).to.deep.include({ intact: false, entries: 2 });
    if (verdict.intact) return;
    expect(verdict.reason).to.contain('entry 3 is missing');
    // The first entry whose link is broken is the one after the gap.
    expect(verdict.brokenAtSeq).to.equal(4);
  });

  it('serialises concurrent appends: 20 parallel transactions give seq 1..20 and an intact chain', async () => {
    const tenant = await makeTenant(ctx.deps);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        inTransaction(ctx.deps.db, (tx) => appendAudit(tx, event(tenant, i + 1))),
      ),
    );
    const entries = (await listAuditEntries(ctx.deps.db, tenant.id)).reverse();
    expect(entries.map((e) => e.seq)).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(entries.map((e) => e.subjectId).sort()).to.deep.equal(
      Array.from({ length: 20 }, (_, i) => `subject-${i + 1}`).sort(),
    );
    expect(await verifyAuditChain(ctx.deps.db, tenant.id)).to.deep.equal({ intact: true, entries: 20 });
  });

  it('links entries with quotes, backslashes, non-ASCII text and the hash frame itself in them, as entryHash would', async () => {
    // The database computes each hash when the entry commits; verification recomputes it in the application.
    const tenant = await makeTenant(ctx.deps);
    const hostile = [
      'a "quoted" \\ back\\slash',
      'Zoë Ñúñez 李小龍 🎓',
      '"prevHash":"PREV","seq":0,',
      '\n\t\u2028',
    ];
    for (const [n, text] of hostile.entries())
      await inTransaction(ctx.deps.db, (tx) =>
        appendAudit(tx, {
          ...event(tenant, n),
          subjectId: text,
          action: `test.${n}`,
          details: { text, [text]: [text, { z: 1, é: text }], number: 1.5e-7, big: 2 ** 53 - 1 },
        }),
      );
    const entries = (await listAuditEntries(ctx.deps.db, tenant.id)).reverse();
    expect(entries.map((e) => e.subjectId)).to.deep.equal(hostile);
    for (const { hash, ...rest } of entries) expect(entryHash(rest)).to.equal(hash);
    expect(await verifyAuditChain(ctx.deps.db, tenant.id)).to.deep.equal({
      intact: true,
      entries: hostile.length,
    });
  });

  it('rolls an entry back with the transaction that wrote it', async () => {
    const tenant = await tenantWithEntries(1);
    const failure = new Error('use case failed after auditing');
    const error = await rejectionOf(
      inTransaction(ctx.deps.db, async (tx) => {
        await appendAudit(tx, { ...event(tenant, 2), subjectId: randomUUID() });
        throw failure;
      }),
    );
    expect(error).to.equal(failure);
    expect(await verifyAuditChain(ctx.deps.db, tenant.id)).to.deep.equal({ intact: true, entries: 1 });
  });
});
