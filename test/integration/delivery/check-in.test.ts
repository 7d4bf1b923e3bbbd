import { randomUUID } from 'node:crypto';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { expect } from 'chai';
import request from 'supertest';
import type { AttemptView } from '../../../server/app/delivery/attempt-view.js';
import { DEFAULT_CANDIDATE_POLICY } from '../../../server/domain/policies/eligibility.js';
import { listCandidateAttempts } from '../../../server/persistence/repositories/attempts.js';
import { updateCertification } from '../../../server/persistence/repositories/certifications.js';
import {
  insertException,
  findCandidateRecord,
} from '../../../server/persistence/repositories/eligibility.js';
import { insertVoucherPool, listVouchersOfPool } from '../../../server/persistence/repositories/vouchers.js';
import { createTestContext, TEST_ORIGIN, type TestContext } from '../../support/context.js';
import {
  checkInFor,
  type ExamCandidate,
  type ExamProgramme,
  makeCandidate,
  makeExamProgramme,
  startExam,
} from '../../support/exam.js';
import { answerAll, submitAndRead, withFreshToken } from '../../support/exam-answers.js';
import { makeUser, tokenFor } from '../../support/factories.js';
import { FakeClock } from '../../support/fake-clock.js';

const HOUR = 3_600_000;
const bearer = (token: string) => `Bearer ${token}`;

describe('exam delivery: checking in', function () {
  this.timeout(120_000);
  const clock = new FakeClock('2026-11-22T09:00:00.000Z');
  let ctx: TestContext;
  let programme: ExamProgramme;
  before(async () => {
    ctx = await createTestContext({ clock });
    programme = await makeExamProgramme(ctx.deps);
  });
  after(() => ctx.close());

  const api = () => request(ctx.app);
  const candidate = () => makeCandidate(ctx.app, ctx.deps, programme.tenant);
  const fresh = (c: ExamCandidate) => withFreshToken(ctx.deps, programme.tenant, c);

  async function options(c: ExamCandidate, certificationId: string) {
    const res = await api()
      .post(`/api/v1/certifications/${certificationId}/check-in/options`)
      .set('Authorization', bearer(c.token))
      .send({});
    return res;
  }

  function checkIn(c: ExamCandidate, certificationId: string, body: Record<string, unknown>) {
    return api()
      .post(`/api/v1/certifications/${certificationId}/attempts`)
      .set('Authorization', bearer(c.token))
      .send(body);
  }

  async function attemptsOf(c: ExamCandidate) {
    return listCandidateAttempts(ctx.deps.db, programme.tenant.id, c.user.id);
  }

  async function setPolicy(certificationId: string, policy: Record<string, unknown>) {
    await updateCertification(ctx.deps.db, programme.tenant.id, certificationId, {
      candidatePolicy: { ...DEFAULT_CANDIDATE_POLICY, ...policy },
    });
  }

  async function catalogueEntry(c: ExamCandidate, certificationId: string) {
    const res = await api().get('/api/v1/catalogue').set('Authorization', bearer(c.token));
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    return res.body.certifications.find((e: { id: string }) => e.id === certificationId);
  }

  describe('the passkey', () => {
    it('is required: an account without one is told to add one', async () => {
      const user = await makeUser(ctx.deps, programme.tenant);
      const res = await options(
        { user, token: tokenFor(ctx.deps, programme.tenant, user) } as ExamCandidate,
        programme.linearId,
      );
      expect(res.status).to.equal(409);
      expect(res.body.error).to.deep.equal({
        code: 'passkey_required',
        message: 'Checking in needs a passkey: add one in your profile first',
      });
    });

    it("refuses someone else's challenge, which stays usable by its owner", async () => {
      const owner = await candidate();
      const intruder = await candidate();
      const start = await options(owner, programme.linearId);
      expect(start.status).to.equal(200);
      const requestOptions = start.body.options as PublicKeyCredentialRequestOptionsJSON;
      // The intruder signs the owner's challenge with their own passkey.
      const assertion = intruder.authenticator.getAssertion(
        { ...requestOptions, allowCredentials: [] },
        TEST_ORIGIN,
      );
      const refused = await checkIn(intruder, programme.linearId, {
        challengeId: start.body.challengeId,
        response: assertion,
      });
      expect(refused.status).to.equal(400);
      expect(refused.body.error).to.deep.equal({
        code: 'challenge_invalid',
        message: 'This check-in request belongs to someone else; start again',
      });
      expect(await attemptsOf(intruder)).to.deep.equal([]);

      const own = await checkIn(owner, programme.linearId, {
        challengeId: start.body.challengeId,
        response: owner.authenticator.getAssertion(requestOptions, TEST_ORIGIN),
      });
      expect(own.status, JSON.stringify(own.body)).to.equal(201);
      expect(own.body.attempt).to.include({ id: start.body.attemptId, status: 'checked_in' });
    });

    it('refuses a challenge used once already', async () => {
      const c = await candidate();
      const start = await options(c, programme.linearId);
      const body = {
        challengeId: start.body.challengeId,
        response: c.authenticator.getAssertion(start.body.options, TEST_ORIGIN),
      };
      expect((await checkIn(c, programme.linearId, body)).status).to.equal(201);
      const again = await checkIn(c, programme.linearId, body);
      expect(again.status).to.equal(400);
      expect(again.body.error).to.deep.equal({
        code: 'challenge_invalid',
        message: 'This passkey request is unknown or was already used; start again',
      });
      expect(await attemptsOf(c)).to.have.length(1);
    });

    it('refuses an assertion made for another challenge, one without user verification, and a made-up challenge', async () => {
      const c = await candidate();
      const first = await options(c, programme.linearId);
      const second = await options(c, programme.linearId);
      const replayed = await checkIn(c, programme.linearId, {
        challengeId: second.body.challengeId,
        response: c.authenticator.getAssertion(first.body.options, TEST_ORIGIN),
      });
      expect(replayed.status).to.equal(400);
      expect(replayed.body.error.code).to.equal('passkey_invalid');

      const third = await options(c, programme.linearId);
      const unverified = await checkIn(c, programme.linearId, {
        challengeId: third.body.challengeId,
        response: c.authenticator.getAssertion(third.body.options, TEST_ORIGIN, { userVerified: false }),
      });
      expect(unverified.status).to.equal(400);
      expect(unverified.body.error.code).to.equal('passkey_invalid');

      const unknown = await checkIn(c, programme.linearId, {
        challengeId: randomUUID(),
        response: c.authenticator.getAssertion(third.body.options, TEST_ORIGIN),
      });
      expect(unknown.status).to.equal(400);
      expect(unknown.body.error.code).to.equal('challenge_invalid');
      expect(await attemptsOf(c)).to.deep.equal([]);
    });

    it('records how the candidate was identified with the attempt', async () => {
      const c = await candidate();
      const attempt = await checkInFor(ctx.app, c, programme.linearId);
      const [row] = await attemptsOf(c);
      expect(row?.id).to.equal(attempt.id);
      expect(row?.checkIn).to.include({
        method: 'passkey',
        userVerified: true,
        credentialId: c.authenticator.credentials[0]?.id,
      });
    });
  });

  describe('eligibility', () => {
    it('refuses a candidate without the prerequisite, saying which, at both steps and in the catalogue', async () => {
      const c = await candidate();
      const ready = await options(c, programme.adaptiveId);
      await setPolicy(programme.adaptiveId, { prerequisites: [programme.linearId] });
      try {
        const message = 'You first need to hold Acme Cloud Platform Foundations';
        const refused = await options(c, programme.adaptiveId);
        expect(refused.status).to.equal(403);
        expect(refused.body.error).to.deep.equal({
          code: 'not_eligible',
          message,
          details: [{ path: '', rule: 'prerequisite', message }],
        });
        // A check-in begun before the rule changed is judged again when it is completed.
        const late = await checkIn(c, programme.adaptiveId, {
          challengeId: ready.body.challengeId,
          response: c.authenticator.getAssertion(ready.body.options, TEST_ORIGIN),
        });
        expect(late.status).to.equal(403);
        expect(late.body.error.message).to.equal(message);
        expect(await attemptsOf(c)).to.deep.equal([]);
        const entry = await catalogueEntry(c, programme.adaptiveId);
        expect(entry.eligibility).to.deep.equal({
          eligible: false,
          reasons: [{ rule: 'prerequisite', message, from: null }],
          earliestStart: null,
          voucherRequired: false,
          liveAttemptId: null,
        });
        expect(entry.prerequisites).to.deep.equal(['Acme Cloud Platform Foundations']);
      } finally {
        await setPolicy(programme.adaptiveId, {});
      }
    });

    it('makes a candidate who failed wait, says from when, and lets them in at that instant', async () => {
      let c = await candidate();
      const { attempt: started } = await startExam(ctx.app, c, programme.linearId);
      await answerAll(ctx.app, ctx.deps, c, started, () => false);
      const result = (await submitAndRead(ctx.app, c, started)).result;
      expect(result?.passed).to.equal(false);
      const failedAt = clock.now();
      const from = new Date(failedAt.getTime() + 24 * HOUR);
      expect(result?.earliestRetakeAt).to.equal(from.toISOString());

      const message = `You may retake from 23 November 2026 at ${from.toISOString().slice(11, 16)} UTC`;
      const entry = await catalogueEntry(c, programme.linearId);
      expect(entry.eligibility).to.deep.equal({
        eligible: false,
        reasons: [{ rule: 'retake_wait', message, from: from.toISOString() }],
        earliestStart: from.toISOString(),
        voucherRequired: false,
        liveAttemptId: null,
      });
      const refused = await options(c, programme.linearId);
      expect(refused.status).to.equal(403);
      expect(refused.body.error.message).to.equal(message);

      clock.advance(24 * HOUR - 1000);
      c = fresh(c);
      expect((await options(c, programme.linearId)).status).to.equal(403);
      clock.advance(1000);
      c = fresh(c);
      expect((await catalogueEntry(c, programme.linearId)).eligibility.eligible).to.equal(true);
      const second = await startExam(ctx.app, c, programme.linearId);
      await answerAll(ctx.app, ctx.deps, c, second.attempt, () => false);
      const failedAgain = await submitAndRead(ctx.app, c, second.attempt);
      // The second failure waits 14 days (the default policy).
      expect(failedAgain.result?.earliestRetakeAt).to.equal(
        new Date(clock.now().getTime() + 14 * 24 * HOUR).toISOString(),
      );
    });

    it('lets an exception waive the wait once: the next failure waits again', async () => {
      let c = await candidate();
      const fail = async () => {
        const { attempt } = await startExam(ctx.app, c, programme.linearId);
        await answerAll(ctx.app, ctx.deps, c, attempt, () => false);
        expect((await submitAndRead(ctx.app, c, attempt)).result?.passed).to.equal(false);
        return attempt;
      };
      await fail();
      expect((await options(c, programme.linearId)).status).to.equal(403);
      await insertException(ctx.deps.db, {
        tenantId: programme.tenant.id,
        id: randomUUID(),
        userId: c.user.id,
        certificationId: programme.linearId,
        rule: 'retake_wait',
        reason: 'The first attempt was disturbed by a fire alarm',
        grantedBy: null,
        grantedAt: clock.now(),
        usedByAttemptId: null,
      });
      expect((await catalogueEntry(c, programme.linearId)).eligibility.eligible).to.equal(true);
      const second = await fail();
      expect(
        (await findCandidateRecord(ctx.deps.db, programme.tenant.id, c.user.id)).exceptions,
      ).to.deep.equal([]);
      c = fresh(c);
      const refused = await options(c, programme.linearId);
      expect(refused.status).to.equal(403);
      expect(refused.body.error.details[0].rule).to.equal('retake_wait');
      const [row] = (await attemptsOf(c)).filter((a) => a.id === second.id);
      expect(row?.status).to.equal('scored');
    });

    it('refuses a second check-in while an attempt is live, pointing at it', async () => {
      const c = await candidate();
      const live = await checkInFor(ctx.app, c, programme.adaptiveId);
      const refused = await options(c, programme.adaptiveId);
      expect(refused.status).to.equal(403);
      expect(refused.body.error.details).to.deep.equal([
        {
          path: '',
          rule: 'live_attempt',
          message: 'You have an attempt at this exam in progress: resume it',
        },
      ]);
      expect((await catalogueEntry(c, programme.adaptiveId)).eligibility.liveAttemptId).to.equal(live.id);
    });

    it('lets a candidate whose check-in went stale check in again (the stale one is voided)', async () => {
      let c = await candidate();
      const stale = await checkInFor(ctx.app, c, programme.adaptiveId);
      clock.advance(11 * 60_000);
      c = fresh(c);
      const late = await api()
        .post(`/api/v1/attempts/${stale.id}/start`)
        .set('Authorization', bearer(c.token))
        .send({});
      expect(late.status).to.equal(400);
      expect(late.body.error).to.deep.equal({
        code: 'challenge_invalid',
        message: 'Your check-in has expired: check in again with your passkey',
      });
      const again = await checkInFor(ctx.app, c, programme.adaptiveId);
      expect(again.id).to.not.equal(stale.id);
      const old = await api().get(`/api/v1/attempts/${stale.id}`).set('Authorization', bearer(c.token));
      expect(old.body.attempt).to.include({
        status: 'voided',
        voidReason: 'The check-in expired before the exam was begun',
      });
    });
  });

  describe('vouchers', () => {
    before(() => setPolicy(programme.adaptiveId, { voucherRequired: true }));
    after(() => setPolicy(programme.adaptiveId, {}));

    /** A pool of one single-use code for the adaptive exam; returns the pool's id. */
    async function voucherPool(code: string): Promise<string> {
      const poolId = randomUUID();
      const now = clock.now();
      await insertVoucherPool(
        ctx.deps.db,
        {
          tenantId: programme.tenant.id,
          id: poolId,
          certificationId: programme.adaptiveId,
          name: `Partner pool ${code}`,
          partnerRef: null,
          expiresAt: new Date(now.getTime() + 90 * 24 * HOUR),
          usesPerCode: 1,
          createdBy: null,
          createdAt: now,
        },
        [{ tenantId: programme.tenant.id, id: randomUUID(), poolId, code, uses: 0 }],
      );
      return poolId;
    }

    const usesIn = async (poolId: string) =>
      (await listVouchersOfPool(ctx.deps.db, programme.tenant.id, poolId))[0]?.uses;

    async function tryCheckIn(c: ExamCandidate, voucherCode?: string) {
      const start = await options(c, programme.adaptiveId);
      expect(start.status, JSON.stringify(start.body)).to.equal(200);
      return checkIn(c, programme.adaptiveId, {
        challengeId: start.body.challengeId,
        response: c.authenticator.getAssertion(start.body.options, TEST_ORIGIN),
        ...(voucherCode === undefined ? {} : { voucherCode }),
      });
    }

    async function adminVoid(attemptId: string, technicalFault: boolean) {
      const admin = await makeUser(ctx.deps, programme.tenant, { roles: ['admin'] });
      return api()
        .post(`/api/v1/attempts/${attemptId}/void`)
        .set('Authorization', bearer(tokenFor(ctx.deps, programme.tenant, admin)))
        .send({ reason: 'The test centre lost power', technicalFault });
    }

    it('asks for a voucher, takes one use of it, and gives the use back when an admin voids for a technical fault', async () => {
      const poolId = await voucherPool('EXAMCODE01');
      const first = await candidate();
      expect((await catalogueEntry(first, programme.adaptiveId)).eligibility.voucherRequired).to.equal(true);
      const missing = await tryCheckIn(first);
      expect(missing.status).to.equal(400);
      expect(missing.body.error).to.deep.equal({
        code: 'voucher_invalid',
        message: 'This exam needs a voucher: enter its code',
      });
      const unknown = await tryCheckIn(first, 'NOPE-NOPE');
      expect(unknown.body.error.message).to.equal('This voucher code is not valid for this exam');
      expect(await usesIn(poolId)).to.equal(0);

      // Typed as people type it: lower case, with a dash and spaces.
      const redeemed = await tryCheckIn(first, ' examcode-01 ');
      expect(redeemed.status, JSON.stringify(redeemed.body)).to.equal(201);
      expect(await usesIn(poolId)).to.equal(1);
      const attempt = redeemed.body.attempt as AttemptView;

      const second = await candidate();
      const usedUp = await tryCheckIn(second, 'EXAMCODE01');
      expect(usedUp.status).to.equal(400);
      expect(usedUp.body.error.message).to.equal('This voucher has already been used');

      const voided = await adminVoid(attempt.id, true);
      expect(voided.status, JSON.stringify(voided.body)).to.equal(200);
      expect(voided.body.attempt).to.include({ status: 'voided', voidReason: 'The test centre lost power' });
      expect(await usesIn(poolId)).to.equal(0);

      expect((await tryCheckIn(second, 'EXAMCODE01')).status).to.equal(201);
      expect(await usesIn(poolId)).to.equal(1);
    });

    it('keeps the use when the void is not for a technical fault', async () => {
      const poolId = await voucherPool('KEPTCODE01');
      const c = await candidate();
      const redeemed = await tryCheckIn(c, 'KEPTCODE01');
      expect(redeemed.status, JSON.stringify(redeemed.body)).to.equal(201);
      const voided = await adminVoid(redeemed.body.attempt.id, false);
      expect(voided.status).to.equal(200);
      expect(await usesIn(poolId)).to.equal(1);
    });
  });
});
