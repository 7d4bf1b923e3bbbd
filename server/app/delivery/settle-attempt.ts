import { randomUUID } from 'node:crypto';
import { withUnreachedAsWrong } from '../../domain/assessment/adaptive-attempt.js';
import { transitionAttempt } from '../../domain/assessment/attempt.js';
import { type ScoredAnswer, scoreAttempt } from '../../domain/assessment/attempt-result.js';
import { formLength } from '../../domain/assessment/blueprint.js';
import { DomainError } from '../../domain/errors.js';
import {
  type AttemptResultRow,
  type AttemptRow,
  findScoringFacts,
  latestResponses,
  resultRows,
  type ScoringFacts,
  updateAttempt,
} from '../../persistence/repositories/attempts.js';
import type { CertificationRow } from '../../persistence/repositories/certifications.js';
import { itemResponseRows } from '../../persistence/repositories/item-responses.js';
import { credentialIssuedEmail } from '../credentials/credential-issued-email.js';
import { type IssuingSession, issueWithin, openIssuing } from '../credentials/issue-credential.js';
import type { AppDeps } from '../deps.js';
import type { AuditNote, UnitOfWork } from '../unit-of-work.js';
import { adaptiveProgress, formSlots } from './attempt-view.js';
import { eligibilityFor } from './eligibility.js';
import { type ExamBank, examItem } from './exam-bank.js';

/** Who ended the attempt: the candidate, the deadline (sweep or a late reader) or the adaptive engine. */
export type SubmittedBy = NonNullable<AttemptRow['submittedBy']>;

/** What settling needs: the signer and URLs to issue the credential of a pass. */
export type SettleDeps = Pick<AppDeps, 'signer' | 'publicUrl'>;

/**
 * What submitting a running attempt writes, deciding nothing else: its patch (over, with its finish time and who
 * ended it) and its audit entry. `attempt` is the row with anything written along with the submission.
 */
export function submission(
  attempt: AttemptRow,
  finishedAt: Date,
  by: SubmittedBy,
  now: Date,
  answeredCount: number,
): { patch: Partial<AttemptRow>; note: AuditNote } {
  const verdict = transitionAttempt(attempt.status, 'submit');
  if (!verdict.allowed) throw new DomainError('invalid_transition', verdict.message);
  const patch = {
    status: verdict.to,
    answeredCount,
    finishedAt,
    submittedBy: by,
    pausedAt: null,
    currentItemId: null,
    currentPosition: null,
    currentServedAt: null,
    updatedAt: now,
  } satisfies Partial<AttemptRow>;
  const note: AuditNote = {
    action: 'attempt.submitted',
    subjectType: 'attempt',
    subjectId: attempt.id,
    details: { submittedBy: by, finishedAt: finishedAt.toISOString() },
  };
  return { patch, note };
}

/**
 * Submits an attempt inside the caller's unit of work: it is over from now on (nothing more can be saved), with
 * its finish time (the deadline when time ran out, not when the sweep happened to run) and who ended it. Scoring
 * follows in its own transaction (see scoring.ts), so the candidate's last answer is acknowledged without
 * waiting for the result, the credential or the PDF, and a failure there never refuses an answer.
 */
export async function submitWithin(
  uow: UnitOfWork,
  locked: AttemptRow,
  finishedAt: Date,
  by: SubmittedBy,
  alsoWrite: Partial<AttemptRow> = {},
): Promise<AttemptRow> {
  const attempt = { ...locked, ...alsoWrite };
  // An adaptive attempt counts its answers as they come; a form's are its positions answered now.
  const answeredCount =
    attempt.mode === 'adaptive'
      ? attempt.answeredCount
      : (await latestResponses(uow.tx, attempt.tenantId, attempt.id)).filter((r) => r.answer !== null).length;
  const { patch, note } = submission(attempt, finishedAt, by, uow.now, answeredCount);
  await updateAttempt(uow.tx, attempt.tenantId, attempt.id, { ...alsoWrite, ...patch });
  await uow.audit(note);
  return { ...attempt, ...patch };
}

/**
 * Submits an attempt (see `submitWithin`) for the node's scorer to score once this unit of work commits: what a
 * candidate's last answer or submit, and a deadline found passed, do.
 */
export async function submitForScoring(
  uow: UnitOfWork,
  deps: Pick<AppDeps, 'scoring'>,
  locked: AttemptRow,
  finishedAt: Date,
  by: SubmittedBy,
  alsoWrite: Partial<AttemptRow> = {},
): Promise<AttemptRow> {
  const submitted = await submitWithin(uow, locked, finishedAt, by, alsoWrite);
  uow.afterCommit(() => deps.scoring?.schedule(submitted));
  return submitted;
}

/**
 * What the attempts scored in one unit of work share: the issuing session (opened by the first pass), the facts
 * read for the submitted ones at once (an attempt submitted in this unit of work reads its own), and the
 * attempts scored, whose status the caller moves to scored in one statement.
 */
export interface ScoringBatch {
  issuing?: IssuingSession;
  readonly facts: ReadonlyMap<string, ScoringFacts>;
  readonly scored: string[];
}

/**
 * Scores a submitted attempt inside the caller's unit of work: the result, the item-level data for calibration,
 * the audit entry and, on a pass, the credential and the holder's e-mail all commit together. The result's
 * primary key makes a second scoring of one attempt fail instead of scoring twice.
 */
export async function scoreWithin(
  uow: UnitOfWork,
  deps: SettleDeps,
  attempt: AttemptRow,
  bank: ExamBank,
  certification: CertificationRow,
  batch: ScoringBatch,
): Promise<AttemptResultRow> {
  const { tx, now } = uow;
  const verdict = transitionAttempt(attempt.status, 'score');
  if (!verdict.allowed) throw new DomainError('invalid_transition', verdict.message);
  const finishedAt = attempt.finishedAt as Date;

  // The answers, the candidate and their record (for the retake date of a fail) in one statement.
  const facts = batch.facts.get(attempt.id) ?? (await findScoringFacts(tx, attempt));
  const latest = new Map(facts.responses.map((r) => [r.position, r]));
  const answers: ScoredAnswer[] = [];
  if (attempt.mode === 'adaptive') {
    for (const r of latest.values()) {
      if (r.scored && r.score !== null)
        answers.push({ domain: r.domain, params: examItem(bank, r.itemId).params, score: r.score });
    }
  } else {
    formSlots(attempt).forEach((slot, i) => {
      if (!slot.scored) return;
      // An unanswered question of a form scores 0: it was on the candidate's form.
      const score = latest.get(i + 1)?.score ?? 0;
      answers.push({ domain: slot.domain, params: examItem(bank, slot.itemId).params, score });
    });
  }
  let estimate: { theta: number; se: number } | undefined;
  if (attempt.mode === 'adaptive' && bank.cat) {
    // Ended before the shortest length (an early submit, the deadline): the questions not reached count as wrong.
    const final = withUnreachedAsWrong(
      bank.cat.bank,
      bank.cat.config,
      adaptiveProgress(attempt),
      attempt.seed,
      formLength(bank.blueprint).min,
    );
    estimate = { theta: final.theta, se: final.se };
  }
  const result = scoreAttempt(bank.blueprint, answers, estimate);

  batch.scored.push(attempt.id);

  let credentialId: string | null = null;
  if (result.passed) {
    const candidate = facts.candidate;
    if (!candidate) throw new Error(`attempt ${attempt.id} names no account`);
    // The programme issues the credential for the pass, not the candidate: the system is its author.
    batch.issuing ??= await openIssuing(uow, deps.signer, { tenantId: attempt.tenantId, userId: null }, now);
    const session = batch.issuing;
    // The certification was loaded with the attempt: issuing need not read it again.
    session.certifications.set(certification.id, certification);
    const credential = await issueWithin(session, deps, {
      certificationId: attempt.certificationId,
      holder: { name: candidate.displayName, email: candidate.email, userId: candidate.id },
      issuedAt: now,
      attemptId: attempt.id,
      source: 'attempt',
    });
    credentialId = credential.id;
    await uow.enqueue(credentialIssuedEmail(session.tenant, certification, credential, deps.publicUrl));
  }

  let earliestRetakeAt: Date | null = null;
  if (!result.passed) {
    const { record } = facts;
    const settled = record.attempts.map((a) =>
      a.id === attempt.id ? { ...a, status: 'scored' as const, finishedAt, passed: false } : a,
    );
    const after = eligibilityFor(certification, { ...record, attempts: settled }, new Map(), finishedAt);
    earliestRetakeAt = after.eligible ? finishedAt : after.earliestStart;
  }

  const row: AttemptResultRow = {
    tenantId: attempt.tenantId,
    attemptId: attempt.id,
    passed: result.passed,
    scaledScore: result.scaledScore,
    percentCorrect: result.percentCorrect,
    theta: result.theta,
    se: result.se === null || Number.isFinite(result.se) ? result.se : null,
    detail: result as unknown as Record<string, unknown>,
    credentialId,
    earliestRetakeAt,
    scoredAt: now,
  };
  // The result's primary key refuses a second scoring (when these rows are written, as the work ends).
  uow.insertLater(resultRows(row));

  // Live responses feed the bank's response data, so pretest items are calibrated from real candidates.
  uow.insertLater(
    itemResponseRows(
      [...latest.values()]
        .filter((r) => r.answer !== null && r.score !== null)
        .map((r) => ({
          tenantId: attempt.tenantId,
          id: randomUUID(),
          itemId: r.itemId,
          itemVersion: r.itemVersion,
          examineeRef: `attempt:${attempt.id}`,
          score: r.score as number,
          responseTimeSec: r.timeOnItemMs === null ? null : r.timeOnItemMs / 1000,
          source: 'attempt' as const,
          administeredAt: r.receivedAt,
        })),
    ),
  );

  await uow.audit({
    action: 'attempt.scored',
    subjectType: 'attempt',
    subjectId: attempt.id,
    details: {
      submittedBy: attempt.submittedBy,
      finishedAt: finishedAt.toISOString(),
      passed: result.passed,
      scaledScore: result.scaledScore,
      percentCorrect: result.percentCorrect,
      scoredItems: result.scoredItems,
      credentialId,
    },
  });
  return row;
}
