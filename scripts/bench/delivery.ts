/**
 * Exam delivery benchmark: simulated candidates sit the demo tenant's adaptive exam (ACP-A) on the real server
 * over the /attempt socket, and we measure answers per second, the answer round trip (emit → acknowledgement with
 * the next question) next to a bare socket.io acknowledgement on the same server, the CAT decision time per step,
 * lost and duplicated answers, the server's CPU and memory, and how well the live exam recovers the simulated
 * examinees' θ compared with the simulator on the same blueprint and bank.
 *
 *   npm run bench:delivery
 *   npm run bench:delivery -- --json --candidates 250 --examinees 500 --think-ms 150
 *   DATABASE_URL=postgres://user@host:5432/postgres npm run bench:delivery   # another PostgreSQL server
 *   npm run bench:delivery -- --cpu-profile /tmp/server.cpuprofile          # the server's main thread over the exams
 *   npm run bench:delivery -- --timeline --ramp-ms 5000 --examinees 1000      # second by second, seats spread out
 *
 * A fresh database bench_delivery_<random> is made on PostgreSQL (DATABASE_URL's server, else
 * postgres://postgres@127.0.0.1:5432) and dropped at the end. The server runs in this process (startServer, the
 * demo seeded); the candidates run in forked processes (--workers), so the load does not share the server's event
 * loop. Each of --examinees accounts enrols a passkey through the API (soft authenticator), then --candidates seats
 * sit exams concurrently, one account after another: check in with the passkey assertion, start, answer every
 * question after a think time of about --think-ms (uniform 0.5–1.5 ×), right with probability P(θ) at the
 * examinee's true θ ~ N(0, 1). Throughput and latency are taken over the steady phase: from the moment every seat
 * has answered once until the first seat finds nobody left to seat.
 *
 * CAT decision time is measured inside the server: the diagnostics channel of server/app/delivery/cat-timing.ts
 * times θ re-estimation after an answer plus the choice of the next question (or the decision to stop).
 * With --json the last stdout line is one JSON object.
 */
import { type ChildProcess, fork } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import fs from 'node:fs/promises';
import inspector from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import pino from 'pino';
import { type CatTiming, catTimingChannel } from '../../server/app/delivery/cat-timing.js';
import { type ExamBank, examBank } from '../../server/app/delivery/exam-bank.js';
import { loadConfig } from '../../server/config.js';
import { simulateBlueprint } from '../../server/domain/assessment/simulate-blueprint.js';
import { normal, seededRng } from '../../server/domain/psychometrics/rng.js';
import { runSimulationStudy } from '../../server/domain/psychometrics/simulation.js';
import { type RunningServer, startServer } from '../../server/main.js';
import { attemptMovesChannel } from '../../server/persistence/attempt-moves.js';
import { listCertifications } from '../../server/persistence/repositories/certifications.js';
import { findTenantBySlug } from '../../server/persistence/repositories/tenants.js';
import { insertUser } from '../../server/persistence/repositories/users.js';
import { itemKey, quantile } from './delivery-answers.js';
import type {
  BenchCandidate,
  FromCandidates,
  SatAttempt,
  Timed,
  TimedAnswer,
  ToCandidates,
} from './delivery-protocol.js';
import { type PoolGauge, sampleResources } from './delivery-resources.js';
import { createPostgresBenchDatabase, positiveInt } from './load.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ECHO_NAMESPACE = '/bench-ack';

function readOptions() {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      // At a think time of 150 ms, about the number of seats that offers the target's 1,000 answers a second once
      // their check-ins and result waits are counted.
      candidates: { type: 'string', default: '250' },
      examinees: { type: 'string' },
      'think-ms': { type: 'string', default: '150' },
      'ramp-ms': { type: 'string', default: '2000' },
      'baseline-sec': { type: 'string', default: '5' },
      workers: { type: 'string', default: '1' },
      seed: { type: 'string', default: '1' },
      'sim-examinees': { type: 'string', default: '2000' },
      // Where to write a CPU profile of the server's main thread over the exams (the run phase only).
      'cpu-profile': { type: 'string' },
      // Answers per second and their round trips second by second over the steady phase.
      timeline: { type: 'boolean', default: false },
    },
  });
  const candidates = positiveInt(values.candidates, 'candidates');
  const options = {
    json: values.json,
    candidates,
    examinees: positiveInt(values.examinees ?? String(Math.max(300, 2 * candidates)), 'examinees'),
    thinkMs: positiveInt(values['think-ms'], 'think-ms'),
    rampMs: positiveInt(values['ramp-ms'], 'ramp-ms'),
    baselineMs: 1000 * positiveInt(values['baseline-sec'], 'baseline-sec'),
    workers: positiveInt(values.workers, 'workers'),
    seed: positiveInt(values.seed, 'seed'),
    simExaminees: positiveInt(values['sim-examinees'], 'sim-examinees'),
    cpuProfile: values['cpu-profile'],
    timeline: values.timeline,
  };
  if (options.examinees < options.candidates)
    throw new Error('--examinees must be at least --candidates (every seat sits at least one exam)');
  return options;
}
type Options = ReturnType<typeof readOptions>;

/** A CPU profile of this process's main thread (the server's event loop), from now until `stop` writes it. */
async function startProfiler(file: string) {
  const session = new inspector.Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      await fs.writeFile(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** The demo's adaptive certification, its delivery bank, and the load generator's key to every item. */
async function demoProgramme(server: RunningServer) {
  const db = server.database.db;
  const tenant = await findTenantBySlug(db, 'acme');
  if (!tenant) throw new Error('the demo tenant "acme" was not seeded');
  const certification = (await listCertifications(db, tenant.id)).find((c) => c.code === 'ACP-A');
  if (!certification?.blueprintVersion) throw new Error('the demo has no published ACP-A exam');
  const bank = await examBank(db, tenant.id, certification.id, certification.blueprintVersion);
  if (!bank.cat) throw new Error('ACP-A is not adaptive');
  const items = [...bank.items.values()].map((item) => itemKey(item.content, item.params));
  if (new Set(items.map((i) => i.stem)).size !== items.length)
    throw new Error('two items of the pool share a stem: the load generator could not tell them apart');
  return { tenant, certification, bank, items };
}

/** Makes the candidate accounts (θ and answer seed each) with an access token, as a sign-in would issue. */
async function makeCandidates(server: RunningServer, tenantId: string, options: Options) {
  const { deps } = server;
  const passwordHash = await deps.passwords.hash('bench-delivery-password');
  const rng = seededRng(options.seed);
  const now = deps.clock.now();
  const made: BenchCandidate[] = [];
  for (let i = 0; i < options.examinees; i++) {
    const userId = crypto.randomUUID();
    await insertUser(deps.db, {
      tenantId,
      id: userId,
      email: `bench-candidate-${i}@acme.test`,
      displayName: `Bench Candidate ${i}`,
      passwordHash,
      roles: ['candidate'],
      status: 'active',
      emailVerifiedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    const accessToken = deps.tokens.issueAccessToken(
      { userId, tenantId, tenantSlug: 'acme', roles: ['candidate'] },
      now,
    );
    made.push({ userId, accessToken, theta: normal(rng), seed: (options.seed * 1_000_003 + i) >>> 0 });
  }
  return made;
}

/** A forked candidate process and a way to send it one order and wait for its report. */
function forkCandidates() {
  const child: ChildProcess = fork(path.join(HERE, 'delivery-candidates.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ask = <K extends FromCandidates['kind']>(order: ToCandidates, kind: K) =>
    new Promise<Extract<FromCandidates, { kind: K }>>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`a candidate process exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (reply: FromCandidates) => {
        child.off('exit', onExit);
        if (reply.kind === kind) resolve(reply as Extract<FromCandidates, { kind: K }>);
        else reject(new Error(reply.kind === 'failed' ? reply.message : `unexpected ${reply.kind}`));
      });
      child.send(order);
    });
  return { child, ask };
}

/** Splits `total` into `parts` near-equal whole shares. */
const shares = (total: number, parts: number) =>
  Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));

/** The answers acknowledged in each second of [from, to): how many, and their round trips' p50 and p99. */
function timeline(answers: readonly TimedAnswer[], from: number, to: number) {
  const seconds = Array.from({ length: Math.ceil((to - from) / 1000) }, () => [] as number[]);
  for (const [at, rtt] of answers) seconds[Math.floor((at + rtt - from) / 1000)]?.push(rtt);
  return seconds.map((trips, second) => {
    trips.sort((a, b) => a - b);
    return {
      second,
      answers: trips.length,
      p50Ms: ms(quantile(trips, 0.5)),
      p99Ms: ms(quantile(trips, 0.99)),
    };
  });
}

/** Round trips of the acknowledgements sent in [from, to], ascending. */
const roundTrips = (acks: readonly (Timed | TimedAnswer)[], from: number, to: number) =>
  acks
    .filter(([sentAt]) => sentAt >= from && sentAt <= to)
    .map(([, ms]) => ms)
    .sort((a, b) => a - b);

/** What the database holds after the run, checked against what the candidates were acknowledged. */
async function checkStored(url: string, tenantId: string, sat: readonly SatAttempt[]) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const responses = await client.query<{
      attempt_id: string;
      seq: number;
      position: number;
      score: number;
    }>('select attempt_id, seq, position, score from attempt_responses where tenant_id = $1', [tenantId]);
    const results = await client.query<{ id: string; status: string; theta: number | null }>(
      `select a.id, a.status, r.theta from attempts a
         left join attempt_results r on r.tenant_id = a.tenant_id and r.attempt_id = a.id
        where a.tenant_id = $1`,
      [tenantId],
    );
    const stored = new Map<string, { seq: number; position: number; score: number }[]>();
    for (const row of responses.rows) {
      const list = stored.get(row.attempt_id) ?? [];
      list.push(row);
      stored.set(row.attempt_id, list);
    }
    const finals = new Map(results.rows.map((r) => [r.id, r]));
    let lost = 0;
    let duplicated = 0;
    let unacknowledgedStored = 0;
    let withGap = 0;
    let scoreMismatches = 0;
    for (const attempt of sat) {
      const rows = stored.get(attempt.attemptId) ?? [];
      const bySeq = new Map(rows.map((r) => [r.seq, r]));
      const acked = new Set(attempt.acked.map(([seq]) => seq));
      for (const [seq, , right] of attempt.acked) {
        const row = bySeq.get(seq);
        if (!row) lost++;
        else if (row.score !== right) scoreMismatches++;
      }
      duplicated += rows.length - new Set(rows.map((r) => r.position)).size;
      unacknowledgedStored += rows.filter((r) => !acked.has(r.seq)).length;
      const seqs = rows.map((r) => r.seq).sort((a, b) => a - b);
      const positions = rows.map((r) => r.position).sort((a, b) => a - b);
      if (seqs.some((s, i) => s !== i + 1) || positions.some((p, i) => p !== i + 1)) withGap++;
    }
    const scored = sat.filter((a) => finals.get(a.attemptId)?.status === 'scored' && a.error === null);
    const pairs = scored
      .map((a) => [finals.get(a.attemptId)?.theta, a.theta] as const)
      .filter((p): p is readonly [number, number] => typeof p[0] === 'number');
    const rmse = Math.sqrt(pairs.reduce((s, [hat, truth]) => s + (hat - truth) ** 2, 0) / pairs.length);
    return {
      lost,
      duplicated,
      unacknowledgedStored,
      withGap,
      scoreMismatches,
      scored: scored.length,
      rmse,
      liveThetas: pairs.map(([, truth]) => truth),
    };
  } finally {
    await client.end();
  }
}

/** θ recovery of the pure simulator on the same blueprint and bank: its own N(0, 1) draw, and the live θs. */
function simulatorRmse(bank: ExamBank, liveThetas: readonly number[], options: Options) {
  const cat = bank.cat as NonNullable<ExamBank['cat']>;
  const items = [...bank.items.values()]
    .filter((item) => !item.pretest && item.params !== null)
    .map((item) => ({
      id: item.itemId,
      domain: item.domain,
      params: item.params as NonNullable<typeof item.params>,
    }));
  const timer = () => performance.now();
  const study = simulateBlueprint(
    { blueprint: bank.blueprint, items, examinees: options.simExaminees, population: { mean: 0, sd: 1 } },
    seededRng(options.seed),
    timer,
  );
  if (!study.ran) throw new Error(`the simulator cannot run ACP-A: ${study.reason}`);
  const scoring = bank.blueprint.scoring;
  const paired = runSimulationStudy({
    bank: cat.bank,
    config: cat.config,
    thetas: liveThetas,
    ...(scoring.method === 'theta' ? { cutTheta: scoring.cutTheta } : {}),
    rng: seededRng(options.seed + 1),
    timer,
  });
  return { rmse: study.result.rmse, meanLength: study.result.meanLength, sameThetasRmse: paired.rmse };
}

const ms = (x: number) => (Number.isFinite(x) ? Number(x.toFixed(2)) : null);

async function main(): Promise<void> {
  const options = readOptions();
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const bench = await createPostgresBenchDatabase(serverUrl, 'bench_delivery');
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'certamen-bench-delivery-'));
  const workers: ReturnType<typeof forkCandidates>[] = [];
  let server: RunningServer | undefined;
  try {
    const config = loadConfig({
      PORT: '0',
      NODE_ENV: 'test',
      LOG_LEVEL: 'error',
      SEED_DEMO: 'true',
      DATA_DIR: dataDir,
      DATABASE_URL: bench.url,
    });
    server = await startServer(config, {
      database: bench.database,
      logger: pino({ level: 'error' }, pino.destination(2)),
    });
    const { port } = server.httpServer.address() as { port: number };
    const baseUrl = `http://127.0.0.1:${port}`;
    const origin = server.url;
    const pool = (server.database.db as unknown as { $client?: PoolGauge }).$client;
    const programme = await demoProgramme(server);
    const candidates = await makeCandidates(server, programme.tenant.id, options);

    // The baseline: a namespace on the same socket.io server that acknowledges at once.
    server.io.of(ECHO_NAMESPACE).on('connection', (socket) => {
      socket.on('answer', (_body: unknown, ack: unknown) => {
        if (typeof ack === 'function') ack({ ok: true });
      });
    });

    const seats = shares(options.candidates, options.workers);
    for (let w = 0; w < options.workers; w++) workers.push(forkCandidates());
    await Promise.all(
      workers.map((worker, w) =>
        worker.ask(
          {
            kind: 'enrol',
            baseUrl,
            origin,
            candidates: candidates.filter((_, i) => i % options.workers === w),
          },
          'enrolled',
        ),
      ),
    );

    const baselineStarted = performance.timeOrigin + performance.now();
    const baseline = await Promise.all(
      workers.map((worker, w) =>
        worker.ask(
          {
            kind: 'baseline',
            baseUrl,
            namespace: ECHO_NAMESPACE,
            sockets: seats[w] as number,
            durationMs: options.baselineMs,
            thinkMs: options.thinkMs,
          },
          'baseline-done',
        ),
      ),
    );

    const catSteps: number[] = [];
    const estimating = new Map<string, number>();
    const onCat = (message: unknown) => {
      const timing = message as CatTiming;
      if (timing.step === 'estimate') estimating.set(timing.attemptId, timing.ms);
      else {
        catSteps.push((estimating.get(timing.attemptId) ?? 0) + timing.ms);
        estimating.delete(timing.attemptId);
      }
    };
    catTimingChannel.subscribe(onCat);
    // How many answers each answer statement carried (answers arriving together share one, see attempt-moves.ts).
    const answerStatements: number[] = [];
    const onAnswerStatement = (message: unknown) => {
      const { answers } = message as { answers: number };
      if (answers > 0) answerStatements.push(answers);
    };
    diagnostics.subscribe(attemptMovesChannel, onAnswerStatement);
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    const resources = await sampleResources(bench.url, bench.name, pool);
    const profiler = options.cpuProfile ? await startProfiler(options.cpuProfile) : undefined;
    loopDelay.enable();
    const runs = await Promise.all(
      workers.map((worker, w) =>
        worker.ask(
          {
            kind: 'run',
            baseUrl,
            origin,
            certificationId: programme.certification.id,
            slots: seats[w] as number,
            rampMs: options.rampMs,
            thinkMs: options.thinkMs,
            items: programme.items,
          },
          'run-done',
        ),
      ),
    );
    loopDelay.disable();
    await profiler?.stop();
    const usageIn = await resources.stop();
    catTimingChannel.unsubscribe(onCat);
    diagnostics.unsubscribe(attemptMovesChannel, onAnswerStatement);

    // The steady phase: every seat busy, from the last seat's first answer to the first seat left idle.
    const slots = runs.flatMap((r) => r.slots);
    const answers = runs.flatMap((r) => r.answers);
    const attempts = runs.flatMap((r) => r.attempts);
    let from = Math.max(...slots.map((s) => s.firstAnswerAt));
    let to = Math.min(...slots.map((s) => s.idleAt));
    const steady = Number.isFinite(from) && to - from >= 2000;
    if (!steady) {
      from = Math.min(...answers.map(([at]) => at));
      to = Math.max(...answers.map(([at, rtt]) => at + rtt));
    }
    const windowSec = (to - from) / 1000;
    const inWindow = answers.filter(([at, rtt]) => at + rtt >= from && at + rtt <= to).length;
    const answerTrips = roundTrips(answers, from, to);
    // The answers that ended an exam submit it (scoring, and a pass's credential, PDF and e-mail, follow in their
    // own transaction): shown apart, as well as in the whole.
    const finalTrips = roundTrips(
      answers.filter(([, , ended]) => ended),
      from,
      to,
    );
    const otherTrips = roundTrips(
      answers.filter(([, , ended]) => !ended),
      from,
      to,
    );
    const baselineAcks = baseline.flatMap((b) => b.acks);
    // The first second of the baseline connects and settles; it is left out as the answers' ramp is.
    const baselineTrips = roundTrips(baselineAcks, baselineStarted + 1000, Number.POSITIVE_INFINITY);
    const baselineSec = (options.baselineMs - 1000) / 1000;
    const usage = usageIn(from, to);
    const stored = await checkStored(bench.url, programme.tenant.id, attempts);
    const simulator = simulatorRmse(programme.bank, stored.liveThetas, options);
    catSteps.sort((a, b) => a - b);
    const errors = attempts.filter((a) => a.error !== null);
    const loadCpuPercent =
      (100 * runs.reduce((s, r) => s + r.cpuMs, 0)) / Math.max(...runs.map((r) => r.wallMs));
    const checkIns = runs.flatMap((r) => r.checkInMs).sort((a, b) => a - b);
    const results = runs.flatMap((r) => r.resultMs).sort((a, b) => a - b);

    const figures = {
      answersPerSec: Number((inWindow / windowSec).toFixed(1)),
      answerP50Ms: ms(quantile(answerTrips, 0.5)),
      answerP99Ms: ms(quantile(answerTrips, 0.99)),
      answerMaxMs: ms(answerTrips.at(-1) ?? Number.NaN),
      otherAnswerP50Ms: ms(quantile(otherTrips, 0.5)),
      otherAnswerP99Ms: ms(quantile(otherTrips, 0.99)),
      finalAnswerP50Ms: ms(quantile(finalTrips, 0.5)),
      finalAnswerP99Ms: ms(quantile(finalTrips, 0.99)),
      baselineAckP50Ms: ms(quantile(baselineTrips, 0.5)),
      baselineAckP99Ms: ms(quantile(baselineTrips, 0.99)),
      baselineAcksPerSec: Number((baselineTrips.length / baselineSec).toFixed(1)),
      lostAnswers: stored.lost,
      duplicatedAnswers: stored.duplicated,
      attemptsWithGap: stored.withGap,
      storedUnacknowledged: stored.unacknowledgedStored,
      scoreMismatches: stored.scoreMismatches,
      candidates: options.candidates,
      examinees: options.examinees,
      attemptsScored: stored.scored,
      attemptErrors: errors.length,
      retries: runs.reduce((s, r) => s + r.retries, 0),
      answers: answers.length,
      thinkMs: options.thinkMs,
      steadyWindowSec: Number(windowSec.toFixed(2)),
      steady,
      checkInP50Ms: ms(quantile(checkIns, 0.5)),
      checkInP99Ms: ms(quantile(checkIns, 0.99)),
      resultP50Ms: ms(quantile(results, 0.5)),
      resultP99Ms: ms(quantile(results, 0.99)),
      catStepMs: ms(catSteps.reduce((s, x) => s + x, 0) / catSteps.length),
      catStepP99Ms: ms(quantile(catSteps, 0.99)),
      catSteps: catSteps.length,
      answersPerStatement: Number(
        (answerStatements.reduce((a, b) => a + b, 0) / Math.max(1, answerStatements.length)).toFixed(2),
      ),
      answerStatementsMaxAnswers: Math.max(0, ...answerStatements),
      serverCpuPercent: Number(usage.serverCpuPercent.toFixed(1)),
      // CPU time per answer (check-ins, starts and scoring included): what the answer rate costs, whatever the
      // machine's other load left this process.
      serverCpuMsPerAnswer: ms((10 * usage.serverCpuPercent * windowSec) / inWindow),
      postgresCpuPercent:
        usage.postgresCpuPercent === null ? null : Number(usage.postgresCpuPercent.toFixed(1)),
      loadGeneratorCpuPercent: Number(loadCpuPercent.toFixed(1)),
      serverRssMb: Number(usage.serverRssMb.toFixed(1)),
      serverRssPeakMb: Number(usage.serverRssPeakMb.toFixed(1)),
      serverEventLoopP99Ms: ms(loopDelay.percentile(99) / 1e6),
      poolWaitingMean: Number(usage.poolWaitingMean.toFixed(1)),
      poolWaitingMax: usage.poolWaitingMax,
      lockWaitingBackendsMean: Number(usage.lockWaitingMean.toFixed(2)),
      auditChainWaitingBackendsMean: Number(usage.chainHeadWaitingMean.toFixed(2)),
      thetaRmse: Number(stored.rmse.toFixed(4)),
      simulatorThetaRmse: Number(simulator.rmse.toFixed(4)),
      rmseRatio: Number((stored.rmse / simulator.rmse).toFixed(3)),
      simulatorSameThetasRmse: Number(simulator.sameThetasRmse.toFixed(4)),
      simulatorExaminees: options.simExaminees,
      database: 'postgres',
    };

    const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
    console.log(
      `${options.candidates} candidates at once, ${options.examinees} examinees (distinct accounts), think ` +
        `${options.thinkMs} ms (uniform 0.5–1.5×), ${options.workers} candidate process(es), database postgres ` +
        `${bench.name}, node ${process.version}, ${os.cpus().length} CPUs`,
    );
    console.log(
      `steady phase ${figures.steadyWindowSec} s${steady ? '' : ' (no steady phase: whole run)'}: ` +
        `${figures.answersPerSec} answers/s (${answers.length} answers in all, ${stored.scored} attempts scored)`,
    );
    console.log('round trip                          p50 ms   p99 ms');
    console.log(
      `answer (emit → ack, next question)  ${String(figures.answerP50Ms).padStart(6)}   ${String(figures.answerP99Ms).padStart(6)}   (max ${figures.answerMaxMs})`,
    );
    console.log(
      `  of which not the last answer     ${String(figures.otherAnswerP50Ms).padStart(6)}   ${String(figures.otherAnswerP99Ms).padStart(6)}`,
    );
    console.log(
      `  the last answer (submits)        ${String(figures.finalAnswerP50Ms).padStart(6)}   ${String(figures.finalAnswerP99Ms).padStart(6)}`,
    );
    console.log(
      `last answer → result in the player  ${String(figures.resultP50Ms).padStart(6)}   ${String(figures.resultP99Ms).padStart(6)}   (scored, credential on a pass)`,
    );
    console.log(
      `bare socket.io ack (same server)    ${String(figures.baselineAckP50Ms).padStart(6)}   ${String(figures.baselineAckP99Ms).padStart(6)}   (${figures.baselineAcksPerSec} acks/s)`,
    );
    console.log(
      `check-in to start (3 REST calls)    ${String(figures.checkInP50Ms).padStart(6)}   ${String(figures.checkInP99Ms).padStart(6)}`,
    );
    console.log(
      `CAT step in the server (estimate + select): mean ${figures.catStepMs} ms, p99 ${figures.catStepP99Ms} ms over ${catSteps.length} steps`,
    );
    console.log(
      `answer statements: ${answerStatements.length}, ${figures.answersPerStatement} answers each on average (at most ${figures.answerStatementsMaxAnswers})`,
    );
    console.log(
      `server: CPU ${figures.serverCpuPercent} % of a core (${figures.serverCpuMsPerAnswer} ms per answer), RSS ${figures.serverRssMb} MB (peak ${figures.serverRssPeakMb}), ` +
        `event-loop delay p99 ${figures.serverEventLoopP99Ms} ms; PostgreSQL backends CPU ${figures.postgresCpuPercent ?? 'n/a'} %; ` +
        `load generator CPU ${figures.loadGeneratorCpuPercent} %`,
    );
    console.log(
      `server's pg pool (${pool?.options?.max ?? '?'} connections): ${figures.poolWaitingMean} requests waiting for a connection on average ` +
        `(max ${figures.poolWaitingMax}); backends waiting for a lock ${figures.lockWaitingBackendsMean} on average ` +
        `(${figures.auditChainWaitingBackendsMean} for the tenant's audit-chain head)`,
    );
    console.log(
      `answers lost ${stored.lost}, duplicated ${stored.duplicated}, attempts with a gap ${stored.withGap}, ` +
        `stored unacknowledged ${stored.unacknowledgedStored}, score ≠ intended ${stored.scoreMismatches}, ` +
        `attempt errors ${errors.length}, retries ${figures.retries}`,
    );
    for (const error of errors.slice(0, 5)) console.log(`  error: ${error.error}`);
    console.log(
      `θ RMSE live ${figures.thetaRmse} (${stored.scored} examinees) vs simulator ${figures.simulatorThetaRmse} ` +
        `(${options.simExaminees} examinees; ${figures.simulatorSameThetasRmse} on the live θs): ratio ${figures.rmseRatio}`,
    );
    console.log(
      `targets: ≥ 1,000 answers/s ${met(figures.answersPerSec >= 1000)}; p99 < 50 ms ${met((figures.answerP99Ms ?? Infinity) < 50)}; ` +
        `0 lost/duplicated ${met(stored.lost === 0 && stored.duplicated === 0 && stored.withGap === 0)}; ` +
        `RMSE within 10 % ${met(Math.abs(figures.rmseRatio - 1) <= 0.1)}`,
    );
    const perSecond = options.timeline ? timeline(answers, from, to) : undefined;
    if (perSecond) {
      console.log('second   answers   p50 ms   p99 ms');
      for (const row of perSecond)
        console.log(
          `${String(row.second).padStart(6)}   ${String(row.answers).padStart(7)}   ${String(row.p50Ms).padStart(6)}   ${String(row.p99Ms).padStart(6)}`,
        );
    }
    if (options.json) console.log(JSON.stringify(perSecond ? { ...figures, timeline: perSecond } : figures));
  } finally {
    for (const worker of workers) {
      if (worker.child.connected) worker.child.send({ kind: 'exit' } satisfies ToCandidates);
      worker.child.kill();
    }
    await server?.close();
    await bench.dispose();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
