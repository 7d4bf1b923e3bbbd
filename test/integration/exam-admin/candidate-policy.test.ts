import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { DEFAULT_CANDIDATE_POLICY } from '../../../server/domain/policies/eligibility.js';
import { listAuditEntries } from '../../../server/persistence/audit-chain.js';
import type { TenantRow } from '../../../server/persistence/repositories/tenants.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import { checkInFor, type ExamProgramme, makeCandidate, makeExamProgramme } from '../../support/exam.js';
import { bearer, memberOf } from '../../support/exam-admin.js';
import { makeTenant } from '../../support/factories.js';
import { rowCounts } from '../../support/row-counts.js';

const OPEN = { prerequisites: [], retakeWaitHours: [24], maxAttemptsPerYear: null, voucherRequired: false };

describe('exam administration: candidate policies and eligibility exceptions', function () {
  this.timeout(120_000);
  let ctx: TestContext;
  let programme: ExamProgramme;
  let tenant: TenantRow;
  let admin: string;
  before(async () => {
    ctx = await createTestContext();
    programme = await makeExamProgramme(ctx.deps);
    tenant = programme.tenant;
    admin = (await memberOf(ctx.deps, tenant)).token;
  });
  after(() => ctx.close());

  const api = () => request(ctx.app);
  const policyPath = (id: string) => `/api/v1/certifications/${id}/candidate-policy`;
  const putPolicy = (id: string, body: unknown, token = admin) =>
    api()
      .put(policyPath(id))
      .set(bearer(token))
      .send(body as object);
  const checkInOptions = (token: string, certificationId: string) =>
    api().post(`/api/v1/certifications/${certificationId}/check-in/options`).set(bearer(token)).send({});
  const grant = (body: Record<string, unknown>, token = admin) =>
    api().post('/api/v1/eligibility-exceptions').set(bearer(token)).send(body);
  const openExceptions = (query = '') =>
    api().get(`/api/v1/eligibility-exceptions${query}`).set(bearer(admin)).expect(200);

  describe('candidate policy', () => {
    it('shows the defaults until an admin sets a policy, then the policy as saved', async () => {
      const shown = await api().get(policyPath(programme.adaptiveId)).set(bearer(admin)).expect(200);
      expect(shown.body).to.deep.equal({
        certificationId: programme.adaptiveId,
        policy: DEFAULT_CANDIDATE_POLICY,
        custom: false,
      });
      const policy = {
        prerequisites: [],
        retakeWaitHours: [0, 48, 720],
        maxAttemptsPerYear: 5,
        voucherRequired: true,
      };
      const saved = await putPolicy(programme.adaptiveId, policy);
      expect(saved.status, saved.text).to.equal(200);
      expect(saved.body).to.deep.equal({ certificationId: programme.adaptiveId, policy, custom: true });
      const again = await api().get(policyPath(programme.adaptiveId)).set(bearer(admin)).expect(200);
      expect(again.body.policy).to.deep.equal(policy);
      await putPolicy(programme.adaptiveId, OPEN).expect(200);
    });

    it('is applied at the next check-in: a prerequisite keeps a candidate out until it is held', async () => {
      await putPolicy(programme.linearId, { ...OPEN, prerequisites: [programme.adaptiveId] }).expect(200);
      const candidate = await makeCandidate(ctx.app, ctx.deps, tenant);
      const refused = await checkInOptions(candidate.token, programme.linearId);
      expect(refused.status).to.equal(403);
      expect(refused.body.error.code).to.equal('not_eligible');
      expect(refused.body.error.message).to.equal('You first need to hold Acme Cloud Platform Associate');
      await putPolicy(programme.linearId, OPEN).expect(200);
      await checkInOptions(candidate.token, programme.linearId).expect(200);
    });

    it('refuses a certification as its own prerequisite, unknown or foreign ones, repeats and cycles, writing nothing', async () => {
      const other = await makeExamProgramme(ctx.deps);
      await putPolicy(programme.linearId, { ...OPEN, prerequisites: [programme.adaptiveId] }).expect(200);
      const cases: Array<[string, unknown, string, string]> = [
        [
          programme.linearId,
          { ...OPEN, prerequisites: [programme.linearId] },
          '/prerequisites/0',
          'self_prerequisite',
        ],
        [
          programme.linearId,
          { ...OPEN, prerequisites: [randomUUID()] },
          '/prerequisites/0',
          'unknown_certification',
        ],
        [
          programme.linearId,
          { ...OPEN, prerequisites: [other.linearId] },
          '/prerequisites/0',
          'unknown_certification',
        ],
        [
          programme.linearId,
          { ...OPEN, prerequisites: [programme.adaptiveId, programme.adaptiveId] },
          '/prerequisites/1',
          'uniqueItems',
        ],
        [
          programme.adaptiveId,
          { ...OPEN, prerequisites: [programme.linearId] },
          '/prerequisites/0',
          'prerequisite_cycle',
        ],
        [programme.linearId, { ...OPEN, prerequisites: ['ACP-A'] }, '/prerequisites/0', 'pattern'],
        [programme.linearId, { ...OPEN, retakeWaitHours: [-1] }, '/retakeWaitHours/0', 'minimum'],
        [programme.linearId, { ...OPEN, retakeWaitHours: [24, 9000] }, '/retakeWaitHours/1', 'maximum'],
        [programme.linearId, { ...OPEN, retakeWaitHours: [1.5] }, '/retakeWaitHours/0', 'type'],
        [programme.linearId, { ...OPEN, retakeWaitHours: Array(11).fill(1) }, '/retakeWaitHours', 'maxItems'],
        [programme.linearId, { ...OPEN, maxAttemptsPerYear: 0 }, '/maxAttemptsPerYear', 'minimum'],
        [programme.linearId, { ...OPEN, maxAttemptsPerYear: 101 }, '/maxAttemptsPerYear', 'maximum'],
        [programme.linearId, { ...OPEN, voucherRequired: 'yes' }, '/voucherRequired', 'type'],
        [programme.linearId, { prerequisites: [], retakeWaitHours: [] }, '/maxAttemptsPerYear', 'required'],
      ];
      const before = await rowCounts(ctx.deps.db);
      for (const [id, body, path, rule] of cases) {
        const res = await putPolicy(id, body);
        expect(res.status, `${JSON.stringify(body)}: ${res.text}`).to.equal(400);
        expect(res.body.error.code).to.equal('validation_failed');
        expect(res.body.error.details, JSON.stringify(body)).to.deep.include.members([
          {
            path,
            rule,
            message: res.body.error.details.find((d: { path: string }) => d.path === path)?.message,
          },
        ]);
      }
      expect(await rowCounts(ctx.deps.db)).to.deep.equal(before);
      const cycle = await putPolicy(programme.adaptiveId, { ...OPEN, prerequisites: [programme.linearId] });
      expect(cycle.body.error.details[0].message).to.equal(
        'Acme Cloud Platform Foundations already requires this certification, so neither could ever be earned',
      );
      await putPolicy(programme.linearId, OPEN).expect(200);
    });

    it('is for admins of the programme only', async () => {
      for (const role of ['candidate', 'author'] as const) {
        const { token } = await memberOf(ctx.deps, tenant, [role]);
        await api().get(policyPath(programme.linearId)).set(bearer(token)).expect(403);
        await putPolicy(programme.linearId, OPEN, token).expect(403);
      }
      const stranger = (await memberOf(ctx.deps, (await makeExamProgramme(ctx.deps)).tenant)).token;
      await api().get(policyPath(programme.linearId)).set(bearer(stranger)).expect(404);
      const before = await rowCounts(ctx.deps.db);
      await putPolicy(programme.linearId, OPEN, stranger).expect(404);
      expect(await rowCounts(ctx.deps.db)).to.deep.equal(before);
    });
  });

  describe('eligibility exceptions', () => {
    it("waives the voucher for the candidate's next check-in only, and is listed until then", async () => {
      await putPolicy(programme.linearId, { ...OPEN, voucherRequired: true }).expect(200);
      const candidate = await makeCandidate(ctx.app, ctx.deps, tenant);
      const granted = await grant({
        userId: candidate.user.id,
        certificationId: programme.linearId,
        rule: 'voucher',
        reason: 'Voucher bought by phone; the partner sends it later',
      });
      expect(granted.status, granted.text).to.equal(201);
      expect(granted.body.exception).to.deep.include({
        candidate: { id: candidate.user.id, name: 'Cara Candidate', email: candidate.user.email },
        certification: { id: programme.linearId, code: 'ACP-F', title: 'Acme Cloud Platform Foundations' },
        rule: 'voucher',
        reason: 'Voucher bought by phone; the partner sends it later',
      });
      const listed = await openExceptions(`?userId=${candidate.user.id}`);
      expect(listed.body.exceptions.map((e: { id: string }) => e.id)).to.deep.equal([
        granted.body.exception.id,
      ]);

      const attempt = await checkInFor(ctx.app, candidate, programme.linearId);
      expect(attempt.status).to.equal('checked_in');
      expect((await openExceptions(`?userId=${candidate.user.id}`)).body.exceptions).to.deep.equal([]);
      await putPolicy(programme.linearId, OPEN).expect(200);
    });

    it('lets a candidate without the prerequisite check in', async () => {
      await putPolicy(programme.linearId, { ...OPEN, prerequisites: [programme.adaptiveId] }).expect(200);
      const candidate = await makeCandidate(ctx.app, ctx.deps, tenant);
      await checkInOptions(candidate.token, programme.linearId).expect(403);
      await grant({
        userId: candidate.user.id,
        certificationId: programme.linearId,
        rule: 'prerequisite',
        reason: 'Holds the equivalent from the acquired company',
      }).expect(201);
      await checkInOptions(candidate.token, programme.linearId).expect(200);
      const byCertification = await openExceptions(`?certificationId=${programme.linearId}`);
      expect(byCertification.body.exceptions.map((e: { rule: string }) => e.rule)).to.include('prerequisite');
      await putPolicy(programme.linearId, OPEN).expect(200);
    });

    it('is revoked while unused: the rule applies again; a used one stays with its attempt', async () => {
      await putPolicy(programme.linearId, { ...OPEN, prerequisites: [programme.adaptiveId] }).expect(200);
      const candidate = await makeCandidate(ctx.app, ctx.deps, tenant);
      const body = {
        userId: candidate.user.id,
        certificationId: programme.linearId,
        rule: 'prerequisite',
        reason: 'Granted to the wrong person',
      };
      const granted = (await grant(body).expect(201)).body.exception;
      await checkInOptions(candidate.token, programme.linearId).expect(200);

      const revoked = await api().delete(`/api/v1/eligibility-exceptions/${granted.id}`).set(bearer(admin));
      expect(revoked.status, revoked.text).to.equal(204);
      await checkInOptions(candidate.token, programme.linearId).expect(403);
      expect((await openExceptions(`?userId=${candidate.user.id}`)).body.exceptions).to.deep.equal([]);
      const [entry] = (await listAuditEntries(ctx.deps.db, tenant.id)).filter(
        (e) => e.action === 'eligibility_exception.revoked',
      );
      expect(entry?.details).to.deep.equal({
        exceptionId: granted.id,
        certificationId: programme.linearId,
        rule: 'prerequisite',
      });
      const gone = await api().delete(`/api/v1/eligibility-exceptions/${granted.id}`).set(bearer(admin));
      expect(gone.status).to.equal(404);
      expect(gone.body.error).to.deep.equal({ code: 'not_found', message: 'No such exception' });

      // Used by a check-in, an exception is part of that attempt's record.
      const used = (await grant(body).expect(201)).body.exception;
      await checkInFor(ctx.app, candidate, programme.linearId);
      const before = await rowCounts(ctx.deps.db);
      const refused = await api().delete(`/api/v1/eligibility-exceptions/${used.id}`).set(bearer(admin));
      expect(refused.status).to.equal(409);
      expect(refused.body.error.message).to.equal(
        'This exception was used by a check-in and stays with that attempt',
      );
      expect(await rowCounts(ctx.deps.db)).to.deep.equal(before);
      // Candidates cannot revoke, and another programme's admin finds nothing.
      await api()
        .delete(`/api/v1/eligibility-exceptions/${used.id}`)
        .set(bearer(candidate.token))
        .expect(403);
      const other = await makeTenant(ctx.deps);
      const stranger = (await memberOf(ctx.deps, other)).token;
      await api().delete(`/api/v1/eligibility-exceptions/${used.id}`).set(bearer(stranger)).expect(404);
      await putPolicy(programme.linearId, OPEN).expect(200);
    });

    it('refuses a second open exception to the same rule', async () => {
      const candidate = await makeCandidate(ctx.app, ctx.deps, tenant);
      const body = {
        userId: candidate.user.id,
        certificationId: programme.adaptiveId,
        rule: 'retake_wait',
        reason: 'Exam centre closed on the retake day',
      };
      await grant(body).expect(201);
      const again = await grant(body);
      expect(again.status).to.equal(409);
      expect(again.body.error.message).to.equal(
        'Cara Candidate already has an unused exception to this rule for ACP-A',
      );
    });

    it('needs a reason and a waivable rule, and writes nothing otherwise', async () => {
      const candidate = await makeCandidate(ctx.app, ctx.deps, tenant);
      const base = {
        userId: candidate.user.id,
        certificationId: programme.adaptiveId,
        rule: 'attempt_limit',
      };
      const cases: Array<[Record<string, unknown>, string]> = [
        [base, '/reason'],
        [{ ...base, reason: '   ' }, '/reason'],
        [{ ...base, reason: 'ok' }, '/reason'],
        [{ ...base, reason: 'x'.repeat(501) }, '/reason'],
        [{ ...base, reason: 'Because', rule: 'live_attempt' }, '/rule'],
        [{ ...base, reason: 'Because', userId: 'someone' }, '/userId'],
      ];
      const before = await rowCounts(ctx.deps.db);
      for (const [body, path] of cases) {
        const res = await grant(body);
        expect(res.status, res.text).to.equal(400);
        expect(res.body.error.details.map((d: { path: string }) => d.path)).to.include(path);
      }
      expect(await rowCounts(ctx.deps.db)).to.deep.equal(before);
    });

    it('is for admins only, and knows no user or certification of another programme', async () => {
      const candidate = await makeCandidate(ctx.app, ctx.deps, tenant);
      const body = {
        userId: candidate.user.id,
        certificationId: programme.adaptiveId,
        rule: 'attempt_limit',
        reason: 'Third attempt after a proctor error',
      };
      for (const role of ['candidate', 'author'] as const) {
        const { token } = await memberOf(ctx.deps, tenant, [role]);
        await grant(body, token).expect(403);
        await api().get('/api/v1/eligibility-exceptions').set(bearer(token)).expect(403);
      }
      const other = await makeExamProgramme(ctx.deps);
      const stranger = await memberOf(ctx.deps, other.tenant);
      const before = await rowCounts(ctx.deps.db);
      await grant(body, stranger.token).expect(404);
      await grant({ ...body, certificationId: other.adaptiveId }).expect(404);
      await grant({ ...body, userId: stranger.user.id }).expect(404);
      await grant({ ...body, userId: randomUUID() }).expect(404);
      expect(await rowCounts(ctx.deps.db)).to.deep.equal(before);
      const theirs = await api()
        .get(`/api/v1/eligibility-exceptions?userId=${candidate.user.id}`)
        .set(bearer(stranger.token))
        .expect(200);
      expect(theirs.body.exceptions).to.deep.equal([]);
    });
  });
});
