import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import type { AttemptView } from '../../../server/app/delivery/attempt-view.js';
import { listResponses } from '../../../server/persistence/repositories/attempts.js';
import { openPostgres } from '../../../server/persistence/database.js';
import { attempts } from '../../../server/persistence/schema.js';
import { createTestDatabase } from '../../support/database.js';
import { anyAnswer } from '../../support/exam.js';
import {
  beginAt,
  checkInAt,
  connectAttempt,
  enrolPasskey,
  type Reply,
  send,
} from '../../support/exam-client.js';

// Test code may read process.env: with DATABASE_URL the nodes run on a PostgreSQL database of their own, else on
// the embedded database in a data directory that outlives the killed process.
const serverUrl = process.env.DATABASE_URL || undefined;

/** A port in this suite's range (4200-4299) that is free now; both nodes listen on it, so tokens stay valid. */
async function freePortInRange(): Promise<number> {
  for (let port = 4200 + (process.pid % 50); port < 4300; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port in 4200-4299');
}

interface Node {
  readonly child: ChildProcess;
  readonly url: string;
  readonly log: () => string;
}

/** The real entry point as its own process; resolves once it listens. */
function startNode(env: NodeJS.ProcessEnv): Promise<Node> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, LOG_LEVEL: 'info', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the node did not start:\n${output}`)), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":"(http:\/\/localhost:\d+)"[^\n]*Certamen is listening/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1], log: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the node exited (${code ?? signal}):\n${output}`));
    });
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('exam delivery: a node killed with SIGKILL mid-exam and started again', function () {
  this.timeout(300_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tests-crash-'));
  const children: ChildProcess[] = [];
  const sockets: Socket[] = [];
  let databaseUrl = '';

  before(async () => {
    if (serverUrl) {
      const database = await createTestDatabase();
      await database.close();
      const url = new URL(serverUrl);
      url.pathname = `/${database.name}`;
      databaseUrl = url.toString();
    }
  });
  after(async () => {
    for (const socket of sockets) socket.disconnect();
    for (const child of children) await killHard(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`keeps the current question, every answer and the true remaining time (${serverUrl ? 'PostgreSQL' : 'embedded database'})`, async () => {
    const port = await freePortInRange();
    const env = { PORT: String(port), DATA_DIR: dataDir, DATABASE_URL: databaseUrl };
    const first = await startNode(env);
    children.push(first.child);
    const url = first.url;

    const login = await request(url)
      .post('/api/v1/auth/login')
      .send({ tenant: 'acme', email: 'candidate@acme.test', password: 'certamen-demo' });
    expect(login.status, login.text).to.equal(200);
    const token = login.body.accessToken as string;
    const authenticator = await enrolPasskey(url, token);
    const catalogue = await request(url).get('/api/v1/catalogue').set('Authorization', `Bearer ${token}`);
    const adaptive = catalogue.body.certifications.find((c: { code: string }) => c.code === 'ACP-A');
    const checkedIn = await checkInAt(url, token, authenticator, adaptive.id);
    const { attempt: started, attemptToken } = await beginAt(url, token, checkedIn.id);
    const deadline = Date.parse(started.deadline as string);

    const connection = await connectAttempt(url, { token: attemptToken });
    sockets.push(connection.socket);
    if (connection.kind !== 'attempt') return expect.fail(`refused: ${JSON.stringify(connection.data)}`);
    let view = connection.attempt;
    const sent: Array<{ seq: number; position: number; answer: Record<string, unknown> }> = [];
    for (let seq = 1; seq <= 6; seq++) {
      const current = view.current as NonNullable<AttemptView['current']>;
      const save = { seq, position: current.position, answer: anyAnswer(current.item as never) };
      const reply = (await send(connection.socket, 'answer', { epoch: view.epoch, ...save })) as Reply;
      if (!reply.ok) return expect.fail(JSON.stringify(reply));
      view = reply.attempt;
      sent.push(save);
    }
    const beforeCrash = view;

    // No goodbye: the process dies with the connection open, straight after the last acknowledgement.
    await killHard(first.child);
    const second = await startNode(env);
    children.push(second.child);
    expect(second.url).to.equal(url);

    const again = await connectAttempt(url, { token: attemptToken });
    sockets.push(again.socket);
    const receivedAt = Date.now();
    if (again.kind !== 'attempt') return expect.fail(`refused: ${JSON.stringify(again.data)}`);
    const restored = again.attempt;
    expect(restored).to.include({ id: started.id, status: 'in_progress', lastSeq: 6, answered: 6 });
    expect(restored.current).to.deep.equal(beforeCrash.current);
    expect(restored.deadline).to.equal(started.deadline);
    expect(Math.abs((restored.remainingMs as number) - (deadline - receivedAt))).to.be.at.most(1_000);

    // Every earlier answer is there as it was sent: each resent with its sequence number is acknowledged as
    // already stored, and a different answer under an old sequence number is refused.
    for (const save of sent) {
      const reply = (await send(again.socket, 'answer', { epoch: restored.epoch, ...save })) as Reply;
      expect(reply.ok, `seq ${save.seq}: ${JSON.stringify(reply)}`).to.equal(true);
      if (reply.ok) expect(reply.attempt.current).to.deep.equal(beforeCrash.current);
    }
    const changed = (await send(again.socket, 'answer', {
      epoch: restored.epoch,
      ...sent[2],
      answer: { optionId: 'something-else' },
    })) as Reply;
    expect(changed.ok === false && changed.error.code).to.equal('stale_save');
    if (databaseUrl) {
      const db = await openPostgres(databaseUrl, 1);
      try {
        const [row] = await db.db
          .select({ tenantId: attempts.tenantId })
          .from(attempts)
          .where(eq(attempts.id, started.id));
        const tenantId = row?.tenantId as string;
        const stored = await listResponses(db.db, tenantId, started.id);
        expect(stored.map((r) => ({ seq: r.seq, position: r.position, answer: r.answer }))).to.deep.equal(
          sent,
        );
      } finally {
        await db.close();
      }
    }

    // And the exam goes on from there.
    const current = restored.current as NonNullable<AttemptView['current']>;
    const next = (await send(again.socket, 'answer', {
      epoch: restored.epoch,
      seq: 7,
      position: current.position,
      answer: anyAnswer(current.item as never),
    })) as Reply;
    expect(next.ok && next.attempt.current?.position).to.equal(current.position + 1);
  });
});
