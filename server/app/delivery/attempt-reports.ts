import type { Actor } from '../../adapters/token-service.js';
import type { AttemptStatus } from '../../domain/assessment/attempt.js';
import { utcDayStart } from '../../domain/calendar.js';
import { formatCsv } from '../../domain/csv.js';
import { DomainError } from '../../domain/errors.js';
import {
  type AttemptResultRow,
  type AttemptRow,
  listAttempts,
} from '../../persistence/repositories/attempts.js';
import { findCertification } from '../../persistence/repositories/certifications.js';
import { findUsersByIds, type UserRow } from '../../persistence/repositories/users.js';
import { type CsvFile, csvFile, fileNamePart } from '../csv-file.js';
import type { AppDeps } from '../deps.js';
import { runUnitOfWork, type UnitOfWork } from '../unit-of-work.js';

/** An attempt as admins see it: who sat it, how it went, and its result once scored. */
export interface AdminAttemptView {
  readonly id: string;
  readonly certificationId: string;
  readonly certificationCode: string;
  readonly candidate: { readonly id: string; readonly name: string; readonly email: string };
  readonly status: AttemptStatus;
  readonly mode: 'fixed' | 'linear' | 'adaptive';
  readonly checkedInAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
  readonly deadline: string | null;
  readonly allowedMs: number;
  readonly breaksAllowed: number;
  readonly breaksTaken: number;
  readonly answered: number;
  readonly submittedBy: 'candidate' | 'deadline' | 'engine' | null;
  readonly voidReason: string | null;
  readonly technicalFault: boolean | null;
  readonly result: {
    readonly passed: boolean;
    readonly scaledScore: number | null;
    readonly percentCorrect: number;
    readonly theta: number | null;
    readonly se: number | null;
    readonly scoredAt: string;
  } | null;
}

/** The candidate shown for an account that is gone (attempts outlive accounts). */
const UNKNOWN_CANDIDATE = { displayName: '(unknown)', email: '' };

/** An attempt row with its candidate and result, as the admins' views show it. */
export function adminAttemptView(
  attempt: AttemptRow,
  result: AttemptResultRow | null | undefined,
  certificationCode: string,
  candidate: Pick<UserRow, 'displayName' | 'email'> | undefined,
): AdminAttemptView {
  const who = candidate ?? UNKNOWN_CANDIDATE;
  return {
    id: attempt.id,
    certificationId: attempt.certificationId,
    certificationCode,
    candidate: { id: attempt.candidateId, name: who.displayName, email: who.email },
    status: attempt.status,
    mode: attempt.mode,
    checkedInAt: attempt.checkedInAt.toISOString(),
    startedAt: attempt.startedAt?.toISOString() ?? null,
    finishedAt: attempt.finishedAt?.toISOString() ?? null,
    deadline: attempt.deadline?.toISOString() ?? null,
    allowedMs: attempt.allowedMs,
    breaksAllowed: attempt.breaksAllowed,
    breaksTaken: attempt.breaksTaken,
    answered: attempt.answeredCount,
    submittedBy: attempt.submittedBy,
    voidReason: attempt.voidReason,
    technicalFault: attempt.technicalFault,
    result: result
      ? {
          passed: result.passed,
          scaledScore: result.scaledScore,
          percentCorrect: result.percentCorrect,
          theta: result.theta,
          se: result.se,
          scoredAt: result.scoredAt.toISOString(),
        }
      : null,
  };
}

/** Filters of the admins' attempt list: check-in days (UTC, both inclusive) and the outcome. */
export interface AttemptReportFilter {
  /** First check-in day, YYYY-MM-DD. */
  readonly from?: string;
  /** Last check-in day, YYYY-MM-DD. */
  readonly to?: string;
  readonly outcome?: 'passed' | 'failed' | 'voided' | 'live';
  readonly limit?: number;
}

/** Most attempts in one list page, and in one CSV export. */
export const MAX_LISTED_ATTEMPTS = 1000;
export const MAX_EXPORTED_ATTEMPTS = 50_000;

const DAY_MS = 86_400_000;

/** The certification's attempts matching the filter, newest first, with candidates and results. */
async function reportRows(
  uow: UnitOfWork,
  tenantId: string,
  certificationId: string,
  filter: AttemptReportFilter,
  limit: number,
): Promise<{ code: string; attempts: AdminAttemptView[] }> {
  const certification = await findCertification(uow.tx, tenantId, certificationId);
  if (!certification) throw new DomainError('not_found', 'No such certification');
  if (filter.from && filter.to && filter.to < filter.from)
    throw new DomainError('validation_failed', 'The date range ends before it begins', [
      { path: '/to', rule: 'date_range', message: 'must not be before the first day' },
    ]);
  const rows = await listAttempts(uow.tx, tenantId, {
    certificationId,
    from: filter.from ? utcDayStart(filter.from) : undefined,
    // The last day counts whole: up to the last millisecond before the next day begins.
    to: filter.to ? new Date(utcDayStart(filter.to).getTime() + DAY_MS - 1) : undefined,
    outcome: filter.outcome,
    limit,
  });
  const users = new Map(
    (
      await findUsersByIds(
        uow.tx,
        tenantId,
        rows.map((r) => r.attempt.candidateId),
      )
    ).map((u) => [u.id, u]),
  );
  return {
    code: certification.code,
    attempts: rows.map((r) =>
      adminAttemptView(r.attempt, r.result, r.certificationCode, users.get(r.attempt.candidateId)),
    ),
  };
}

/** A certification's attempts and results, newest first, filtered by check-in days and outcome. */
export async function listCertificationAttempts(
  deps: AppDeps,
  actor: Actor,
  certificationId: string,
  filter: AttemptReportFilter,
): Promise<AdminAttemptView[]> {
  return runUnitOfWork(deps, actor, async (uow) => {
    uow.authorize(['admin']);
    const limit = Math.min(filter.limit ?? 200, MAX_LISTED_ATTEMPTS);
    return (await reportRows(uow, actor.tenantId, certificationId, filter, limit)).attempts;
  });
}

const instant = (iso: string | null) => iso ?? '';

/**
 * The same list as CSV, for spreadsheets and the programme's records: one line per attempt with the
 * candidate's name and e-mail, status, times and result. Personal data leaves the system: each export is
 * an audit entry.
 */
export async function exportCertificationAttempts(
  deps: AppDeps,
  actor: Actor,
  certificationId: string,
  filter: AttemptReportFilter,
): Promise<CsvFile> {
  return runUnitOfWork(deps, actor, async (uow) => {
    uow.authorize(['admin']);
    const { code, attempts } = await reportRows(
      uow,
      actor.tenantId,
      certificationId,
      filter,
      MAX_EXPORTED_ATTEMPTS,
    );
    const body = formatCsv(
      [
        'attempt',
        'candidate',
        'email',
        'certification',
        'status',
        'checked in',
        'finished',
        'passed',
        'scaled score',
        'percent correct',
        'voided reason',
        'technical fault',
      ],
      attempts.map((a) => [
        a.id,
        a.candidate.name,
        a.candidate.email,
        a.certificationCode,
        a.status,
        a.checkedInAt,
        instant(a.finishedAt),
        a.result ? (a.result.passed ? 'yes' : 'no') : '',
        a.result?.scaledScore ?? null,
        a.result ? Math.round(a.result.percentCorrect * 10) / 10 : null,
        a.voidReason,
        a.status === 'voided' ? (a.technicalFault ? 'yes' : 'no') : '',
      ]),
    );
    await uow.audit({
      action: 'attempts.exported',
      subjectType: 'certification',
      subjectId: certificationId,
      details: { attempts: attempts.length, filter: { ...filter } },
    });
    const day = uow.now.toISOString().slice(0, 10);
    return csvFile(`attempts-${fileNamePart(code)}-${day}.csv`, body);
  });
}
