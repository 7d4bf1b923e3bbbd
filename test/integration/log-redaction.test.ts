import { Writable } from 'node:stream';
import { expect } from 'chai';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import request from 'supertest';
import { createLogger, errorForLog } from '../../server/adapters/logger.js';
import { errorHandler } from '../../server/http/middleware/errors.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { FACTORY_PASSWORD, makeTenant, makeUser } from '../support/factories.js';
import { sessionCookie } from '../support/session-cookie.js';

/** A pino destination that keeps every line written to it. */
function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => lines.join('') };
}

describe('what the logs carry', () => {
  let ctx: TestContext;
  const log = capture();
  before(async () => {
    // The default level, as a server runs.
    ctx = await createTestContext({ logger: pino({ level: 'info' }, log.stream) });
  });
  after(() => ctx.close());

  it('never writes access tokens, refresh cookies, set-cookie headers, invitation tokens or passwords', async () => {
    const tenant = await makeTenant(ctx.deps);
    const user = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
    const signedIn = await request(ctx.app)
      .post('/api/v1/auth/login')
      .send({ tenant: tenant.slug, email: user.email, password: FACTORY_PASSWORD })
      .expect(200);
    const accessToken: string = signedIn.body.accessToken;
    const cookie = sessionCookie(signedIn);
    const me = await request(ctx.app)
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${accessToken}`)
      .expect(200);
    expect(me.body.user.id).to.equal(user.id);
    const refreshed = await request(ctx.app).post('/api/v1/auth/refresh').set('Cookie', cookie).expect(200);
    const invitationToken = 'invitation-secret-0123456789';
    await request(ctx.app).get(`/t/${tenant.slug}/register?invitation=${invitationToken}&lang=en`);

    const written = log.text();
    // The lines are there, with what an operator needs…
    expect(written).to.contain('/api/v1/me');
    expect(written).to.contain('"statusCode":200');
    expect(written).to.contain('lang=en');
    // …and none of the secrets.
    expect(written).to.not.contain(accessToken);
    expect(written).to.not.contain(cookie.split('=')[1]!);
    expect(written).to.not.contain(sessionCookie(refreshed).split('=')[1]!);
    expect(written).to.not.contain(refreshed.body.accessToken);
    expect(written).to.not.contain(invitationToken);
    expect(written).to.not.contain(FACTORY_PASSWORD);
    expect(written).to.contain('[Redacted]');
  });

  it('keeps the values a failed query quoted (e-mails, names, password hashes) out of error lines', async () => {
    const email = 'private.person@example.test';
    let failure: unknown;
    try {
      await ctx.deps.db.execute(sql`select ${email}::int, ${FACTORY_PASSWORD}::int`);
    } catch (error) {
      failure = error;
    }
    expect(String((failure as Error).message)).to.contain(email);

    // Through the app's one error mapper, as an unexpected failure in a route would go.
    const lines = capture();
    const res = { statusCode: 0, headers: {} as Record<string, string>, body: undefined as unknown };
    errorHandler(
      failure,
      {
        log: pino({ level: 'info' }, lines.stream).child({}, { serializers: { err: errorForLog } }),
        id: 'r1',
      } as never,
      {
        setHeader: (name: string, value: string) => {
          res.headers[name] = value;
        },
        status(code: number) {
          res.statusCode = code;
          return this;
        },
        json(body: unknown) {
          res.body = body;
        },
      } as never,
      () => undefined,
    );
    expect(res.statusCode).to.equal(500);
    expect(lines.text()).to.contain('unhandled error');
    expect(lines.text()).to.contain('Failed query');
    expect(lines.text()).to.not.contain(email);
    expect(lines.text()).to.not.contain(FACTORY_PASSWORD);

    // The process's root logger does the same for anything logged outside a request.
    const root = capture();
    createLogger('info', root.stream).error(
      { err: failure, req: { headers: { authorization: 'Bearer abc.def' } } },
      'boom',
    );
    expect(root.text()).to.contain('Failed query');
    expect(root.text()).to.not.contain(email);
    expect(root.text()).to.not.contain('abc.def');
  });
});
