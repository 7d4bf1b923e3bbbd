import { expect } from 'chai';
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import type { AttemptView } from '../../../server/app/delivery/attempt-view.js';
import { type ExamProgramme, makeExamProgramme } from '../../support/exam.js';
import { itemAt, rightAnswer } from '../../support/exam-answers.js';
import { beginAt, checkInAt, connectAttempt, enrolPasskey, send } from '../../support/exam-client.js';
import { makeUser, tokenFor } from '../../support/factories.js';
import { startTestServer } from '../../support/server.js';

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** Resolves with the first `event` the socket hears, or fails after `ms`. */
function heard<T>(socket: Socket, event: string, ms = 10_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within ${ms} ms`)), ms);
    socket.once(event, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Whether a Redis server answers PING at `url` within a second. */
async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/** Two nodes of one deployment on one database, each with its own sockets; closed after the suite. */
function twoNodes(start: () => Promise<{ nodeA: TestServer; nodeB: TestServer } | undefined>) {
  const nodes: { a?: TestServer; b?: TestServer; programme?: ExamProgramme; sockets: Socket[] } = {
    sockets: [],
  };
  before(async function () {
    const started = await start();
    if (!started) return this.skip();
    nodes.a = started.nodeA;
    nodes.b = started.nodeB;
    nodes.programme = await makeExamProgramme(started.nodeA.deps);
  });
  after(async () => {
    for (const socket of nodes.sockets) socket.disconnect();
    await nodes.b?.close();
    await nodes.a?.close();
  });
  return nodes;
}

/**
 * A window on node A and a second window on node B: A is told at once of B's take-over, B sits the exam to the
 * end, and A is told the result node B scored.
 */
async function takeOverAndResultAcrossNodes(nodes: ReturnType<typeof twoNodes>) {
  const { a: nodeA, b: nodeB, programme, sockets } = nodes as Required<typeof nodes>;
  const user = await makeUser(nodeA.deps, programme.tenant, { displayName: 'Nora Node' });
  const token = tokenFor(nodeA.deps, programme.tenant, user);
  const authenticator = await enrolPasskey(nodeA.url, token);
  const checkedIn = await checkInAt(nodeA.url, token, authenticator, programme.adaptiveId);
  const { attemptToken } = await beginAt(nodeA.url, token, checkedIn.id);

  const first = await connectAttempt(nodeA.url, { token: attemptToken });
  sockets.push(first.socket);
  expect(first.kind).to.equal('attempt');
  const displaced = heard<{ code: string }>(first.socket, 'taken_over');
  const second = await connectAttempt(nodeB.url, { token: attemptToken });
  sockets.push(second.socket);
  if (second.kind !== 'attempt') return expect.fail(`node B refused the window: ${second.message}`);
  // Node B's take-over reaches the window held on node A without it sending anything.
  expect((await displaced).code).to.equal('stale_save');

  // The window on node B sits the exam to the end; node B scores it, and the window on node A is told.
  const result = heard<AttemptView | undefined>(first.socket, 'changed', 30_000);
  let view = second.attempt;
  let seq = view.lastSeq;
  while (view.status === 'in_progress' && view.current) {
    seq += 1;
    const item = await itemAt(nodeA.db, programme.tenant.id, view.id, view.current.position);
    const reply = await send(second.socket, 'answer', {
      epoch: view.epoch,
      seq,
      position: view.current.position,
      answer: rightAnswer(item.content),
    });
    if (reply === 'lost' || !reply.ok) return expect.fail(`answer ${seq} refused: ${JSON.stringify(reply)}`);
    view = reply.attempt;
  }
  expect(view.status).to.equal('submitted');
  const told = await result;
  expect(told?.status).to.equal('scored');
  expect(told?.result?.passed).to.equal(true);
}

// Test code may read process.env: two nodes share a database only on PostgreSQL (the embedded one is a single
// process's own).
const onPostgres = Boolean(process.env.DATABASE_URL);
const REDIS_URL = 'redis://127.0.0.1:6379';

describe('exam delivery on two nodes of one PostgreSQL database (skipped on the embedded database, which serves one node)', function () {
  this.timeout(120_000);
  const nodes = twoNodes(async () => {
    if (!onPostgres) return undefined;
    const nodeA = await startTestServer();
    return { nodeA, nodeB: await startTestServer({ database: nodeA.database, publicUrl: nodeA.url }) };
  });

  it('tells a window on one node at once that a window on the other took the attempt over, and gives it the result the other node scored', () =>
    takeOverAndResultAcrossNodes(nodes));
});

describe('exam delivery on two nodes sharing Redis (REDIS_URL; skipped when no Redis answers on 127.0.0.1:6379)', function () {
  this.timeout(120_000);
  const nodes = twoNodes(async () => {
    if (!(await redisAnswers(REDIS_URL))) return undefined;
    const nodeA = await startTestServer({ redisUrl: REDIS_URL });
    const nodeB = await startTestServer({
      database: nodeA.database,
      publicUrl: nodeA.url,
      redisUrl: REDIS_URL,
    });
    return { nodeA, nodeB };
  });

  it('tells a window on one node at once that a window on the other took the attempt over, and gives it the result the other node scored', () =>
    takeOverAndResultAcrossNodes(nodes));

  it('refuses to start a node whose Redis does not answer, and says so', async () => {
    const nodeA = nodes.a as TestServer;
    let refusal: unknown;
    await startTestServer({
      database: nodeA.database,
      publicUrl: nodeA.url,
      redisUrl: 'redis://127.0.0.1:1',
    }).then(
      (node) => node.close(),
      (error: unknown) => {
        refusal = error;
      },
    );
    expect(String(refusal)).to.match(
      /REDIS_URL: Redis, which carries socket broadcasts across nodes, did not answer/,
    );
  });
});
