import { randomInt, randomUUID } from 'node:crypto';
import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
} from '@simplewebauthn/server';
import type { Actor } from '../../adapters/token-service.js';
import { type AdaptiveProgress, startAdaptive } from '../../domain/assessment/adaptive-attempt.js';
import { allowedTimeMs, isCheckInFresh, NO_EXTRA_TIME } from '../../domain/assessment/attempt.js';
import { formLength } from '../../domain/assessment/blueprint.js';
import {
  adaptivePretestPositions,
  assembleFixedForm,
  assembleLinearForm,
} from '../../domain/assessment/forms.js';
import { DomainError } from '../../domain/errors.js';
import type { EligibilityVerdict } from '../../domain/policies/eligibility.js';
import { seededRng, shuffled } from '../../domain/psychometrics/rng.js';
import type { Executor } from '../../persistence/database.js';
import { type AttemptRow, attemptRows } from '../../persistence/repositories/attempts.js';
import { type CertificationRow, listCertifications } from '../../persistence/repositories/certifications.js';
import {
  type CandidateRecord,
  type CheckInFacts,
  findCheckInFacts,
  useExceptions,
} from '../../persistence/repositories/eligibility.js';
import type { AppDeps } from '../deps.js';
import { requireRole, runUnitOfWork, type UnitOfWork } from '../unit-of-work.js';
import { verifyPasskeyAssertion } from '../verify-passkey-assertion.js';
import { CHALLENGE_TTL_MS, storeChallenge, takeChallenge } from '../webauthn-challenges.js';
import { rememberWritten } from './attempt-access.js';
import { type AttemptView, attemptView } from './attempt-view.js';
import { candidatePolicyOf, eligibilityFor } from './eligibility.js';
import { type ExamBank, examBank } from './exam-bank.js';
import { redeemVoucher } from './redeem-voucher.js';
import { voidWithin } from './void-attempt.js';

/** The passkey request of a check-in, bound to the attempt it will open. */
export interface CheckInStart {
  readonly attemptId: string;
  readonly challengeId: string;
  readonly options: PublicKeyCredentialRequestOptionsJSON;
}

/** The candidate's answer to the check-in request, and the voucher when the exam needs one. */
export interface CheckInInput {
  readonly challengeId: string;
  readonly response: AuthenticationResponseJSON;
  readonly voucherCode?: string;
}

/** Where the check-in came from, kept with the identity record. */
export interface CheckInClient {
  readonly address: string | null;
  readonly userAgent: string | null;
}

/** The candidate's check-ins at this certification never begun within their freshness: they are voided first. */
function staleCheckIns(record: CandidateRecord, certificationId: string, now: Date) {
  return record.attempts.filter(
    (attempt) =>
      attempt.certificationId === certificationId &&
      attempt.status === 'checked_in' &&
      !isCheckInFresh(attempt.checkedInAt, now),
  );
}

/**
 * Refuses unless the candidate may sit the certification's exam at `now`, saying why not in the rule's words;
 * else the verdict, and whether an admin's exception for this certification stood open (the check-in uses it
 * up). A stale check-in in the record does not stand in the way: it is treated as no longer live.
 */
async function eligibleOrRefused(
  ex: Executor,
  actor: Actor,
  certification: CertificationRow,
  record: CandidateRecord,
  now: Date,
): Promise<{ verdict: EligibilityVerdict; exceptionsOpen: boolean }> {
  // Other certifications' titles name missing prerequisites: read only when there are prerequisites.
  const titles = candidatePolicyOf(certification).prerequisites.length
    ? new Map((await listCertifications(ex, actor.tenantId)).map((c) => [c.id, c.title]))
    : new Map<string, string>();
  const verdict = eligibilityFor(certification, record, titles, now);
  if (!verdict.eligible) {
    throw new DomainError(
      'not_eligible',
      verdict.obstacles.map((o) => o.message).join('; '),
      verdict.obstacles.map((o) => ({ path: '', rule: o.rule, message: o.message })),
    );
  }
  return {
    verdict,
    exceptionsOpen: record.exceptions.some((e) => e.certificationId === certification.id),
  };
}

/**
 * `eligibleOrRefused` within a unit of work that first voids the candidate's stale check-ins (a check-in never
 * begun in time would otherwise stand in the way for good); the record read before voiding serves for both.
 */
async function requireEligible(
  uow: UnitOfWork,
  actor: Actor,
  certification: CertificationRow,
  record: CandidateRecord,
): Promise<{ verdict: EligibilityVerdict; exceptionsOpen: boolean }> {
  for (const attempt of staleCheckIns(record, certification.id, uow.now))
    await voidWithin(uow, attempt.id, 'The check-in expired before the exam was begun', true);
  return eligibleOrRefused(uow.tx, actor, certification, record, uow.now);
}

/**
 * What a check-in reads: the certification open to candidates (it must exist and have a published blueprint),
 * the candidate's record the rules read, their accommodation and passkeys.
 */
async function checkInFacts(ex: Executor, actor: Actor, certificationId: string): Promise<CheckInFacts> {
  const found = await findCheckInFacts(ex, actor.tenantId, certificationId, actor.userId);
  if (!found) throw new DomainError('not_found', 'No such certification');
  if (found.certification.blueprintVersion === null)
    throw new DomainError('not_eligible', 'This certification has no exam yet');
  return found;
}

/** The WebAuthn request for the candidate's passkeys, its challenge stored and bound to the attempt to be. */
async function passkeyRequest(
  deps: AppDeps,
  ex: Executor,
  actor: Actor,
  passkeys: CheckInFacts['passkeys'],
): Promise<CheckInStart> {
  if (passkeys.length === 0)
    throw new DomainError('passkey_required', 'Checking in needs a passkey: add one in your profile first');
  const options = await generateAuthenticationOptions({
    rpID: deps.relyingParty.id,
    timeout: CHALLENGE_TTL_MS,
    userVerification: 'required',
    allowCredentials: passkeys.map((p) => ({
      id: p.credentialId,
      transports: p.transports as AuthenticatorTransport[],
    })),
  });
  const attemptId = randomUUID();
  const challengeId = await storeChallenge(deps, ex, {
    tenantId: actor.tenantId,
    userId: actor.userId,
    purpose: 'check_in',
    challenge: options.challenge,
    subjectId: attemptId,
  });
  return { attemptId, challengeId, options };
}

/**
 * Starts a check-in: the candidate must be eligible and have a passkey; the WebAuthn request lists their passkeys,
 * asks for user verification, and its challenge is bound to the attempt the check-in will open. Its one write is
 * the challenge, so it needs no transaction; but when the candidate has a check-in left unstarted past its
 * freshness, a unit of work voids that first (with its audit entry), as the check-in itself does.
 */
export async function beginCheckIn(
  deps: AppDeps,
  actor: Actor,
  certificationId: string,
): Promise<CheckInStart> {
  requireRole(actor, ['candidate']);
  const facts = await checkInFacts(deps.db, actor, certificationId);
  const now = deps.clock.now();
  if (staleCheckIns(facts.record, certificationId, now).length === 0) {
    await eligibleOrRefused(deps.db, actor, facts.certification, facts.record, now);
    return passkeyRequest(deps, deps.db, actor, facts.passkeys);
  }
  // The facts just read serve here too: the unit of work voids each stale check-in under its row lock, and a
  // stale check-in can no longer be begun meanwhile (see `beginning`).
  return runUnitOfWork(deps, actor, async (uow) => {
    await requireEligible(uow, actor, facts.certification, facts.record);
    return passkeyRequest(deps, uow.tx, actor, facts.passkeys);
  });
}

/** The form of a new attempt: fixed and linear slots, or an adaptive exam's pretest plan and first state. */
function assemble(
  bank: ExamBank,
  seed: number,
): { form: Record<string, unknown>; progress: AdaptiveProgress | null } {
  const rng = seededRng(seed);
  const blueprint = bank.blueprint;
  if (blueprint.delivery.mode === 'adaptive') {
    if (!bank.cat)
      throw new DomainError('blueprint_infeasible', 'The adaptive exam cannot run on its item pool');
    const positions = adaptivePretestPositions(blueprint.pretestCount, formLength(blueprint).min, rng);
    const pretestItems = shuffled(
      rng,
      bank.summary.filter((item) => item.pretest),
    ).slice(0, blueprint.pretestCount);
    if (!positions || pretestItems.length < blueprint.pretestCount)
      throw new DomainError('blueprint_infeasible', 'The exam has too few pretest questions to run');
    const pretest = positions.map((afterScored, i) => ({
      afterScored,
      itemId: pretestItems[i]?.itemId as string,
    }));
    return { form: { pretest }, progress: startAdaptive(bank.cat.config) };
  }
  const slots =
    blueprint.delivery.mode === 'fixed'
      ? assembleFixedForm(blueprint, bank.summary, rng)
      : assembleLinearForm(blueprint, bank.summary, rng);
  if (!slots)
    throw new DomainError('blueprint_infeasible', 'The exam form cannot be assembled from its item pool');
  return { form: { slots }, progress: null };
}

/**
 * Checks a candidate in: the passkey assertion (user verified, for this attempt's challenge) proves who sits the
 * exam; the rules are checked again; the voucher, when needed, is redeemed; the form is assembled; and the
 * attempt is stored as checked in with the identity record. A check-in left unstarted past its freshness is
 * voided here so the candidate can check in again.
 */
export async function checkIn(
  deps: AppDeps,
  actor: Actor,
  certificationId: string,
  input: CheckInInput,
  client: CheckInClient,
): Promise<AttemptView> {
  return runUnitOfWork(
    deps,
    actor,
    async (uow) => {
      uow.authorize(['candidate']);
      const { tx, now } = uow;
      const challenge = await takeChallenge(deps, tx, actor.tenantId, input.challengeId, 'check_in');
      if (challenge.userId !== actor.userId || !challenge.subjectId)
        throw new DomainError(
          'challenge_invalid',
          'This check-in request belongs to someone else; start again',
        );
      const assertion = await verifyPasskeyAssertion(
        deps,
        tx,
        actor.tenantId,
        challenge,
        input.response,
        now,
      );
      if (assertion.user.id !== actor.userId)
        throw new DomainError('passkey_invalid', 'This passkey is not registered for this account');
      const { certification, record, accommodation } = await checkInFacts(tx, actor, certificationId);
      const { verdict, exceptionsOpen } = await requireEligible(uow, actor, certification, record);
      const bank = await examBank(
        tx,
        actor.tenantId,
        certificationId,
        certification.blueprintVersion as number,
      );
      const attemptId = challenge.subjectId;
      const voucherId = verdict.voucherRequired
        ? await redeemVoucher(tx, actor.tenantId, certificationId, input.voucherCode, now)
        : null;
      const seed = randomInt(2 ** 31);
      const { form, progress } = assemble(bank, seed);
      const row: AttemptRow = {
        tenantId: actor.tenantId,
        id: attemptId,
        certificationId,
        blueprintVersion: bank.version,
        candidateId: actor.userId,
        status: 'checked_in',
        mode: bank.blueprint.delivery.mode,
        seed,
        form,
        progress: progress as unknown as Record<string, unknown> | null,
        currentPosition: null,
        currentItemId: null,
        currentServedAt: null,
        answeredCount: 0,
        lastSeq: 0,
        epoch: 0,
        allowedMs: allowedTimeMs(bank.blueprint.timeLimitMin, accommodation ?? NO_EXTRA_TIME),
        breaksAllowed: accommodation?.breaksAllowed ?? 0,
        breaksTaken: 0,
        checkedInAt: now,
        checkIn: {
          method: 'passkey',
          passkeyId: assertion.passkey.id,
          credentialId: assertion.passkey.credentialId,
          userVerified: assertion.userVerified,
          at: now.toISOString(),
          address: client.address,
          userAgent: client.userAgent,
        },
        startedAt: null,
        deadline: null,
        pausedAt: null,
        finishedAt: null,
        submittedBy: null,
        voucherId,
        voidedAt: null,
        voidReason: null,
        technicalFault: null,
        settleFailures: 0,
        settleAfter: null,
        createdAt: now,
        updatedAt: now,
        version: 0,
      };
      // Written as the work ends, with its audit entry (a second live attempt is refused there all the same).
      uow.insertLater(attemptRows(row));
      if (exceptionsOpen) await useExceptions(tx, actor.tenantId, actor.userId, certificationId, attemptId);
      await uow.audit({
        action: 'attempt.checked_in',
        subjectType: 'attempt',
        subjectId: attemptId,
        details: {
          certificationId,
          blueprintVersion: bank.version,
          mode: row.mode,
          passkeyId: assertion.passkey.id,
          userVerified: assertion.userVerified,
          voucherId,
          allowedMs: row.allowedMs,
        },
      });
      uow.afterCommit(() => rememberWritten({ attempt: row, certification }));
      return attemptView(row, { bank, certificationTitle: certification.title, now });
    },
    { onUniqueViolation: 'You already have an attempt at this exam in progress: resume it' },
  );
}
