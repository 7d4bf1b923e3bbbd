import type { Actor } from '../../adapters/token-service.js';
import {
  type AttemptStatus,
  allowedTimeMs,
  deadlineWithNewAllowance,
  LIVE_STATUSES,
} from '../../domain/assessment/attempt.js';
import type { Blueprint } from '../../domain/assessment/blueprint.js';
import { DomainError } from '../../domain/errors.js';
import {
  type AccommodationRow,
  listAccommodationsOfUser,
  upsertAccommodation,
} from '../../persistence/repositories/accommodations.js';
import {
  type AttemptRow,
  findAttempt,
  listCandidateAttempts,
  updateAttempt,
} from '../../persistence/repositories/attempts.js';
import {
  findBlueprint,
  findCertification,
  listCertifications,
} from '../../persistence/repositories/certifications.js';
import { findUser } from '../../persistence/repositories/users.js';
import type { AppDeps } from '../deps.js';
import { runUnitOfWork, type UnitOfWork } from '../unit-of-work.js';
import { isOverdue } from './attempt-access.js';

/** Extra time and breaks for one candidate at one certification, as an admin sets them. */
export interface AccommodationInput {
  readonly extraTimePercent?: number;
  readonly extraTimeMinutes?: number;
  readonly breaksAllowed?: number;
  readonly note?: string | null;
}

/** An accommodation as admins see it. */
export interface AccommodationView {
  readonly userId: string;
  readonly certificationId: string;
  readonly certificationCode: string;
  readonly certificationTitle: string;
  readonly extraTimePercent: number;
  readonly extraTimeMinutes: number;
  readonly breaksAllowed: number;
  readonly note: string | null;
  readonly updatedAt: string;
}

/** What a change did to the candidate's running attempt, when one was running. */
export interface AppliedToAttempt {
  readonly attemptId: string;
  readonly status: AttemptStatus;
  readonly allowedMs: number;
  readonly breaksAllowed: number;
  /** The moved deadline; null while the attempt is checked in and its clock has not started. */
  readonly deadline: string | null;
}

function accommodationView(
  row: AccommodationRow,
  certification: { code: string; title: string },
): AccommodationView {
  return {
    userId: row.userId,
    certificationId: row.certificationId,
    certificationCode: certification.code,
    certificationTitle: certification.title,
    extraTimePercent: row.extraTimePercent,
    extraTimeMinutes: row.extraTimeMinutes,
    breaksAllowed: row.breaksAllowed,
    note: row.note,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * Applies a changed accommodation to the candidate's attempt at the certification that is still live: the
 * allowed time and breaks change, and a running clock's deadline moves by the difference (never into the
 * past; while paused, the time left at the pause is what changes). An attempt already past its deadline is
 * left to be settled as it stands. Returns what changed, or null when nothing was live.
 */
async function applyToLiveAttempt(
  uow: UnitOfWork,
  row: AccommodationRow,
): Promise<{ attempt: AttemptRow; applied: AppliedToAttempt } | null> {
  const tenantId = row.tenantId;
  const live = (await listCandidateAttempts(uow.tx, tenantId, row.userId, row.certificationId)).find((a) =>
    LIVE_STATUSES.includes(a.status),
  );
  const attempt = live && (await findAttempt(uow.tx, tenantId, live.id, true));
  if (!attempt || !LIVE_STATUSES.includes(attempt.status) || isOverdue(attempt, uow.now)) return null;
  const blueprint = await findBlueprint(uow.tx, tenantId, attempt.certificationId, attempt.blueprintVersion);
  if (!blueprint) throw new Error(`attempt ${attempt.id} names no blueprint`);
  const timeLimitMin = (blueprint.definition as unknown as Blueprint).timeLimitMin;
  const allowedMs = allowedTimeMs(timeLimitMin, row);
  // While paused the clock stands at the pause, so that is the "now" the deadline may not fall behind.
  const clockAt = attempt.status === 'paused' && attempt.pausedAt ? attempt.pausedAt : uow.now;
  const deadline = attempt.deadline
    ? deadlineWithNewAllowance(attempt.deadline, attempt.allowedMs, allowedMs, clockAt)
    : null;
  await updateAttempt(uow.tx, tenantId, attempt.id, {
    allowedMs,
    breaksAllowed: row.breaksAllowed,
    deadline,
    updatedAt: uow.now,
  });
  const applied: AppliedToAttempt = {
    attemptId: attempt.id,
    status: attempt.status,
    allowedMs,
    breaksAllowed: row.breaksAllowed,
    deadline: deadline?.toISOString() ?? null,
  };
  await uow.audit({
    action: 'attempt.accommodation_applied',
    subjectType: 'attempt',
    subjectId: attempt.id,
    details: {
      allowedMs: { before: attempt.allowedMs, after: allowedMs },
      breaksAllowed: { before: attempt.breaksAllowed, after: row.breaksAllowed },
      deadline: { before: attempt.deadline?.toISOString() ?? null, after: applied.deadline },
    },
  });
  return { attempt, applied };
}

/**
 * An admin sets a candidate's accommodation at a certification (extra time as a percentage and/or minutes,
 * permitted breaks, a private note), replacing the one before. Check-in reads it for every new attempt, and
 * an attempt already live gets it at once: its candidate's window is told to re-read the clock.
 */
export async function setAccommodation(
  deps: AppDeps,
  actor: Actor,
  userId: string,
  certificationId: string,
  input: AccommodationInput,
): Promise<{ accommodation: AccommodationView; appliedTo: AppliedToAttempt | null }> {
  return runUnitOfWork(deps, actor, async (uow) => {
    uow.authorize(['admin']);
    const tenantId = actor.tenantId;
    const candidate = await findUser(uow.tx, tenantId, userId);
    if (!candidate) throw new DomainError('not_found', 'No such user');
    const certification = await findCertification(uow.tx, tenantId, certificationId);
    if (!certification) throw new DomainError('not_found', 'No such certification');
    const row: AccommodationRow = {
      tenantId,
      userId,
      certificationId,
      extraTimePercent: input.extraTimePercent ?? 0,
      extraTimeMinutes: input.extraTimeMinutes ?? 0,
      breaksAllowed: input.breaksAllowed ?? 0,
      note: input.note?.trim() || null,
      updatedBy: actor.userId,
      updatedAt: uow.now,
    };
    await upsertAccommodation(uow.tx, row);
    await uow.audit({
      action: 'accommodation.set',
      subjectType: 'user',
      subjectId: userId,
      details: {
        certificationId,
        extraTimePercent: row.extraTimePercent,
        extraTimeMinutes: row.extraTimeMinutes,
        breaksAllowed: row.breaksAllowed,
      },
    });
    const live = await applyToLiveAttempt(uow, row);
    if (live) uow.afterCommit(() => deps.attemptEvents?.changed(live.attempt));
    return { accommodation: accommodationView(row, certification), appliedTo: live?.applied ?? null };
  });
}

/** A candidate's accommodations at every certification of the programme. */
export async function listAccommodations(
  deps: AppDeps,
  actor: Actor,
  userId: string,
): Promise<AccommodationView[]> {
  return runUnitOfWork(deps, actor, async (uow) => {
    uow.authorize(['admin']);
    const tenantId = actor.tenantId;
    if (!(await findUser(uow.tx, tenantId, userId))) throw new DomainError('not_found', 'No such user');
    const certifications = new Map((await listCertifications(uow.tx, tenantId)).map((c) => [c.id, c]));
    const rows = await listAccommodationsOfUser(uow.tx, tenantId, userId);
    return rows.flatMap((row) => {
      const certification = certifications.get(row.certificationId);
      return certification ? [accommodationView(row, certification)] : [];
    });
  });
}
