/**
 * A candidate's moves on a running attempt written without a lock or a transaction, together (group commit):
 * exam answers, and the moves around them that change only the attempt (beginning it, taking it over in a
 * window). Every move is one conditional statement (see `writeAttemptMove`); under load, moves that arrive while
 * earlier ones are being written wait for the next statement and go in it together, one row each, instead of
 * queueing for connections one by one. A batch is one statement, so it commits as one, but each move's conditions
 * are checked on its own row: a move whose attempt changed since it was read is left out (its caller decides it
 * again under the row lock) while the others are written. Nothing waits for a timer: with nothing in flight a
 * move is written at once, so a quiet exam pays nothing.
 */
import { channel } from 'node:diagnostics_channel';
import type { AuditEvent } from './audit-chain.js';
import { stagedAudit } from './audit-chain.js';
import type { Db } from './database.js';
import { parameterList, runPrepared, sqlTypesOf } from './raw-rows.js';
import type { AttemptResponseRow, AttemptRow } from './repositories/attempts.js';
import { attemptResponses, attempts, auditStaged } from './schema.js';

/**
 * One move to write: the attempt's patch, the row it was decided on, and with it an answer's log entry and an
 * audit entry when it has them.
 */
export interface AttemptMove {
  readonly read: Pick<
    AttemptRow,
    'tenantId' | 'id' | 'status' | 'epoch' | 'lastSeq' | 'version' | 'candidateId'
  >;
  readonly patch: Partial<Omit<AttemptRow, 'tenantId' | 'id' | 'createdAt' | 'version'>>;
  readonly response?: AttemptResponseRow;
  readonly audit?: AuditEvent;
}

/**
 * SQL that is true while the account `user` of `tenant` is active with the candidate role (false when there is no
 * such account). A scalar subquery on purpose: an `exists` here is planned as a semi-join, which PostgreSQL may
 * run as a scan of every user of the database per statement (it did, on tables not yet analysed: an answer cost
 * a scan of all accounts); a scalar subquery is always looked up by the key, row by row.
 */
export const activeCandidate = (tenant: string, user: string) =>
  `coalesce((select u.status = 'active' and 'candidate' = any(u.roles) from users u
    where u.tenant_id = ${tenant} and u.id = ${user}), false)`;

/** Moves one statement writes at most. */
const MAX_BATCH = 32;
/** Statements of up to this many moves are kept prepared on each connection. */
const PREPARED_BATCH = 8;
/**
 * Statements a node runs at once; later moves wait to go in the next one (the pool serves the rest). Two rather
 * than four: fewer, fuller statements (bench:delivery at 250 candidates, five paired runs: 3-17 % more answers a
 * second at the same or a lower p99; one at a time raised the p99 by half).
 */
const MAX_IN_FLIGHT = 2;

/** A move's columns: which fields it writes decides the statement's text (its shape). */
interface Encoded {
  readonly shape: string;
  readonly set: ReturnType<typeof parameterList>;
  readonly logged: ReturnType<typeof parameterList> | undefined;
  readonly staged: ReturnType<typeof parameterList> | undefined;
}

function encode(move: AttemptMove): Encoded {
  const set = parameterList(attempts, move.patch, 1);
  const logged = move.response ? parameterList(attemptResponses, move.response, 1) : undefined;
  const staged = move.audit ? parameterList(auditStaged, stagedAudit(move.audit), 1) : undefined;
  const shape = [set.names, logged?.names ?? [], staged?.names ?? []]
    .map((names) => names.join(','))
    .join('|');
  return { shape, set, logged, staged };
}

/** The columns of the row a move was decided on, as the statement compares them. */
const READ_COLUMNS = [
  ['tenant_id', 'uuid'],
  ['id', 'uuid'],
  ['status', attempts.status.getSQLType()],
  ['epoch', attempts.epoch.getSQLType()],
  ['last_seq', attempts.lastSeq.getSQLType()],
  ['version', attempts.version.getSQLType()],
  ['candidate_id', 'uuid'],
] as const;

const texts = new Map<string, string>();

/**
 * The statement for `rows` moves of one shape: the moves as a `values` list (`n` numbers them), the attempts each
 * changed only if still exactly the row read (its version, status, window and last sequence number) and its
 * candidate's account active with the candidate role; a log entry and an audit entry, when the shape has them,
 * for each attempt changed; the numbers and new versions of the moves written.
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
    ...(logged ? sqlTypesOf(attemptResponses, logged.names) : []),
    ...(staged ? sqlTypesOf(auditStaged, staged.names) : []),
  ];
  const setAt = 1 + READ_COLUMNS.length;
  const loggedAt = setAt + set.names.length;
  const stagedAt = loggedAt + (logged?.names.length ?? 0);
  const column = (i: number) => `c${i}`;
  const valuesRows = Array.from(
    { length: rows },
    (_, row) => `(${types.map((type, i) => `$${row * types.length + i + 1}::${type}`).join(', ')})`,
  );
  const from = (names: string[], at: number) => names.map((_, i) => `v.${column(at + i)}`).join(', ');
  const insert = (name: string, table: string, names: string[], at: number) => `, ${name} as (
      insert into ${table} (${names.join(', ')})
      select ${from(names, at)} from v join moved on moved.n = v.c0
      returning 1)`;
  text = `with v (${types.map((_, i) => column(i)).join(', ')}) as (values ${valuesRows.join(', ')}),
    moved as (
      update attempts a set ${set.names.map((name, i) => `${name} = v.${column(setAt + i)}`).join(', ')}
      from v
      where a.tenant_id = v.c1 and a.id = v.c2 and a.status = v.c3 and a.epoch = v.c4
        and a.last_seq = v.c5 and a.version = v.c6
        and ${activeCandidate('v.c1', 'v.c7')}
      returning v.c0 as n, a.version)${logged ? insert('logged', 'attempt_responses', logged.names, loggedAt) : ''}${
        staged ? insert('audited', 'audit_staged', staged.names, stagedAt) : ''
      }
    select n, version from moved`;
  texts.set(key, text);
  return text;
}

/**
 * Each statement as it is sent, `{ moves, answers, text, values }` (answers: how many of its moves log an answer,
 * all of them or none), for bench:delivery and tests.
 */
export const attemptMovesChannel = 'certamen:attempt-moves';
const statementsSent = channel(attemptMovesChannel);

/** Writes moves of one shape (no two of one attempt) in one statement: each one's new version, if written. */
async function writeTogether(db: Db, batch: readonly Pending[]): Promise<Map<number, number>> {
  const values: unknown[] = [];
  batch.forEach(({ move, encoded }, n) => {
    const { read } = move;
    values.push(n, read.tenantId, read.id, read.status, read.epoch, read.lastSeq, read.version);
    values.push(read.candidateId, ...encoded.set.values);
    if (encoded.logged) values.push(...encoded.logged.values);
    if (encoded.staged) values.push(...encoded.staged.values);
  });
  const first = batch[0] as Pending;
  const text = statementText(first.encoded, batch.length);
  if (statementsSent.hasSubscribers) {
    const answers = first.encoded.logged ? batch.length : 0;
    statementsSent.publish({ moves: batch.length, answers, text, values });
  }
  // Each connection keeps the common sizes prepared; a rare larger burst is parsed afresh rather than adding
  // to every connection's prepared statements.
  const rows = await runPrepared(db, text, values, batch.length <= PREPARED_BATCH);
  return new Map(rows.map((row) => [Number(row.n), Number(row.version)]));
}

interface Pending {
  readonly move: AttemptMove;
  readonly encoded: Encoded;
  resolve(version: number | undefined): void;
  reject(error: unknown): void;
}

/** A database's writer of moves: they queue while MAX_IN_FLIGHT statements run, then go together. */
class MoveWriter {
  private queue: Pending[] = [];
  private inFlight = 0;

  constructor(private readonly db: Db) {}

  write(move: AttemptMove): Promise<number | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ move, encoded: encode(move), resolve, reject });
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

  /** The oldest move and those queued after it of its shape, one per attempt (another waits its turn). */
  private take(): Pending[] {
    const shape = (this.queue[0] as Pending).encoded.shape;
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const attemptIds = new Set<string>();
    for (const pending of this.queue) {
      const attemptId = pending.move.read.id;
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
      // One move's failure must not fail the others: each is written again on its own.
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

const writers = new WeakMap<Db, MoveWriter>();

/**
 * Applies the attempt's patch in one statement, with the answer's log entry and the audit entry when the move
 * has them (the audit entry linked into the chain as it commits), only if the attempt is still exactly the row
 * `read` (its version, which the database moves on with every change of the row, its status, window and last
 * sequence number), and only while `candidateId`'s account is active with the candidate role. Moves arriving
 * together share the statement. Resolves with the row's new version, or undefined, having written nothing, when
 * any of that no longer holds; the caller then decides again under the row lock.
 */
export function writeAttemptMove(db: Db, move: AttemptMove): Promise<number | undefined> {
  let writer = writers.get(db);
  if (!writer) {
    writer = new MoveWriter(db);
    writers.set(db, writer);
  }
  return writer.write(move);
}
