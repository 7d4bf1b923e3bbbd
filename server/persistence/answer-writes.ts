/**
 * Exam answers written together (group commit). Every answer is one conditional statement (see
 * `writeAnswer`); under load, answers that arrive while earlier ones are being written wait for the
 * next statement and go in it together, one row each, instead of queueing for connections one by one. A batch is
 * one statement, so it commits as one, but each answer's conditions are checked on its own row: an answer whose
 * attempt moved on is left out (its caller decides it again under the row lock) while the others are written.
 * Nothing waits for a timer: with nothing in flight an answer is written at once, so a quiet exam pays nothing.
 */
import { channel } from 'node:diagnostics_channel';
import type { AuditEvent } from './audit-chain.js';
import { stagedAudit } from './audit-chain.js';
import type { Db } from './database.js';
import { parameterList, runPrepared, sqlTypesOf } from './raw-rows.js';
import type { AttemptResponseRow, AttemptRow } from './repositories/attempts.js';
import { attemptResponses, attempts, auditStaged } from './schema.js';

/** One answer to write: its log entry, the attempt's patch, the row it was decided on, and an audit entry. */
export interface AnswerWrite {
  readonly response: AttemptResponseRow;
  readonly patch: Partial<Omit<AttemptRow, 'tenantId' | 'id' | 'createdAt' | 'version'>>;
  readonly read: Pick<AttemptRow, 'epoch' | 'lastSeq' | 'version' | 'candidateId'>;
  readonly audit?: AuditEvent;
}

/** SQL that is true while the account `user` of `tenant` is active with the candidate role. */
export const activeCandidate = (tenant: string, user: string) =>
  `exists (select 1 from users u where u.tenant_id = ${tenant} and u.id = ${user}
    and u.status = 'active' and 'candidate' = any(u.roles))`;

/** Answers one statement writes at most. */
const MAX_BATCH = 32;
/** Statements of up to this many answers are kept prepared on each connection. */
const PREPARED_BATCH = 8;
/** Answer statements a node runs at once; later answers wait to go in the next one (the pool serves the rest). */
const MAX_IN_FLIGHT = 4;

/** An answer's columns: which fields it writes decides the statement's text (its shape). */
interface Encoded {
  readonly shape: string;
  readonly set: ReturnType<typeof parameterList>;
  readonly logged: ReturnType<typeof parameterList>;
  readonly staged: ReturnType<typeof parameterList> | undefined;
}

function encode(write: AnswerWrite): Encoded {
  const set = parameterList(attempts, write.patch, 1);
  const logged = parameterList(attemptResponses, write.response, 1);
  const staged = write.audit ? parameterList(auditStaged, stagedAudit(write.audit), 1) : undefined;
  const shape = [set.names, logged.names, staged?.names ?? []].map((names) => names.join(',')).join('|');
  return { shape, set, logged, staged };
}

/** The columns of the row an answer was decided on, as the statement compares them. */
const READ_COLUMNS = [
  ['tenant_id', 'uuid'],
  ['id', 'uuid'],
  ['epoch', attempts.epoch.getSQLType()],
  ['last_seq', attempts.lastSeq.getSQLType()],
  ['version', attempts.version.getSQLType()],
  ['candidate_id', 'uuid'],
] as const;

const texts = new Map<string, string>();

/**
 * The statement for `rows` answers of one shape: the answers as a `values` list (`n` numbers them), the
 * attempts each moved on only if still exactly the row read, running, held by the same window and its
 * candidate's account active with the candidate role; a log entry (and the audit entry, when the shape has one)
 * for each attempt moved; the numbers and new versions of the answers written.
 */
function statementText(encoded: Encoded, rows: number): string {
  const key = `${encoded.shape}#${rows}`;
  let text = texts.get(key);
  if (text) return text;
  const { set, logged, staged } = encoded;
  const types = [
    'integer',
    ...READ_COLUMNS.map(([, type]) => type),
    ...sqlTypesOf(attempts, set.names),
    ...sqlTypesOf(attemptResponses, logged.names),
    ...(staged ? sqlTypesOf(auditStaged, staged.names) : []),
  ];
  const setAt = 1 + READ_COLUMNS.length;
  const loggedAt = setAt + set.names.length;
  const stagedAt = loggedAt + logged.names.length;
  const column = (i: number) => `c${i}`;
  const valuesRows = Array.from(
    { length: rows },
    (_, row) => `(${types.map((type, i) => `$${row * types.length + i + 1}::${type}`).join(', ')})`,
  );
  const from = (names: string[], at: number) => names.map((_, i) => `v.${column(at + i)}`).join(', ');
  const audited = staged
    ? `, audited as (
      insert into audit_staged (${staged.names.join(', ')})
      select ${from(staged.names, stagedAt)} from v join moved on moved.n = v.c0
      returning id)`
    : '';
  text = `with v (${types.map((_, i) => column(i)).join(', ')}) as (values ${valuesRows.join(', ')}),
    moved as (
      update attempts a set ${set.names.map((name, i) => `${name} = v.${column(setAt + i)}`).join(', ')}
      from v
      where a.tenant_id = v.c1 and a.id = v.c2 and a.status = 'in_progress' and a.epoch = v.c3
        and a.last_seq = v.c4 and a.version = v.c5
        and ${activeCandidate('v.c1', 'v.c6')}
      returning v.c0 as n, a.version),
    logged as (
      insert into attempt_responses (${logged.names.join(', ')})
      select ${from(logged.names, loggedAt)} from v join moved on moved.n = v.c0
      returning seq)${audited}
    select n, version from moved`;
  texts.set(key, text);
  return text;
}

/** Each answer statement's size, `{ answers }`, published as it is sent (bench:delivery, tests). */
export const answerWritesChannel = 'certamen:answer-writes';
const statementsSent = channel(answerWritesChannel);

/** Writes answers of one shape (no two of one attempt) in one statement: each one's new version, if written. */
async function writeTogether(db: Db, batch: readonly Pending[]): Promise<Map<number, number>> {
  const values: unknown[] = [];
  batch.forEach(({ write, encoded }, n) => {
    const { read, response } = write;
    values.push(n, response.tenantId, response.attemptId, read.epoch, read.lastSeq, read.version);
    values.push(read.candidateId, ...encoded.set.values, ...encoded.logged.values);
    if (encoded.staged) values.push(...encoded.staged.values);
  });
  if (statementsSent.hasSubscribers) statementsSent.publish({ answers: batch.length });
  // Each connection keeps the common sizes prepared; a rare larger burst is parsed afresh rather than adding
  // to every connection's prepared statements.
  const text = statementText((batch[0] as Pending).encoded, batch.length);
  const rows = await runPrepared(db, text, values, batch.length <= PREPARED_BATCH);
  return new Map(rows.map((row) => [Number(row.n), Number(row.version)]));
}

interface Pending {
  readonly write: AnswerWrite;
  readonly encoded: Encoded;
  resolve(version: number | undefined): void;
  reject(error: unknown): void;
}

/** A database's answer writer: answers queue while MAX_IN_FLIGHT statements run, then go together. */
class AnswerWriter {
  private queue: Pending[] = [];
  private inFlight = 0;

  constructor(private readonly db: Db) {}

  write(write: AnswerWrite): Promise<number | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ write, encoded: encode(write), resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.inFlight < MAX_IN_FLIGHT && this.queue.length > 0) {
      const batch = this.take();
      this.inFlight += 1;
      void this.run(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  /** The oldest answer and those queued after it of its shape, one per attempt (another waits its turn). */
  private take(): Pending[] {
    const shape = (this.queue[0] as Pending).encoded.shape;
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const attemptIds = new Set<string>();
    for (const pending of this.queue) {
      const attemptId = pending.write.response.attemptId;
      if (batch.length < MAX_BATCH && pending.encoded.shape === shape && !attemptIds.has(attemptId)) {
        batch.push(pending);
        attemptIds.add(attemptId);
      } else rest.push(pending);
    }
    this.queue = rest;
    return batch;
  }

  private async run(batch: Pending[]): Promise<void> {
    try {
      const versions = await writeTogether(this.db, batch);
      for (const [n, pending] of batch.entries()) pending.resolve(versions.get(n));
    } catch (error) {
      if (batch.length === 1) return (batch[0] as Pending).reject(error);
      // One answer's failure must not fail the others: each is written again on its own.
      await Promise.all(
        batch.map((pending) =>
          writeTogether(this.db, [pending]).then(
            (versions) => pending.resolve(versions.get(0)),
            pending.reject,
          ),
        ),
      );
    }
  }
}

const writers = new WeakMap<Db, AnswerWriter>();

/**
 * Logs an answer and applies the attempt's patch in one statement, only if the attempt is still exactly the row
 * `read` (its version, which the database moves on with every change of the row) and still running, held by the
 * same window, and only while `candidateId`'s account is active with the candidate role; with `audit`, the
 * statement stages that audit entry too (linked into the chain as it commits). Answers arriving together share
 * the statement. Resolves with the row's new version, or undefined, having written nothing, when any of that no
 * longer holds; the caller then decides again under the row lock.
 */
export function writeAnswer(db: Db, write: AnswerWrite): Promise<number | undefined> {
  let writer = writers.get(db);
  if (!writer) {
    writer = new AnswerWriter(db);
    writers.set(db, writer);
  }
  return writer.write(write);
}
