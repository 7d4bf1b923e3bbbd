import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import request from 'supertest';
import { createTestContext, type TestContext } from '../support/context.js';
import { makeTenant, makeUser, tokenFor } from '../support/factories.js';
import { singleChoiceItem } from '../support/items.js';

// Test code may read process.env: this file needs a PostgreSQL server to terminate connections on.
const serverUrl = process.env.DATABASE_URL || undefined;

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a database connection terminated while a request uses it', function () {
  this.timeout(60_000);
  let ctx: TestContext;
  let databaseName: string;
  before(async () => {
    if (!serverUrl) return;
    ctx = await createTestContext();
    const rows = await ctx.database.db.execute<{ name: string }>(sql`select current_database() as name`);
    databaseName = (rows as unknown as { rows: { name: string }[] }).rows[0]!.name;
  });
  after(async () => {
    await ctx?.close();
  });

  it('answers that request 503, keeps the process alive and serves the next requests (PostgreSQL only: PGlite has no connections to terminate, skipped without DATABASE_URL)', async function () {
    if (!serverUrl) this.skip();
    const tenant = await makeTenant(ctx.deps);
    const author = await makeUser(ctx.deps, tenant, { roles: ['author'] });
    const token = tokenFor(ctx.deps, tenant, author);

    // Another session holds the items table, so the request's transaction waits on a live connection.
    const url = new URL(serverUrl!);
    url.pathname = `/${databaseName}`;
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    try {
      await admin.query('begin');
      await admin.query('lock table items in access exclusive mode');
      const pending = request(ctx.app)
        .post('/api/v1/items')
        .set(bearer(token))
        .send({ externalId: 'LOST-1', content: singleChoiceItem() })
        .then((res) => res);
      await until(async () => {
        const waiting = await admin.query(
          "select pid from pg_stat_activity where datname = $1 and wait_event_type = 'Lock' and pid <> pg_backend_pid()",
          [databaseName],
        );
        return waiting.rowCount ? true : undefined;
      }, 'the request to wait on the lock');
      // What an operator, a failover or a restart does: every other backend of the database goes away.
      await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [databaseName],
      );
      const res = await pending;
      expect(res.status).to.equal(503);
      expect(res.body.error.code).to.equal('unavailable');
      expect(res.body.error.message).to.match(/try again/i);
      expect(res.headers['retry-after']).to.equal('1');
    } finally {
      await admin.query('rollback').catch(() => undefined);
      await admin.end();
    }

    // Let any late 'error' event of the dead connection fire: it must not end the process.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const again = await request(ctx.app)
      .post('/api/v1/items')
      .set(bearer(token))
      .send({ externalId: 'LOST-1', content: singleChoiceItem() })
      .expect(201);
    expect(again.body.item.externalId).to.equal('LOST-1');
    const listed = await request(ctx.app).get('/api/v1/items').set(bearer(token)).expect(200);
    expect(JSON.stringify(listed.body)).to.contain('LOST-1');
  });
});
