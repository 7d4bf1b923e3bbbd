import type { Actor } from '../../adapters/token-service.js';
import { formatCsv } from '../../domain/csv.js';
import { DomainError } from '../../domain/errors.js';
import { findAttempt, findResults, listResponses } from '../../persistence/repositories/attempts.js';
import { findCertification } from '../../persistence/repositories/certifications.js';
import { findUser } from '../../persistence/repositories/users.js';
import { type CsvFile, csvFile, fileNamePart } from '../csv-file.js';
import type { AppDeps } from '../deps.js';
import { runUnitOfWork, type UnitOfWork } from '../unit-of-work.js';
import { type AdminAttemptView, adminAttemptView } from './attempt-reports.js';

/** One accepted save of an attempt's response log, with what scoring and the engine made of it. */
export interface LoggedResponseView {
  readonly seq: number;
  readonly position: number;
  readonly itemId: string;
  readonly itemVersion: number;
  readonly domain: string;
  /** Counts towards the score (false for a pretest item). */
  readonly scored: boolean;
  /** The answer as saved; null when the candidate cleared it. */
  readonly answer: Record<string, unknown> | null;
  readonly marked: boolean;
  readonly score: number | null;
  readonly timeOnItemMs: number | null;
  /** The ability estimate after this answer (adaptive exams). */
  readonly theta: number | null;
  readonly se: number | null;
  readonly receivedAt: string;
}

/** An attempt with its whole response log, oldest save first. */
export interface AttemptResponseLog {
  readonly attempt: AdminAttemptView;
  readonly responses: LoggedResponseView[];
}

async function loadLog(uow: UnitOfWork, tenantId: string, attemptId: string): Promise<AttemptResponseLog> {
  const attempt = await findAttempt(uow.tx, tenantId, attemptId);
  if (!attempt) throw new DomainError('not_found', 'No such attempt');
  // One after another: a transaction is one connection, which runs one query at a time anyway.
  const certification = await findCertification(uow.tx, tenantId, attempt.certificationId);
  const candidate = await findUser(uow.tx, tenantId, attempt.candidateId);
  const [result] = await findResults(uow.tx, tenantId, [attempt.id]);
  const responses = await listResponses(uow.tx, tenantId, attempt.id);
  return {
    attempt: adminAttemptView(attempt, result, certification?.code ?? '', candidate),
    responses: responses.map((r) => ({
      seq: r.seq,
      position: r.position,
      itemId: r.itemId,
      itemVersion: r.itemVersion,
      domain: r.domain,
      scored: r.scored,
      answer: r.answer,
      marked: r.marked,
      score: r.score,
      timeOnItemMs: r.timeOnItemMs,
      theta: r.theta,
      se: r.se,
      receivedAt: r.receivedAt.toISOString(),
    })),
  };
}

/** One attempt's item-level data (every save, with item version, score, time and θ/SE), for review. */
export async function getAttemptResponseLog(
  deps: AppDeps,
  actor: Actor,
  attemptId: string,
): Promise<AttemptResponseLog> {
  return runUnitOfWork(deps, actor, async (uow) => {
    uow.authorize(['admin']);
    return loadLog(uow, actor.tenantId, attemptId);
  });
}

/**
 * The same as CSV, one line per save, for calibration tools: the attempt id stands for the examinee, the
 * answer is its JSON. Candidates' answers leave the system: each export is an audit entry.
 */
export async function exportAttemptResponseLog(
  deps: AppDeps,
  actor: Actor,
  attemptId: string,
): Promise<CsvFile> {
  return runUnitOfWork(deps, actor, async (uow) => {
    uow.authorize(['admin']);
    const log = await loadLog(uow, actor.tenantId, attemptId);
    const body = formatCsv(
      [
        'attempt',
        'seq',
        'position',
        'item id',
        'item version',
        'domain',
        'scored',
        'answer',
        'marked',
        'score',
        'time on item (ms)',
        'theta',
        'se',
        'received at',
      ],
      log.responses.map((r) => [
        attemptId,
        r.seq,
        r.position,
        r.itemId,
        r.itemVersion,
        r.domain,
        r.scored,
        r.answer === null ? '' : JSON.stringify(r.answer),
        r.marked,
        r.score,
        r.timeOnItemMs,
        r.theta,
        r.se,
        r.receivedAt,
      ]),
    );
    await uow.audit({
      action: 'attempt.responses_exported',
      subjectType: 'attempt',
      subjectId: attemptId,
      details: { responses: log.responses.length },
    });
    return csvFile(`responses-${fileNamePart(log.attempt.certificationCode)}-${attemptId}.csv`, body);
  });
}
