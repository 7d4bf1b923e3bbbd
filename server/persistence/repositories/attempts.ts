import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { MAX_BREAK_MS } from '../../domain/assessment/attempt.js';
import type { Db, Executor } from '../database.js';
import {
  insertStatement,
  rawRows,
  rowFromColumns,
  runPrepared,
  type TableRows,
  selectList,
  selectListText,
  setList,
  updateRows,
} from '../raw-rows.js';
import { activeCandidate } from '../attempt-moves.js';
import { attemptResponses, attemptResults, attempts, certifications, users } from '../schema.js';
import { type CandidateRecord, recordListsOf, recordOf } from './eligibility.js';
import type { UserRow } from './users.js';

/** A stored attempt. */
export type AttemptRow = typeof attempts.$inferSelect;
/** One accepted save of the response log. */
export type AttemptResponseRow = typeof attemptResponses.$inferSelect;
/** A stored result. */
export type AttemptResultRow = typeof attemptResults.$inferSelect;

/** A new attempt as rows to insert; a second live attempt of one candidate at one certification violates a unique index. */
export function attemptRows(row: AttemptRow): TableRows<typeof attempts> {
  return [attempts, [row]];
}

/** The tenant's attempt with that id, locked for update when asked. */
export async function findAttempt(
  ex: Executor,
  tenantId: string,
  id: string,
  forUpdate = false,
): Promise<AttemptRow | undefined> {
  const query = ex
    .select()
    .from(attempts)
    .where(and(eq(attempts.tenantId, tenantId), eq(attempts.id, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/**
 * The tenant's attempts with those ids locked for update (in id order, so two lockers never deadlock), each with
 * its certification, in one round trip: what a change of one attempt, and scoring several at once, read.
 */
export async function lockAttemptsWithCertification(
  ex: Executor,
  tenantId: string,
  ids: readonly string[],
): Promise<AttemptWithCertification[]> {
  if (ids.length === 0) return [];
  const rows = await rawRows(
    ex,
    sql`select ${selectList(attempts, 'a', 'a_')}, ${selectList(certifications, 'c', 'c_')}
        from ${sql.raw(ATTEMPT_WITH_CERTIFICATION)}
        where a.tenant_id = ${tenantId} and a.id in (${sql.join(
          ids.map((id) => sql`${id}`),
          sql`, `,
        )}) order by a.id for update of a`,
  );
  return rows.map(attemptWithCertification);
}

/** An attempt and its certification, read together (columns prefixed `a_` and `c_`). */
interface AttemptWithCertification {
  attempt: AttemptRow;
  certification: typeof certifications.$inferSelect | null;
}

/** The joined row's attempt and certification, as `selectList(attempts, 'a', 'a_')` and its `c_` twin name them. */
function attemptWithCertification(row: Record<string, unknown>): AttemptWithCertification {
  return {
    attempt: rowFromColumns(attempts, row, 'a_'),
    certification: row.c_id === null ? null : rowFromColumns(certifications, row, 'c_'),
  };
}

/** The FROM clause of both: the attempt `a` and its certification `c`. */
const ATTEMPT_WITH_CERTIFICATION = `attempts a
  left join certifications c on c.tenant_id = a.tenant_id and c.id = a.certification_id`;

/**
 * The tenant's attempt with that id locked for update, together with its certification (not locked), in one
 * round trip: the hot path of every answer.
 */
export async function lockAttemptWithCertification(
  ex: Executor,
  tenantId: string,
  id: string,
): Promise<AttemptWithCertification | undefined> {
  const [found] = await lockAttemptsWithCertification(ex, tenantId, [id]);
  return found;
}

let moveReadText: string | undefined;

/**
 * The tenant's attempt with that id (not locked), its certification, and whether the account `userId` is an
 * active candidate now, in one prepared statement: what a candidate's moves without a lock read (an answer, a
 * start, a take-over; see `readOwnAttempt`).
 */
export async function findAttemptForMove(
  db: Db,
  tenantId: string,
  id: string,
  userId: string,
): Promise<(AttemptWithCertification & { activeCandidate: boolean }) | undefined> {
  moveReadText ??= `select ${selectListText(attempts, 'a', 'a_')}, ${selectListText(certifications, 'c', 'c_')},
      ${activeCandidate('a.tenant_id', '$3')} as active_candidate from ${ATTEMPT_WITH_CERTIFICATION}
    where a.tenant_id = $1 and a.id = $2`;
  const [row] = await runPrepared(db, moveReadText, [tenantId, id, userId]);
  return row
    ? { ...attemptWithCertification(row), activeCandidate: row.active_candidate === true }
    : undefined;
}

/** Moves submitted attempts of the tenant to scored (their results are written in the same transaction). */
export async function markScored(
  ex: Executor,
  tenantId: string,
  ids: readonly string[],
  now: Date,
): Promise<void> {
  if (ids.length === 0) return;
  await ex
    .update(attempts)
    .set({ status: 'scored', updatedAt: now })
    .where(and(eq(attempts.tenantId, tenantId), inArray(attempts.id, [...ids])));
}

/** Changes an attempt. */
export async function updateAttempt(
  ex: Executor,
  tenantId: string,
  id: string,
  patch: Partial<Omit<AttemptRow, 'tenantId' | 'id' | 'createdAt'>>,
): Promise<void> {
  await updateRows(ex, attempts, patch, 'tenant_id = $1 and id = $2', [tenantId, id]);
}

/** Moves a live attempt to a new window's epoch; returns the row's new version. */
export async function takeOverAttempt(
  ex: Executor,
  tenantId: string,
  id: string,
  epoch: number,
): Promise<number> {
  const [row] = await runPrepared(
    ex,
    'update attempts set epoch = $1 where tenant_id = $2 and id = $3 returning version',
    [epoch, tenantId, id],
  );
  return Number(row?.version);
}

/** A candidate's attempts, newest first (at one certification when given). */
export async function listCandidateAttempts(
  ex: Executor,
  tenantId: string,
  candidateId: string,
  certificationId?: string,
): Promise<AttemptRow[]> {
  return ex
    .select()
    .from(attempts)
    .where(
      and(
        eq(attempts.tenantId, tenantId),
        eq(attempts.candidateId, candidateId),
        certificationId ? eq(attempts.certificationId, certificationId) : undefined,
      ),
    )
    .orderBy(desc(attempts.checkedInAt));
}

/** Appends to the response log; a sequence number already stored violates the primary key. */
export async function insertResponse(ex: Executor, row: AttemptResponseRow): Promise<void> {
  await ex.execute(insertStatement(attemptResponses, row));
}

/**
 * Logs an answer and writes the attempt's new state in one statement (a data-modifying CTE runs whether or not
 * it is referenced): one round trip on every answer. A sequence number already stored fails the whole statement.
 */
export async function recordAnswer(
  ex: Executor,
  response: AttemptResponseRow,
  patch: Partial<Omit<AttemptRow, 'tenantId' | 'id' | 'createdAt'>>,
): Promise<void> {
  await ex.execute(
    sql`with logged as (${insertStatement(attemptResponses, response)})
        update attempts set ${setList(attempts, patch)}
        where tenant_id = ${response.tenantId} and id = ${response.attemptId}`,
  );
}

/** The save stored under a sequence number, if any. */
export async function findResponse(
  ex: Executor,
  tenantId: string,
  attemptId: string,
  seq: number,
): Promise<AttemptResponseRow | undefined> {
  const [row] = await ex
    .select()
    .from(attemptResponses)
    .where(
      and(
        eq(attemptResponses.tenantId, tenantId),
        eq(attemptResponses.attemptId, attemptId),
        eq(attemptResponses.seq, seq),
      ),
    );
  return row;
}

/** The latest save of each position of the attempt `attemptParam` names (tenant $1), in position order. */
const latestResponsesOf = (attemptParam: string) =>
  `select distinct on (position) * from attempt_responses where tenant_id = $1 and attempt_id = ${attemptParam}
    order by position, seq desc`;
const latestText = latestResponsesOf('$2');

/** The latest save of each position of an attempt, in position order: the answers as they stand. */
export async function latestResponses(
  ex: Executor,
  tenantId: string,
  attemptId: string,
): Promise<AttemptResponseRow[]> {
  const rows = await runPrepared(ex, latestText, [tenantId, attemptId]);
  return rows.map((row) => rowFromColumns(attemptResponses, row, ''));
}

/** What scoring an attempt reads: its latest answer per position, its candidate and the candidate's record. */
export interface ScoringFacts {
  readonly responses: AttemptResponseRow[];
  readonly candidate: UserRow | undefined;
  readonly record: CandidateRecord;
}

/** An attempt's scoring facts (see `ScoringFacts`) in one statement. */
export async function findScoringFacts(
  ex: Executor,
  attempt: Pick<AttemptRow, 'tenantId' | 'id' | 'candidateId'>,
): Promise<ScoringFacts> {
  const facts = (await findScoringFactsFor(ex, attempt.tenantId, [attempt])).get(attempt.id);
  if (!facts) throw new Error(`no scoring facts for attempt ${attempt.id}`);
  return facts;
}

function scoringFactsOf(row: Record<string, unknown>): ScoringFacts {
  const facts = row as { responses: Record<string, unknown>[]; candidate: Record<string, unknown> | null };
  return {
    responses: facts.responses.map((r) => rowFromColumns(attemptResponses, r, '')),
    candidate: facts.candidate ? rowFromColumns(users, facts.candidate, '') : undefined,
    record: recordOf(row),
  };
}

const scoringTextsFor = new Map<number, string>();

/**
 * `findScoringFacts` for several attempts of one tenant in one statement: each attempt's facts by its id.
 */
export async function findScoringFactsFor(
  ex: Executor,
  tenantId: string,
  attempts: readonly Pick<AttemptRow, 'id' | 'candidateId'>[],
): Promise<Map<string, ScoringFacts>> {
  if (attempts.length === 0) return new Map();
  let text = scoringTextsFor.get(attempts.length);
  if (!text) {
    const pairs = attempts.map((_, i) => `($${2 * i + 2}::uuid, $${2 * i + 3}::uuid)`).join(', ');
    text = `select b.attempt_id,
      (select coalesce(json_agg(r order by r.position), '[]') from (${latestResponsesOf('b.attempt_id')}) r)
        as responses,
      (select row_to_json(u) from users u where u.tenant_id = $1 and u.id = b.candidate_id) as candidate,
      ${recordListsOf('$1', 'b.candidate_id')}
      from (values ${pairs}) as b (attempt_id, candidate_id)`;
    scoringTextsFor.set(attempts.length, text);
  }
  const rows = await runPrepared(ex, text, [tenantId, ...attempts.flatMap((a) => [a.id, a.candidateId])]);
  return new Map(rows.map((row) => [String(row.attempt_id), scoringFactsOf(row)]));
}

/**
 * Attempts left to settle, at most `limit`: those still running whose deadline passed before `overdueBefore`
 * (oldest first), and those submitted (finished) before `submittedBefore` but not scored yet (the node that took the
 * submission stopped, or its scoring failed).
 */
export async function findAttemptsToSettle(
  ex: Executor,
  overdueBefore: Date,
  submittedBefore: Date,
  now: Date,
  limit: number,
): Promise<Pick<AttemptRow, 'tenantId' | 'id' | 'settleFailures'>[]> {
  return ex
    .select({ tenantId: attempts.tenantId, id: attempts.id, settleFailures: attempts.settleFailures })
    .from(attempts)
    .where(
      and(
        or(isNull(attempts.settleAfter), lte(attempts.settleAfter, now)),
        or(
          and(eq(attempts.status, 'in_progress'), lt(attempts.deadline, overdueBefore)),
          // On a break that has lasted its longest, the deadline moves on by the break (see clockAt).
          and(
            eq(attempts.status, 'paused'),
            lt(attempts.deadline, new Date(overdueBefore.getTime() - MAX_BREAK_MS)),
          ),
          and(eq(attempts.status, 'submitted'), lt(attempts.finishedAt, submittedBefore)),
        ),
      ),
    )
    .orderBy(asc(attempts.deadline))
    .limit(limit);
}

/** Records a failed try of the sweep at an attempt: it has failed `failures` times, and waits until `retryAt`. */
export async function deferSettling(
  ex: Executor,
  attempt: Pick<AttemptRow, 'tenantId' | 'id'>,
  failures: number,
  retryAt: Date,
): Promise<void> {
  await updateRows(
    ex,
    attempts,
    { settleFailures: failures, settleAfter: retryAt },
    'tenant_id = $1 and id = $2',
    [attempt.tenantId, attempt.id],
  );
}

/** A result as rows to insert (a second result for one attempt violates the primary key). */
export function resultRows(row: AttemptResultRow): TableRows<typeof attemptResults> {
  return [attemptResults, [row]];
}

/** The results of these attempts. */
export async function findResults(
  ex: Executor,
  tenantId: string,
  attemptIds: readonly string[],
): Promise<AttemptResultRow[]> {
  if (attemptIds.length === 0) return [];
  return ex
    .select()
    .from(attemptResults)
    .where(and(eq(attemptResults.tenantId, tenantId), inArray(attemptResults.attemptId, [...attemptIds])));
}

/** Filters of the admins' attempt list. */
export interface AttemptFilter {
  readonly certificationId?: string;
  readonly from?: Date;
  readonly to?: Date;
  readonly outcome?: 'passed' | 'failed' | 'voided' | 'live';
  readonly limit: number;
}

/** Attempts of the tenant with their results, newest first. */
export async function listAttempts(ex: Executor, tenantId: string, filter: AttemptFilter) {
  const outcome =
    filter.outcome === 'passed'
      ? eq(attemptResults.passed, true)
      : filter.outcome === 'failed'
        ? eq(attemptResults.passed, false)
        : filter.outcome === 'voided'
          ? eq(attempts.status, 'voided')
          : filter.outcome === 'live'
            ? inArray(attempts.status, ['checked_in', 'in_progress', 'paused'])
            : undefined;
  return ex
    .select({ attempt: attempts, result: attemptResults, certificationCode: certifications.code })
    .from(attempts)
    .innerJoin(
      certifications,
      and(eq(certifications.tenantId, attempts.tenantId), eq(certifications.id, attempts.certificationId)),
    )
    .leftJoin(
      attemptResults,
      and(eq(attemptResults.tenantId, attempts.tenantId), eq(attemptResults.attemptId, attempts.id)),
    )
    .where(
      and(
        eq(attempts.tenantId, tenantId),
        filter.certificationId ? eq(attempts.certificationId, filter.certificationId) : undefined,
        filter.from ? gte(attempts.checkedInAt, filter.from) : undefined,
        filter.to ? lte(attempts.checkedInAt, filter.to) : undefined,
        outcome,
      ),
    )
    .orderBy(desc(attempts.checkedInAt))
    .limit(filter.limit);
}

/** Every save in an attempt's log, oldest first (item-level data for calibration and review). */
export async function listResponses(
  ex: Executor,
  tenantId: string,
  attemptId: string,
): Promise<AttemptResponseRow[]> {
  return ex
    .select()
    .from(attemptResponses)
    .where(and(eq(attemptResponses.tenantId, tenantId), eq(attemptResponses.attemptId, attemptId)))
    .orderBy(asc(attemptResponses.seq));
}

/** Counts an attempt's saves (tests and benchmarks check that nothing was stored twice). */
export async function countResponses(ex: Executor, tenantId: string, attemptId: string): Promise<number> {
  const [row] = await ex
    .select({ n: sql<number>`count(*)::int` })
    .from(attemptResponses)
    .where(and(eq(attemptResponses.tenantId, tenantId), eq(attemptResponses.attemptId, attemptId)));
  return row?.n ?? 0;
}
