/**
 * A candidate process of the delivery benchmark (forked by delivery.ts; never run alone): it enrols a passkey per
 * account through the API with a soft authenticator, measures the bare socket.io acknowledgement baseline, and
 * then seats simulated examinees who check in with their passkey, start, and sit the adaptive exam to the end
 * over the /attempt socket, each answering right with probability P(θ) at their true θ.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { io, type Socket } from 'socket.io-client';
import type { AttemptView } from '../../server/app/delivery/attempt-view.js';
import { probability } from '../../server/domain/psychometrics/irt.js';
import { type Rng, seededRng } from '../../server/domain/psychometrics/rng.js';
import { SoftAuthenticator } from '../../test/support/soft-authenticator.js';
import type { ItemKey } from './delivery-answers.js';
import type {
  BenchCandidate,
  FromCandidates,
  SatAttempt,
  SlotTimes,
  Timed,
  TimedAnswer,
  ToCandidates,
} from './delivery-protocol.js';

const ACK_TIMEOUT_MS = 30_000;
/** Refusals that say "send it again" (nothing was stored); anything else ends the attempt as an error. */
const RETRYABLE = new Set(['rate_limited', 'unavailable', 'internal', 'timeout']);
const MAX_TRIES = 5;

const clock = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A think time around `meanMs`, uniform in [0.5, 1.5] × meanMs. */
const think = (meanMs: number) => sleep(meanMs * (0.5 + Math.random()));

type Reply = { ok: true; attempt: AttemptView } | { ok: false; error: { code: string; message: string } };

const send = (message: FromCandidates) => process.send?.(message);

const enrolled = new Map<string, { candidate: BenchCandidate; authenticator: SoftAuthenticator }>();

/**
 * Keep-alive connections for the REST calls. node:http rather than fetch: undici's fetch cost this process about a
 * quarter of its CPU, which the server on the same machine would otherwise have had.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * POSTs `body` and resolves with the JSON answer when the status is `expected`. A request sent on a kept-alive
 * connection that the server closed as idle at that very moment (ECONNRESET on a reused socket, so the server
 * never read it) is sent once more on a new one, as Node's documentation advises.
 */
function post<T>(
  baseUrl: string,
  path: string,
  token: string,
  body: unknown,
  expected: number,
  retried = false,
): Promise<T> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise<T>((resolve, reject) => {
    const req = http.request(
      `${baseUrl}${path}`,
      {
        method: 'POST',
        agent,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'Content-Length': payload.length,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== expected)
            return reject(new Error(`POST ${path} answered ${res.statusCode}: ${text.slice(0, 300)}`));
          try {
            resolve(JSON.parse(text) as T);
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (!retried && req.reusedSocket && error.code === 'ECONNRESET')
        resolve(post<T>(baseUrl, path, token, body, expected, true));
      else reject(error);
    });
    req.end(payload);
  });
}

/** Runs `work` over `items` with at most `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

/** Enrols one passkey per account through the API, as the profile page does. */
async function enrol(baseUrl: string, origin: string, candidates: readonly BenchCandidate[]) {
  await inParallel(candidates, 16, async (candidate) => {
    const authenticator = new SoftAuthenticator();
    const start = await post<{ challengeId: string; options: never }>(
      baseUrl,
      '/api/v1/me/passkeys/options',
      candidate.accessToken,
      {},
      200,
    );
    const response = authenticator.createCredential(start.options, origin);
    await post(
      baseUrl,
      '/api/v1/me/passkeys',
      candidate.accessToken,
      { challengeId: start.challengeId, response, label: 'Bench laptop' },
      201,
    );
    enrolled.set(candidate.userId, { candidate, authenticator });
  });
  send({ kind: 'enrolled', count: enrolled.size });
}

/** Connects to a namespace over websocket only; resolves once connected (or with the first event asked for). */
function connect(url: string, auth: Record<string, unknown>): Socket {
  return io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
}

/** Emits with an acknowledgement; a timeout is a refusal with code "timeout". */
async function emitTimed(socket: Socket, event: string, body: unknown): Promise<[Reply, number]> {
  const started = performance.now();
  try {
    const reply = (await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, body)) as Reply;
    return [reply, performance.now() - started];
  } catch {
    return [
      { ok: false, error: { code: 'timeout', message: 'no acknowledgement' } },
      performance.now() - started,
    ];
  }
}

/** The baseline: as many sockets as candidates, each sending answer-shaped messages to an echo namespace. */
async function baseline(message: Extract<ToCandidates, { kind: 'baseline' }>) {
  const acks: Timed[] = [];
  let errors = 0;
  const until = clock() + message.durationMs;
  const body = { epoch: 1, seq: 1, position: 1, answer: { optionId: 'b' }, timeOnItemMs: 1200 };
  await Promise.all(
    Array.from({ length: message.sockets }, async () => {
      const socket = connect(`${message.baseUrl}${message.namespace}`, {});
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      while (clock() < until) {
        await think(message.thinkMs);
        const sentAt = clock();
        const [reply, ms] = await emitTimed(socket, 'answer', body);
        if (reply.ok) acks.push([sentAt, ms]);
        else errors++;
      }
      socket.disconnect();
    }),
  );
  send({ kind: 'baseline-done', acks, errors });
}

/** How long a candidate waits for the result of a submitted exam before the attempt counts as an error. */
const RESULT_TIMEOUT_MS = 30_000;

/**
 * The result of a submitted attempt, as the player gets it: the server tells the attempt's windows, with the
 * scored attempt (listened for since the connection opened, in `told`).
 */
async function resultOf(told: Promise<AttemptView | undefined>): Promise<AttemptView> {
  const timedOut = sleep(RESULT_TIMEOUT_MS).then(() => {
    throw new Error('no result within 30 s of the last answer');
  });
  const attempt = await Promise.race([told, timedOut]);
  if (attempt?.status !== 'scored') throw new Error(`told of a change, with ${attempt?.status ?? 'nothing'}`);
  return attempt;
}

/** Waits for the view the server sends on connecting (or its refusal). */
function openedView(socket: Socket): Promise<AttemptView> {
  return new Promise((resolve, reject) => {
    socket.once('attempt', (view: AttemptView) => resolve(view));
    socket.once('refused', (error: { code: string; message: string }) =>
      reject(new Error(`refused: ${error.code} ${error.message}`)),
    );
    socket.once('connect_error', (error: Error) => reject(error));
  });
}

interface RunContext {
  readonly message: Extract<ToCandidates, { kind: 'run' }>;
  readonly byStem: ReadonlyMap<string, ItemKey>;
  readonly answers: TimedAnswer[];
  readonly checkInMs: number[];
  readonly resultMs: number[];
  retries: number;
}

/** Picks the answer a simulee at θ gives: right with probability P(θ) (0.5 for an uncalibrated item). */
function answerOf(key: ItemKey, theta: number, rng: Rng): { answer: Record<string, unknown>; right: 0 | 1 } {
  const p = key.params ? probability(theta, key.params) : 0.5;
  return rng.next() < p ? { answer: key.right, right: 1 } : { answer: key.wrong, right: 0 };
}

/** One examinee: check in with the passkey, start, sit the exam over the socket to the end. */
async function sit(
  ctx: RunContext,
  examinee: { candidate: BenchCandidate; authenticator: SoftAuthenticator },
  onFirstAnswer: () => void,
): Promise<SatAttempt> {
  const { message } = ctx;
  const { candidate, authenticator } = examinee;
  const token = candidate.accessToken;
  const cert = `/api/v1/certifications/${message.certificationId}`;
  const acked: Array<[number, number, 0 | 1]> = [];
  let attemptId = '';
  let status = 'none';
  const rng = seededRng(candidate.seed);
  let socket: Socket | undefined;
  try {
    const checkInStarted = performance.now();
    const options = await post<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }>(
      message.baseUrl,
      `${cert}/check-in/options`,
      token,
      {},
      200,
    );
    const assertion = authenticator.getAssertion(options.options, message.origin);
    const checkedIn = await post<{ attempt: AttemptView }>(
      message.baseUrl,
      `${cert}/attempts`,
      token,
      { challengeId: options.challengeId, response: assertion },
      201,
    );
    attemptId = checkedIn.attempt.id;
    const started = await post<{ attempt: AttemptView; attemptToken: string }>(
      message.baseUrl,
      `/api/v1/attempts/${attemptId}/start`,
      token,
      {},
      200,
    );
    ctx.checkInMs.push(performance.now() - checkInStarted);
    socket = connect(`${message.baseUrl}/attempt`, { token: started.attemptToken });
    const connected = socket;
    const told = new Promise<AttemptView | undefined>((resolve) => connected.once('changed', resolve));
    let view = await openedView(socket);
    let lastSentAt = 0;
    status = view.status;
    let seq = view.lastSeq;
    while (view.status === 'in_progress' && view.current) {
      const key = ctx.byStem.get(view.current.item.stem);
      if (!key) throw new Error(`an item the load generator does not know: ${view.current.item.stem}`);
      const thinkStarted = performance.now();
      await think(message.thinkMs);
      const { answer, right } = answerOf(key, candidate.theta, rng);
      seq += 1;
      const body = {
        epoch: view.epoch,
        seq,
        position: view.current.position,
        answer,
        timeOnItemMs: Math.round(performance.now() - thinkStarted),
      };
      let reply: Reply | undefined;
      for (let tries = 1; ; tries++) {
        const sentAt = clock();
        lastSentAt = sentAt;
        const [got, ms] = await emitTimed(socket, 'answer', body);
        if (got.ok) {
          if (acked.length === 0) onFirstAnswer();
          ctx.answers.push([sentAt, ms, (got as { attempt: AttemptView }).attempt.status !== 'in_progress']);
          reply = got;
          break;
        }
        if (!RETRYABLE.has(got.error.code) || tries >= MAX_TRIES)
          throw new Error(`answer ${seq} refused: ${got.error.code} ${got.error.message}`);
        ctx.retries++;
        await sleep(100 * tries);
      }
      acked.push([seq, body.position, right]);
      view = reply.attempt;
      status = view.status;
    }
    if (view.status === 'submitted') {
      view = await resultOf(told);
      ctx.resultMs.push(clock() - lastSentAt);
      status = view.status;
    }
    return { attemptId, userId: candidate.userId, theta: candidate.theta, acked, status, error: null };
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return { attemptId, userId: candidate.userId, theta: candidate.theta, acked, status, error: text };
  } finally {
    socket?.disconnect();
  }
}

/** Seats the examinees on `slots` concurrent seats; each seat takes the next examinee when one finishes. */
async function run(message: Extract<ToCandidates, { kind: 'run' }>) {
  const ctx: RunContext = {
    message,
    byStem: new Map(message.items.map((item) => [item.stem, item])),
    answers: [],
    checkInMs: [],
    resultMs: [],
    retries: 0,
  };
  const queue = [...enrolled.values()];
  const attempts: SatAttempt[] = [];
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const slots: SlotTimes[] = await Promise.all(
    Array.from({ length: message.slots }, async () => {
      await sleep(Math.random() * message.rampMs);
      let firstAnswerAt = Number.NaN;
      for (let examinee = queue.shift(); examinee; examinee = queue.shift()) {
        attempts.push(
          await sit(ctx, examinee, () => {
            if (Number.isNaN(firstAnswerAt)) firstAnswerAt = clock();
          }),
        );
      }
      return { firstAnswerAt, idleAt: clock() };
    }),
  );
  const cpu = process.cpuUsage(cpuStart);
  send({
    kind: 'run-done',
    answers: ctx.answers,
    attempts,
    slots,
    checkInMs: ctx.checkInMs,
    resultMs: ctx.resultMs,
    retries: ctx.retries,
    cpuMs: (cpu.user + cpu.system) / 1000,
    wallMs: performance.now() - wallStart,
  });
}

process.on('message', (message: ToCandidates) => {
  const work =
    message.kind === 'enrol'
      ? enrol(message.baseUrl, message.origin, message.candidates)
      : message.kind === 'baseline'
        ? baseline(message)
        : message.kind === 'run'
          ? run(message)
          : Promise.resolve(process.disconnect());
  work.catch((error: unknown) =>
    send({
      kind: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }),
  );
});
