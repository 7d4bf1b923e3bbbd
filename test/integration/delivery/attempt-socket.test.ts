import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { jwtTokenService } from '../../../server/adapters/token-service.js';
import type { AttemptView } from '../../../server/app/delivery/attempt-view.js';
import {
  type AttemptResponseRow,
  findResults,
  listResponses,
  updateAttempt,
} from '../../../server/persistence/repositories/attempts.js';
import { updateUser } from '../../../server/persistence/repositories/users.js';
import { type ExamProgramme, makeExamProgramme } from '../../support/exam.js';
import { attemptRow, itemAt, rightAnswer, still, wrongAnswer } from '../../support/exam-answers.js';
import {
  beginAt,
  type Connection,
  checkInAt,
  connectAttempt,
  enrolPasskey,
  type Reply,
  send,
} from '../../support/exam-client.js';
import { makeUser, tokenFor } from '../../support/factories.js';
import { rowCounts } from '../../support/row-counts.js';
import { startTestServer } from '../../support/server.js';

describe('exam delivery: the /attempt socket (real server)', function () {
  this.timeout(180_000);
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let programme: ExamProgramme;
  const sockets: Socket[] = [];

  before(async () => {
    server = await startTestServer();
    programme = await makeExamProgramme(server.deps);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  after(() => server.close());

  const tenantId = () => programme.tenant.id;

  async function candidate() {
    const user = await makeUser(server.deps, programme.tenant, { displayName: 'Sam Socket' });
    const token = tokenFor(server.deps, programme.tenant, user);
    const authenticator = await enrolPasskey(server.url, token);
    return { user, token, authenticator };
  }

  type Candidate = Awaited<ReturnType<typeof candidate>>;

  async function running(c: Candidate, certificationId = programme.adaptiveId) {
    const checkedIn = await checkInAt(server.url, c.token, c.authenticator, certificationId);
    return beginAt(server.url, c.token, checkedIn.id);
  }

  async function connect(auth: Record<string, unknown> | undefined): Promise<Connection> {
    const connection = await connectAttempt(server.url, auth);
    sockets.push(connection.socket);
    return connection;
  }

  async function greeted(token: string) {
    const connection = await connect({ token });
    if (connection.kind !== 'attempt')
      expect.fail(`refused: ${connection.message} ${JSON.stringify(connection.data)}`);
    return connection;
  }

  const ok = (reply: Reply | 'lost'): AttemptView => {
    if (reply === 'lost' || !reply.ok) return expect.fail(`not acknowledged: ${JSON.stringify(reply)}`);
    return reply.attempt;
  };

  /** The same answer for the same item, whichever attempt it comes in: right for about two items in three. */
  async function answerFor(attemptId: string, position: number) {
    const item = await itemAt(server.db, tenantId(), attemptId, position);
    const right = Number.parseInt(item.itemId.replaceAll('-', '').slice(0, 8), 16) % 3 !== 0;
    return right ? rightAnswer(item.content) : wrongAnswer(item.content);
  }

  /** A refused message must leave the database as it was, the attempt row included. */
  async function snapshot(attemptId: string) {
    return {
      counts: await rowCounts(server.db),
      attempt: await attemptRow(server.db, tenantId(), attemptId),
    };
  }

  describe('the handshake', () => {
    const refusedAs = (connection: Connection, code: string) => {
      expect(connection.kind === 'error' ? connection.message : connection.kind).to.equal(code);
    };

    it('refuses a missing, malformed or forged attempt token', async () => {
      const c = await candidate();
      const { attemptToken, attempt } = await running(c);
      for (const auth of [undefined, {}, { token: 42 }, { token: 'not-a-token' }]) {
        const connection = await connect(auth);
        refusedAs(connection, 'unauthenticated');
        expect(connection.kind === 'error' && connection.data).to.deep.equal({
          code: 'unauthenticated',
          message: 'Open the exam again to reconnect',
        });
      }
      const [header, payload, signature] = attemptToken.split('.');
      const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
      const otherAttempt = Buffer.from(JSON.stringify({ ...claims, aid: attempt.certificationId })).toString(
        'base64url',
      );
      refusedAs(await connect({ token: `${header}.${otherAttempt}.${signature}` }), 'unauthenticated');
      const otherKey = jwtTokenService(randomBytes(32), server.url, 900);
      const actor = {
        userId: c.user.id,
        tenantId: tenantId(),
        tenantSlug: programme.tenant.slug,
        roles: c.user.roles,
      };
      refusedAs(
        await connect({ token: otherKey.issueAttemptToken(actor, attempt.id, new Date()) }),
        'unauthenticated',
      );
      // An access token is not an attempt token.
      refusedAs(await connect({ token: c.token }), 'unauthenticated');
    });

    it('refuses an expired attempt token', async () => {
      const c = await candidate();
      const { attempt } = await running(c);
      const actor = {
        userId: c.user.id,
        tenantId: tenantId(),
        tenantSlug: programme.tenant.slug,
        roles: c.user.roles,
      };
      const issuedLongAgo = new Date(Date.now() - 11 * 60_000);
      const expired = server.deps.tokens.issueAttemptToken(actor, attempt.id, issuedLongAgo);
      refusedAs(await connect({ token: expired }), 'unauthenticated');
      const fresh = server.deps.tokens.issueAttemptToken(actor, attempt.id, new Date());
      expect((await connect({ token: fresh })).kind).to.equal('attempt');
    });

    it('refuses a disabled account with a live token, and refuses its next message on an open connection', async () => {
      const c = await candidate();
      const { attemptToken, attempt } = await running(c);
      const open = await greeted(attemptToken);
      await updateUser(server.db, tenantId(), c.user.id, { status: 'disabled' });
      const before = await snapshot(attempt.id);
      const reply = await send(open.socket, 'answer', {
        epoch: open.attempt.epoch,
        seq: 1,
        position: 1,
        answer: await answerFor(attempt.id, 1),
      });
      expect(reply).to.deep.equal({
        ok: false,
        error: { code: 'unauthenticated', message: 'This account is no longer active; sign in again' },
      });
      expect(await snapshot(attempt.id)).to.deep.equal(before);
      const again = await connect({ token: attemptToken });
      refusedAs(again, 'unauthenticated');
      expect(again.kind === 'error' && again.data).to.deep.include({
        message: 'This account is no longer active; sign in again',
      });
    });
  });

  describe('a connection', () => {
    it('is greeted with the attempt as the database has it, taking it over from earlier windows', async () => {
      const c = await candidate();
      const { attemptToken, attempt } = await running(c);
      const { attempt: greeting } = await greeted(attemptToken);
      expect(greeting).to.include({
        id: attempt.id,
        status: 'in_progress',
        epoch: attempt.epoch + 1,
        lastSeq: 0,
      });
      expect(greeting.current).to.deep.equal(attempt.current);
      expect(greeting.remainingMs).to.be.within(attempt.allowedMs - 60_000, attempt.allowedMs);
      // The REST window that began the exam is now stale.
      const stale = await request(server.url)
        .post(`/api/v1/attempts/${attempt.id}/responses`)
        .set('Authorization', `Bearer ${c.token}`)
        .send({ epoch: attempt.epoch, seq: 1, position: 1, answer: await answerFor(attempt.id, 1) });
      expect(stale.status).to.equal(409);
      expect(stale.body.error.code).to.equal('stale_save');
    });

    it('acknowledges each answer after storing it, with the next question; sync re-reads the attempt', async () => {
      const c = await candidate();
      const { attemptToken, attempt } = await running(c);
      const { socket, attempt: greeting } = await greeted(attemptToken);
      let view = greeting;
      for (let seq = 1; seq <= 3; seq++) {
        const position = view.current?.position as number;
        view = ok(
          await send(socket, 'answer', {
            epoch: view.epoch,
            seq,
            position,
            answer: await answerFor(attempt.id, position),
            timeOnItemMs: 4_000,
          }),
        );
        expect(view).to.include({ lastSeq: seq, answered: seq });
        expect(view.current?.position).to.equal(position + 1);
        const stored = await listResponses(server.db, tenantId(), attempt.id);
        expect(stored.map((r) => r.seq)).to.deep.equal(Array.from({ length: seq }, (_, i) => i + 1));
      }
      const synced = ok(await send(socket, 'sync', {}));
      expect(synced).to.deep.include({ lastSeq: 3, current: view.current, epoch: view.epoch });
    });

    it('acknowledges the last answer at once as submitted, then tells the window its result is in', async () => {
      const c = await candidate();
      const { attemptToken, attempt } = await running(c);
      const { socket, attempt: greeting } = await greeted(attemptToken);
      // Listening from the start: the result may be in before the last acknowledgement is read here.
      const told = new Promise<AttemptView>((resolve) => socket.once('changed', resolve));
      let view = greeting;
      while (view.status === 'in_progress' && view.current) {
        const position = view.current.position;
        const answer = await answerFor(attempt.id, position);
        view = ok(
          await send(socket, 'answer', { epoch: view.epoch, seq: view.lastSeq + 1, position, answer }),
        );
      }
      // The engine stopped: the last answer is stored and acknowledged with the attempt submitted, no result yet.
      expect(view).to.include({ status: 'submitted', current: null, result: null });
      const stored = await listResponses(server.db, tenantId(), attempt.id);
      expect(stored.at(-1)?.seq).to.equal(view.lastSeq);
      // The window is given the result with the notice, as a re-read gives it.
      const scored = await told;
      expect(scored.status).to.equal('scored');
      const reread = ok(await send(socket, 'sync', {}));
      expect(still(scored)).to.deep.equal(still(reread));
      const [result] = await findResults(server.db, tenantId(), [attempt.id]);
      expect(scored.result).to.deep.include({
        passed: result?.passed,
        percentCorrect: result?.percentCorrect,
      });
      if (result?.passed) expect(scored.result?.credentialId).to.equal(result.credentialId);
    });

    it('judges the next answer on the row and the account as they are now, not as its last answer left them', async () => {
      // The connection remembers the row its last answer wrote; anything written behind its back must count.
      const answerNext = async (socket: Socket, view: AttemptView, seq: number) =>
        send(socket, 'answer', {
          epoch: view.epoch,
          seq,
          position: view.current?.position,
          answer: await answerFor(view.id, view.current?.position as number),
        });

      // The account is disabled after an answer: the next one on the same connection is refused.
      const disabled = await candidate();
      const first = await running(disabled);
      const one = await greeted(first.attemptToken);
      const afterOne = ok(await answerNext(one.socket, one.attempt, 1));
      await updateUser(server.db, tenantId(), disabled.user.id, { status: 'disabled' });
      const before = await snapshot(first.attempt.id);
      expect(await answerNext(one.socket, afterOne, 2)).to.deep.equal({
        ok: false,
        error: { code: 'unauthenticated', message: 'This account is no longer active; sign in again' },
      });
      expect(await snapshot(first.attempt.id)).to.deep.equal(before);

      // The deadline is moved into the past after an answer (say, extra time withdrawn): the next answer is late.
      const late = await candidate();
      const second = await running(late);
      const two = await greeted(second.attemptToken);
      const afterFirst = ok(await answerNext(two.socket, two.attempt, 1));
      const deadline = new Date(Date.now() - 60_000);
      await updateAttempt(server.db, tenantId(), second.attempt.id, { deadline });
      const reply = await answerNext(two.socket, afterFirst, 2);
      expect(reply).to.deep.include({ ok: false });
      expect(reply !== 'lost' && !reply.ok && reply.error.code).to.equal('attempt_over');
      expect((await listResponses(server.db, tenantId(), second.attempt.id)).map((r) => r.seq)).to.deep.equal(
        [1],
      );
      await server.deps.scoring.idle();
      const row = await attemptRow(server.db, tenantId(), second.attempt.id);
      expect(row.status).to.equal('scored');
      expect(row.finishedAt?.toISOString()).to.equal(deadline.toISOString());
    });

    it('applies answers sent without waiting for acknowledgements in the order they were sent', async () => {
      const c = await candidate();
      const { attemptToken, attempt } = await running(c, programme.linearId);
      const { socket, attempt: view } = await greeted(attemptToken);
      // A quick candidate: every question answered, then the first five changed, before any acknowledgement.
      const saves = await Promise.all(
        Array.from({ length: 15 }, async (_, i) => {
          const position = (i % 10) + 1;
          const item = await itemAt(server.db, tenantId(), attempt.id, position);
          const answer = i < 10 ? wrongAnswer(item.content) : rightAnswer(item.content);
          return { epoch: view.epoch, seq: i + 1, position, answer };
        }),
      );
      const replies = await Promise.all(saves.map((save) => send(socket, 'answer', save)));
      replies.forEach((reply, i) => {
        expect(reply !== 'lost' && reply.ok, `seq ${i + 1}: ${JSON.stringify(reply)}`).to.equal(true);
      });
      const stored = await listResponses(server.db, tenantId(), attempt.id);
      expect(stored.map((r) => r.seq)).to.deep.equal(saves.map((s) => s.seq));
      const latest = ok(await send(socket, 'sync', {}));
      expect(latest.lastSeq).to.equal(15);
      expect(latest.form?.slice(0, 10).map((p) => p.answer)).to.deep.equal([
        ...saves.slice(10).map((s) => s.answer),
        ...saves.slice(5, 10).map((s) => s.answer),
      ]);
    });

    it('answers malformed messages with an error acknowledgement and writes nothing', async () => {
      const c = await candidate();
      const { attemptToken, attempt } = await running(c);
      const { socket, attempt: view } = await greeted(attemptToken);
      const position = view.current?.position as number;
      const good = await answerFor(attempt.id, position);
      const base = { epoch: view.epoch, seq: 1, position };
      const messages: Array<[string, unknown]> = [
        ['answer', {}],
        ['answer', 'not an object'],
        ['answer', null],
        ['answer', { ...base, answer: { optionId: 'no-such-option', extra: 1 } }],
        ['answer', { ...base, answer: { ...good, note: 'extra field' } }],
        ['answer', { ...base, answer: good, epoch: 'one' }],
        ['answer', { ...base, answer: good, sneaky: true }],
        ['pause', { epoch: 'x' }],
        ['resume', []],
        ['submit', null],
        ['submit', { epoch: view.epoch, extra: 1 }],
      ];
      const before = await snapshot(attempt.id);
      for (const [event, payload] of messages) {
        const reply = await send(socket, event, payload);
        const where = `${event} ${JSON.stringify(payload)}`;
        expect(reply !== 'lost' && reply.ok, where).to.equal(false);
        if (reply !== 'lost' && !reply.ok) {
          expect(reply.error.code, where).to.equal('validation_failed');
          expect(reply.error.message, where).to.be.a('string').and.not.equal('');
        }
      }
      expect(await snapshot(attempt.id)).to.deep.equal(before);
      expect(socket.connected).to.equal(true);
      ok(await send(socket, 'answer', { ...base, answer: good }));
    });

    it('answers a client flooding messages with rate_limited, and serves it again once it slows down', async () => {
      const c = await candidate();
      const { attemptToken } = await running(c);
      const { socket } = await greeted(attemptToken);
      const replies = await Promise.all(Array.from({ length: 100 }, () => send(socket, 'sync', {})));
      const limited = replies.filter((r) => r !== 'lost' && !r.ok && r.error.code === 'rate_limited');
      const served = replies.filter((r) => r !== 'lost' && r.ok);
      expect(limited.length, 'rate limited').to.be.at.least(40);
      expect(served.length, 'served').to.be.at.least(30);
      expect(limited[0]).to.deep.equal({
        ok: false,
        error: { code: 'rate_limited', message: 'Too many messages: slow down' },
      });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(ok(await send(socket, 'sync', {})).status).to.equal('in_progress');
    });

    it('tells a window at once when another takes it over, keeps it stale through a re-read, and tells it of the submit', async () => {
      const c = await candidate();
      const { attemptToken, attempt } = await running(c);
      const first = await greeted(attemptToken);
      const displaced = new Promise<unknown>((resolve) => first.socket.once('taken_over', resolve));
      let secondTold = false;
      const second = await greeted(attemptToken);
      second.socket.once('taken_over', () => {
        secondTold = true;
      });
      expect(second.attempt.epoch).to.equal(first.attempt.epoch + 1);
      // The first window hears of it without sending anything; the window that took over is not told.
      expect(await displaced).to.deep.equal({
        code: 'stale_save',
        message: 'This exam was opened in another window or tab: continue there, or reopen it here',
      });
      // The first window re-reads: it keeps the epoch it held, so its next save is refused, not accepted.
      const reread = ok(await send(first.socket, 'sync', {}));
      expect(reread.epoch).to.equal(first.attempt.epoch);
      const position = reread.current?.position as number;
      const answer = await answerFor(attempt.id, position);
      const stale = await send(first.socket, 'answer', { epoch: reread.epoch, seq: 1, position, answer });
      expect(stale !== 'lost' && !stale.ok && stale.error.code).to.equal('stale_save');
      expect(await listResponses(server.db, tenantId(), attempt.id)).to.have.length(0);
      // The window holding the exam submits over REST; the other one hears of it.
      const changed = new Promise<void>((resolve) => first.socket.once('changed', () => resolve()));
      const submitted = await request(server.url)
        .post(`/api/v1/attempts/${attempt.id}/submit`)
        .set('Authorization', `Bearer ${c.token}`)
        .send({ epoch: second.attempt.epoch });
      expect(submitted.status, JSON.stringify(submitted.body)).to.equal(200);
      await changed;
      expect(ok(await send(first.socket, 'sync', {})).status).to.equal('scored');
      expect(secondTold).to.equal(false);
    });

    it('is greeted with the attempt as it stands when it changed between the start and the connection', async () => {
      // The node remembers the row its start wrote for the window that connects next: a change made in between
      // (here an admin voids the attempt) must win over that memory, as must one made between check-in and start.
      const admin = await makeUser(server.deps, programme.tenant, { roles: ['admin'] });
      const voidIt = (attemptId: string) =>
        request(server.url)
          .post(`/api/v1/attempts/${attemptId}/void`)
          .set('Authorization', `Bearer ${tokenFor(server.deps, programme.tenant, admin)}`)
          .send({ reason: 'Identity check failed', technicalFault: false });

      const c = await candidate();
      const { attemptToken, attempt } = await running(c);
      expect((await voidIt(attempt.id)).status).to.equal(200);
      const { attempt: greeting } = await greeted(attemptToken);
      expect(greeting).to.include({ id: attempt.id, status: 'voided', voidReason: 'Identity check failed' });
      expect((await attemptRow(server.db, tenantId(), attempt.id)).epoch).to.equal(attempt.epoch);

      const d = await candidate();
      const checkedIn = await checkInAt(server.url, d.token, d.authenticator, programme.adaptiveId);
      expect((await voidIt(checkedIn.id)).status).to.equal(200);
      const start = await request(server.url)
        .post(`/api/v1/attempts/${checkedIn.id}/start`)
        .set('Authorization', `Bearer ${d.token}`)
        .send({});
      expect(start.status).to.equal(409);
      expect(start.body.error.code).to.equal('invalid_transition');
      expect(await attemptRow(server.db, tenantId(), checkedIn.id)).to.include({
        status: 'voided',
        startedAt: null,
      });
    });

    it('is told when something else changed the attempt (an admin voided it)', async () => {
      const c = await candidate();
      const { attemptToken, attempt } = await running(c);
      const { socket } = await greeted(attemptToken);
      const answer = await answerFor(attempt.id, 1);
      const changed = new Promise<void>((resolve) => socket.once('changed', () => resolve()));
      const admin = await makeUser(server.deps, programme.tenant, { roles: ['admin'] });
      const voided = await request(server.url)
        .post(`/api/v1/attempts/${attempt.id}/void`)
        .set('Authorization', `Bearer ${tokenFor(server.deps, programme.tenant, admin)}`)
        .send({ reason: 'Identity check failed', technicalFault: false });
      expect(voided.status).to.equal(200);
      await changed;
      expect(ok(await send(socket, 'sync', {}))).to.include({
        status: 'voided',
        voidReason: 'Identity check failed',
      });
      const refused = await send(socket, 'answer', {
        epoch: attempt.epoch + 1,
        seq: 1,
        position: 1,
        answer,
      });
      expect(refused !== 'lost' && !refused.ok && refused.error.code).to.equal('attempt_over');
    });
  });

  describe('a connection that drops and comes back', () => {
    /** How one answer's connection behaves. */
    type Drop = 'before-ack' | 'after-ack' | 'transport-closed' | 'lost-in-transit';

    /**
     * Answers an adaptive attempt to its end over the socket, dropping the connection at the planned answers:
     * right after sending (the acknowledgement is lost; the answer may or may not be stored), after the
     * acknowledgement, by closing the transport under it, or before the answer leaves (it never reaches the
     * server). After each drop the player reconnects and sends its unacknowledged answer again with the same
     * sequence number (and the new epoch). Returns which resent answers the server already had, and which not.
     */
    async function answerToTheEnd(attemptId: string, attemptToken: string, drops: ReadonlyMap<number, Drop>) {
      let { socket, attempt: view } = await greeted(attemptToken);
      let pending: { seq: number; position: number; answer: Record<string, unknown> } | null = null;
      let reconnects = 0;
      const resent = { stored: [] as number[], missing: [] as number[] };
      for (let step = 0; step < 200; step++) {
        if (!pending) {
          if (view.status !== 'in_progress' || !view.current) break;
          const position = view.current.position;
          pending = { seq: view.lastSeq + 1, position, answer: await answerFor(attemptId, position) };
        }
        const body = { epoch: view.epoch, ...pending };
        const drop = drops.get(step);
        let reply: Reply | 'lost';
        if (drop === 'before-ack') {
          const sent = send(socket, 'answer', body);
          socket.disconnect();
          reply = await sent;
        } else if (drop === 'lost-in-transit') {
          socket.disconnect();
          reply = 'lost';
        } else if (drop === 'transport-closed') {
          const sent = send(socket, 'answer', body);
          socket.io.engine.close();
          reply = await sent;
        } else {
          reply = await send(socket, 'answer', body);
        }
        if (reply !== 'lost') {
          view = ok(reply);
          pending = null;
        }
        if (drop) {
          if (socket.connected) socket.disconnect();
          ({ socket, attempt: view } = await greeted(attemptToken));
          reconnects += 1;
          if (pending) (pending.seq <= view.lastSeq ? resent.stored : resent.missing).push(pending.seq);
        }
      }
      return { view, reconnects, resent };
    }

    const comparable = (rows: AttemptResponseRow[]) =>
      rows.map((r) => ({
        seq: r.seq,
        position: r.position,
        itemId: r.itemId,
        scored: r.scored,
        answer: r.answer,
        score: r.score,
        theta: r.theta,
        se: r.se,
      }));

    it('loses and duplicates no answer over 20 drops, and ends exactly as an uninterrupted run with the same answers', async () => {
      // Two candidates' attempts on one seed (and so one pretest plan): the same answers give the same exam.
      const steady = await candidate();
      const flaky = await candidate();
      const steadyIn = await checkInAt(server.url, steady.token, steady.authenticator, programme.adaptiveId);
      const flakyIn = await checkInAt(server.url, flaky.token, flaky.authenticator, programme.adaptiveId);
      const { seed, form, progress } = await attemptRow(server.db, tenantId(), steadyIn.id);
      await updateAttempt(server.db, tenantId(), flakyIn.id, { seed, form, progress });
      const steadyRun = await beginAt(server.url, steady.token, steadyIn.id);
      const flakyRun = await beginAt(server.url, flaky.token, flakyIn.id);

      const uninterrupted = await answerToTheEnd(steadyIn.id, steadyRun.attemptToken, new Map());
      // A new answer after each acknowledged one is lost in transit: at least five answers the server never saw.
      const kinds: Drop[] = ['after-ack', 'lost-in-transit', 'before-ack', 'transport-closed'];
      const plan = new Map<number, Drop>(Array.from({ length: 20 }, (_, i) => [i, kinds[i % 4] as Drop]));
      const interrupted = await answerToTheEnd(flakyIn.id, flakyRun.attemptToken, plan);

      expect(interrupted.reconnects).to.equal(20);
      // Answers lost on the way were resent and stored; answers stored whose acknowledgement was lost were not
      // stored again (the sequence numbers below have no gap and no repeat).
      expect(interrupted.resent.missing.length).to.be.at.least(5);
      for (const run of [uninterrupted, interrupted]) expect(run.view.status).to.equal('submitted');
      await server.deps.scoring.idle();
      const expected = comparable(await listResponses(server.db, tenantId(), steadyIn.id));
      const got = comparable(await listResponses(server.db, tenantId(), flakyIn.id));
      expect(expected.length).to.be.at.least(22); // 20 to 30 scored questions and 2 pretest ones
      expect(got).to.deep.equal(expected);
      expect(got.map((r) => r.seq)).to.deep.equal(expected.map((_, i) => i + 1));

      const [steadyResult] = await findResults(server.db, tenantId(), [steadyIn.id]);
      const [flakyResult] = await findResults(server.db, tenantId(), [flakyIn.id]);
      for (const field of ['passed', 'scaledScore', 'percentCorrect', 'theta', 'se'] as const)
        expect(flakyResult?.[field], field).to.equal(steadyResult?.[field]);
      const read = await request(server.url)
        .get(`/api/v1/attempts/${flakyIn.id}`)
        .set('Authorization', `Bearer ${flaky.token}`);
      expect(read.body.attempt.result).to.deep.include({ passed: steadyResult?.passed });
    });
  });
});
