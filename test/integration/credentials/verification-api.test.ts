import { expect } from 'chai';
import request from 'supertest';
import { checkCharacter, ID_ALPHABET } from '../../../server/domain/credentials/certificate-id.js';
import { listAuditEntries } from '../../../server/persistence/audit-chain.js';
import type { TenantRow } from '../../../server/persistence/repositories/tenants.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import { issueTestCredential, makeCertification } from '../../support/credentials.js';
import { makeTenant, makeUser, tokenFor } from '../../support/factories.js';
import { FakeClock } from '../../support/fake-clock.js';

/** Replaces one random character of the ID with another, so the check character no longer fits. */
function mistype(certificateId: string): string {
  const at = certificateId.lastIndexOf('-') - 2;
  const wrong = ID_ALPHABET[(ID_ALPHABET.indexOf(certificateId[at] as string) + 1) % 32];
  return `${certificateId.slice(0, at)}${wrong}${certificateId.slice(at + 1)}`;
}

describe('verification API and legacy holder import', () => {
  const clock = new FakeClock('2026-11-22T09:00:00.000Z');
  let ctx: TestContext;
  let tenant: TenantRow;
  let adminToken: string;

  before(async () => {
    ctx = await createTestContext({ clock });
    tenant = await makeTenant(ctx.deps, { settings: { verificationPrivacy: 'initials' } });
    adminToken = tokenFor(ctx.deps, tenant, await makeUser(ctx.deps, tenant, { roles: ['admin'] }));
    await makeCertification(ctx.deps, tenant, { code: 'ACP-A', validityMonths: 24 });
    await makeCertification(ctx.deps, tenant, { code: 'ACP-F', validityMonths: 36 });
  });
  after(() => ctx.close());

  const lookup = (id: string) => request(ctx.app).get(`/api/v1/verify/${encodeURIComponent(id)}`);
  const importCsv = (csv: string, dryRun = false) =>
    request(ctx.app)
      .post(`/api/v1/credentials/import${dryRun ? '?dryRun=true' : ''}`)
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ csv });

  it('finds an ID typed in lower case, with spaces or without dashes, and shows the name as privacy allows', async () => {
    const certification = await makeCertification(ctx.deps, tenant);
    const { certificateId } = await issueTestCredential(ctx.deps, tenant, certification, {
      name: 'Ada King Lovelace',
    });
    for (const typed of [
      certificateId,
      certificateId.toLowerCase(),
      certificateId.replace(/-/g, ''),
      certificateId.replace(/-/g, ' '),
    ]) {
      const res = await lookup(typed);
      expect(res.body.outcome, typed).to.equal('found');
      expect(res.body.credential).to.include({
        certificateId,
        status: 'active',
        valid: true,
        holderName: 'A. K. L.',
      });
    }
  });

  it('says a character is wrong for a mistyped ID, and not found for an unknown well-formed one', async () => {
    const certification = await makeCertification(ctx.deps, tenant);
    const { certificateId } = await issueTestCredential(ctx.deps, tenant, certification);
    const wrong = await lookup(mistype(certificateId));
    expect(wrong.body).to.deep.equal({
      outcome: 'check_failed',
      message: 'Check the ID: a character is wrong.',
    });
    const body = 'ZZZZZZZZZZZZZ';
    const unknown = await lookup(`${certificateId.split('-')[0]}-${body}${checkCharacter(body)}`);
    expect(unknown.body.outcome).to.equal('not_found');
    expect(await lookup('x').then((r) => r.body.outcome)).to.equal('not_found');
  });

  it('computes the status when asked: expiring inside the window and expired after the date, with no job run', async () => {
    const certification = await makeCertification(ctx.deps, tenant, { validityMonths: 12 });
    const { certificateId } = await issueTestCredential(ctx.deps, tenant, certification, {
      issuedAt: new Date('2025-12-01T00:00:00.000Z'),
    });
    expect((await lookup(certificateId)).body.credential.status).to.equal('expiring');
    clock.set('2026-12-01T00:00:01.000Z');
    try {
      const res = await lookup(certificateId);
      expect(res.body.credential).to.include({
        status: 'expired',
        valid: false,
        expiresAt: '2026-12-01T00:00:00.000Z',
      });
    } finally {
      clock.set('2026-11-22T09:00:00.000Z');
    }
  });

  it('verifies up to 100 IDs in one call, in order, and refuses 101', async () => {
    const certification = await makeCertification(ctx.deps, tenant);
    const a = await issueTestCredential(ctx.deps, tenant, certification);
    const b = await issueTestCredential(ctx.deps, tenant, certification);
    const res = await request(ctx.app)
      .post('/api/v1/verify/bulk')
      .send({
        ids: [b.certificateId.toLowerCase(), mistype(a.certificateId), a.certificateId, 'LEGACY-NOPE'],
      });
    expect(res.status).to.equal(200);
    expect(res.body.results.map((r: { outcome: string }) => r.outcome)).to.deep.equal([
      'found',
      'check_failed',
      'found',
      'not_found',
    ]);
    expect(res.body.results[0].credential.certificateId).to.equal(b.certificateId);
    const tooMany = await request(ctx.app)
      .post('/api/v1/verify/bulk')
      .send({ ids: Array(101).fill(a.certificateId) });
    expect(tooMany.status).to.equal(400);
  });

  it('imports legacy holders all or nothing, reporting every bad row by line', async () => {
    const auditBefore = (await listAuditEntries(ctx.deps.db, tenant.id)).length;
    const bad = await importCsv(
      [
        'Name,E-mail,Certification,Issued,Expires,Legacy ID',
        'Alan Turing,alan@example.test,ACP-A,2024-03-01,,OLD-1001',
        'Bad Mail,not-mail,ACP-A,2024-03-01,,OLD-1002',
        'No Such,nosuch@example.test,NOPE-1,2024-03-01,,OLD-1003',
        'Future Person,future@example.test,ACP-F,2027-01-01,,OLD-1004',
      ].join('\n'),
    );
    expect(bad.status).to.equal(400);
    expect(bad.body.error.message).to.match(/nothing was imported/);
    const paths = bad.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).to.include.members(['/rows/3/email']);
    const all = await importCsv(
      [
        'Name,E-mail,Certification,Issued,Expires,Legacy ID',
        'Bad Mail,not-mail,ACP-A,2024-03-01,,OLD-1002',
        'No Such,nosuch@example.test,NOPE-1,2024-03-01,,OLD-1003',
        'Future Person,future@example.test,ACP-F,2027-01-01,,OLD-1004',
      ].join('\n'),
    );
    // One pass: the format problem and the programme's own checks (unknown code, future date) together.
    expect(all.body.error.details.map((d: { path: string }) => d.path)).to.deep.equal([
      '/rows/2/email',
      '/rows/3/certification',
      '/rows/4/issued',
    ]);
    const mixed = await importCsv(
      [
        'Name,E-mail,Certification,Issued,Expires,Legacy ID',
        'Both Wrong,not-mail,NOPE-2,2024-03-01,,bad*id',
      ].join('\n'),
    );
    // The column is named as the file's header says it, in the instructions' words: "legacy id".
    expect(mixed.body.error.details.map((d: { message: string }) => d.message)).to.deep.equal([
      'line 2 (email): "not-mail" is not an e-mail address',
      'line 2 (legacy id): "bad*id" is not a legacy ID (1 to 64 letters, digits, spaces, ".", "_", "/" or "-")',
      'line 2 (certification): no certification has the code NOPE-2',
    ]);
    const semantic = await importCsv(
      [
        'Name,E-mail,Certification,Issued,Expires,Legacy ID',
        'No Such,nosuch@example.test,NOPE-1,2024-03-01,,OLD-1003',
        'Future Person,future@example.test,ACP-F,2027-01-01,,OLD-1004',
      ].join('\n'),
    );
    expect(semantic.body.error.details.map((d: { message: string }) => d.message)).to.deep.equal([
      'line 2 (certification): no certification has the code NOPE-1',
      'line 3 (issued): 2027-01-01 is in the future',
    ]);
    expect((await listAuditEntries(ctx.deps.db, tenant.id)).length, 'nothing written').to.equal(auditBefore);
  });

  it('imports holders with their dates, keeps legacy IDs as aliases that verify, and refuses a legacy ID twice', async () => {
    const csv = [
      'name,email,certification,issued,expires,legacy id',
      'Alan Turing,ALAN@example.test,ACP-A,2024-03-01,2026-03-01,OLD-2001',
      '"Hopper, Grace",grace@example.test,ACP-F,2025-06-15,,',
    ].join('\r\n');
    const dry = await importCsv(csv, true);
    expect(dry.body).to.include({ dryRun: true, imported: 2 });
    const res = await importCsv(csv);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.imported).to.equal(2);
    const [alan, grace] = res.body.holders;
    const byLegacy = await lookup('old 2001');
    expect(byLegacy.body.outcome).to.equal('found');
    expect(byLegacy.body.credential).to.include({
      certificateId: alan.certificateId,
      status: 'expired',
      issuedAt: '2024-03-01T00:00:00.000Z',
      expiresAt: '2026-03-01T00:00:00.000Z',
      legacyId: 'old 2001',
    });
    const g = (await lookup(grace.certificateId)).body.credential;
    expect(g).to.include({ holderName: 'H. G.', expiresAt: '2028-06-15T00:00:00.000Z', status: 'active' });
    const again = await importCsv(
      ['name,email,certification,issued,legacy id', 'Someone,s@example.test,ACP-A,2024-01-01,old-2001'].join(
        '\n',
      ),
    );
    expect(again.status).to.equal(400);
    expect(again.body.error.details[0].message).to.match(/legacy ID old-2001 is already in use/);
  });

  it('rate-limits verification per client address', async () => {
    const limited = await createTestContext({ verificationRateLimitPerMin: 3 });
    try {
      const statuses = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await request(limited.app).get('/api/v1/verify/ACME-0000')).status);
      expect(statuses).to.deep.equal([200, 200, 200, 429, 429]);
      const body = (await request(limited.app).get('/api/v1/verify/ACME-0000')).body;
      expect(body.error.code).to.equal('rate_limited');
    } finally {
      await limited.close();
    }
  });
});
