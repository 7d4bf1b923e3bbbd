import { expect } from 'chai';
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

// Test code may read process.env: two nodes share a database only on PostgreSQL (the embedded one is a single
// process's own).
const onPostgres = Boolean(process.env.DATABASE_URL);

describe('exam delivery on two nodes of one PostgreSQL database (skipped on the embedded database, which serves one node)', function () {
  this.timeout(120_000);
  let nodeA: TestServer;
  let nodeB: TestServer;
  let programme: ExamProgramme;
  const sockets: Socket[] = [];

  before(async function () {
    if (!onPostgres) this.skip();
    nodeA = await startTestServer();
    nodeB = await startTestServer({ database: nodeA.database, publicUrl: nodeA.url });
    programme = await makeExamProgramme(nodeA.deps);
  });
  after(async () => {
    for (const socket of sockets) socket.disconnect();
    await nodeB?.close();
    await nodeA?.close();
  });

  it('tells a window on one node at once that a window on the other took the attempt over, and gives it the result the other node scored', async () => {
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
      if (reply === 'lost' || !reply.ok)
        return expect.fail(`answer ${seq} refused: ${JSON.stringify(reply)}`);
      view = reply.attempt;
    }
    expect(view.status).to.equal('submitted');
    const told = await result;
    expect(told?.status).to.equal('scored');
    expect(told?.result?.passed).to.equal(true);
  });
});
