import { expect } from 'chai';
import { io, type Socket } from 'socket.io-client';
import request from 'supertest';
import { startTestServer } from '../support/server.js';

const DEMO_PASSWORD = 'certamen-demo';

/** Why a connection attempt ended: the `ready` payload, or the connect_error message and data. */
type Outcome =
  | { kind: 'ready'; payload: { userId: string; tenantId: string } }
  | { kind: 'error'; message: string; data: unknown };

describe('realtime sockets (real server)', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  const sockets: Socket[] = [];

  before(async () => {
    server = await startTestServer();
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  after(() => server.close());

  async function signIn(email: string): Promise<{ token: string; userId: string; tenantId: string }> {
    const res = await request(server.url)
      .post('/api/v1/auth/login')
      .send({ tenant: 'acme', email, password: DEMO_PASSWORD })
      .expect(200);
    const me = await request(server.url)
      .get('/api/v1/me')
      .set('Authorization', `Bearer ${res.body.accessToken}`)
      .expect(200);
    return { token: res.body.accessToken, userId: res.body.user.id, tenantId: me.body.tenant.id };
  }

  /** Connects to a namespace and waits for `ready` or `connect_error`, whichever comes first. */
  function connect(namespace: string, auth?: Record<string, unknown>): Promise<Outcome> {
    const socket = io(server.url + namespace, {
      auth,
      transports: ['websocket'],
      reconnection: false,
      timeout: 10_000,
    });
    sockets.push(socket);
    return new Promise((resolve) => {
      socket.once('ready', (payload) => resolve({ kind: 'ready', payload }));
      socket.once('connect_error', (error: Error & { data?: unknown }) =>
        resolve({ kind: 'error', message: error.message, data: error.data }),
      );
    });
  }

  it('lets the demo candidate into /candidate and greets them with ready and their user id', async () => {
    const candidate = await signIn('candidate@acme.test');
    const outcome = await connect('/candidate', { token: candidate.token });
    expect(outcome).to.deep.equal({
      kind: 'ready',
      payload: { userId: candidate.userId, tenantId: candidate.tenantId },
    });
    expect(sockets[0]?.connected).to.equal(true);
  });

  it('refuses a connection without a token as unauthenticated', async () => {
    for (const auth of [undefined, {}, { token: 42 }]) {
      const outcome = await connect('/candidate', auth);
      expect(outcome, JSON.stringify(auth)).to.deep.include({ kind: 'error', message: 'unauthenticated' });
    }
  });

  it('refuses a bad or tampered token as unauthenticated', async () => {
    const candidate = await signIn('candidate@acme.test');
    const [header, payload, signature] = candidate.token.split('.');
    // Same header and signature, roles raised to proctor: the signature no longer matches.
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ['proctor'] })).toString('base64url')}.${signature}`;
    for (const token of ['not-a-token', forged]) {
      const outcome = await connect('/proctor', { token });
      expect(outcome).to.deep.equal({
        kind: 'error',
        message: 'unauthenticated',
        data: { code: 'unauthenticated', message: 'Sign in first' },
      });
    }
  });

  it('refuses the candidate on /proctor as forbidden', async () => {
    const candidate = await signIn('candidate@acme.test');
    const outcome = await connect('/proctor', { token: candidate.token });
    expect(outcome).to.deep.include({ kind: 'error', message: 'forbidden' });
    expect(outcome.kind === 'error' && outcome.data).to.deep.include({ code: 'forbidden' });
  });

  it('lets the demo proctor into /proctor, and keeps them out of /candidate', async () => {
    const proctor = await signIn('proctor@acme.test');
    const outcome = await connect('/proctor', { token: proctor.token });
    expect(outcome).to.deep.equal({
      kind: 'ready',
      payload: { userId: proctor.userId, tenantId: proctor.tenantId },
    });
    expect(await connect('/candidate', { token: proctor.token })).to.deep.include({
      kind: 'error',
      message: 'forbidden',
    });
  });

  it('lets the demo admin into /proctor (admins supervise too)', async () => {
    const admin = await signIn('admin@acme.test');
    expect((await connect('/proctor', { token: admin.token })).kind).to.equal('ready');
  });

  it('reads the account at the handshake: a demoted proctor and a disabled account are refused with live tokens', async () => {
    const admin = await signIn('admin@acme.test');
    const proctor = await signIn('proctor@acme.test');
    const asAdmin = (req: request.Test) => req.set('Authorization', `Bearer ${admin.token}`);
    await asAdmin(request(server.url).patch(`/api/v1/users/${proctor.userId}`))
      .send({ roles: ['candidate'] })
      .expect(200);
    expect(await connect('/proctor', { token: proctor.token })).to.deep.include({
      kind: 'error',
      message: 'forbidden',
    });
    await asAdmin(request(server.url).patch(`/api/v1/users/${proctor.userId}`))
      .send({ status: 'disabled' })
      .expect(200);
    expect(await connect('/candidate', { token: proctor.token })).to.deep.include({
      kind: 'error',
      message: 'unauthenticated',
    });
    await asAdmin(request(server.url).patch(`/api/v1/users/${proctor.userId}`))
      .send({ status: 'active', roles: ['proctor'] })
      .expect(200);
    expect((await connect('/proctor', { token: proctor.token })).kind).to.equal('ready');
  });
});
