import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import request from 'supertest';
import { getOutboxMessage } from '../../server/app/outbox/outbox-queries.js';
import { currentActor } from '../../server/app/unit-of-work.js';
import { listAuditEntries } from '../../server/persistence/audit-chain.js';
import { findUserByEmail } from '../../server/persistence/repositories/users.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { issueTestCredential, makeCertification } from '../support/credentials.js';
import { makeTenant, makeUser, tokenFor } from '../support/factories.js';
import { FakeClock } from '../support/fake-clock.js';
import { emailsTo, linkInEmail, tokenOf } from '../support/mailbox.js';

const PASSWORD = 'a sufficiently long passphrase';
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const uniqueEmail = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}@example.test`;

/** The files a holder downloads of one credential. */
const FILES = ['certificate.pdf', 'badge.svg', 'badge.png', 'credential.jwt'];

describe('e-mail verification: accounts confirm their address, and only then hold what was issued to it', () => {
  let ctx: TestContext;
  const clock = new FakeClock('2026-12-01T10:00:00.000Z');
  before(async () => {
    ctx = await createTestContext({ clock });
  });
  after(() => ctx.close());

  const api = () => request(ctx.app);

  async function selfRegister(tenantSlug: string, email: string) {
    await api()
      .post('/api/v1/auth/register')
      .send({ tenant: tenantSlug, email, password: PASSWORD, displayName: 'Newcomer' })
      .expect(202);
    const signedIn = await api()
      .post('/api/v1/auth/login')
      .send({ tenant: tenantSlug, email, password: PASSWORD })
      .expect(200);
    return signedIn.body.accessToken as string;
  }

  /** What the account can reach of these credentials: its list, and the status of each one's reads. */
  async function reach(token: string, ids: string[]) {
    const list = await api().get('/api/v1/me/credentials').set(bearer(token)).expect(200);
    const statuses: number[] = [];
    for (const id of ids) {
      statuses.push((await api().get(`/api/v1/credentials/${id}`).set(bearer(token))).status);
      for (const file of FILES)
        statuses.push((await api().get(`/api/v1/credentials/${id}/${file}`).set(bearer(token))).status);
    }
    return { listed: list.body.credentials.map((c: { id: string }) => c.id).sort(), statuses };
  }

  it('keeps the holder’s credentials from an unconfirmed account with their address, and hands them over once it confirms', async () => {
    const tenant = await makeTenant(ctx.deps, { settings: { selfRegistration: true } });
    const admin = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
    const certification = await makeCertification(ctx.deps, tenant, { code: 'VER-1' });
    const email = uniqueEmail('holder');
    const issued = await issueTestCredential(ctx.deps, tenant, certification, { email });
    const imported = await api()
      .post('/api/v1/credentials/import')
      .set(bearer(tokenFor(ctx.deps, tenant, admin)))
      .send({
        csv: `name,email,certification,issued\nHeld Holder,${email.toUpperCase()},VER-1,2025-05-01\n`,
      });
    expect(imported.status, JSON.stringify(imported.body)).to.equal(200);
    // The same address in another tenant is another person's business.
    const other = await makeTenant(ctx.deps);
    const elsewhere = await issueTestCredential(ctx.deps, other, await makeCertification(ctx.deps, other), {
      email,
    });

    const token = await selfRegister(tenant.slug, email);
    const byHand = await issueTestCredential(ctx.deps, tenant, certification, { email });
    const ids = [
      issued.id,
      byHand.id,
      (await listHolderIds()).find((id) => id !== issued.id && id !== byHand.id)!,
    ];
    async function listHolderIds(): Promise<string[]> {
      const all = await api()
        .get('/api/v1/credentials')
        .set(bearer(tokenFor(ctx.deps, tenant, admin)));
      return all.body.credentials
        .filter((c: { holder: { email: string } }) => c.holder.email === email)
        .map((c: { id: string }) => c.id);
    }
    expect(await listHolderIds()).to.have.length(3);

    // Unconfirmed: nothing listed, every read and download 404, even for one issued after it registered.
    const unconfirmed = await reach(token, ids);
    expect(unconfirmed.listed).to.deep.equal([]);
    expect(unconfirmed.statuses.every((s) => s === 404)).to.equal(true);

    // The person opens the e-mailed link.
    const link = await linkInEmail(ctx.deps.db, email, 'email-verification');
    const verified = await api()
      .post('/api/v1/auth/verify-email')
      .send({ token: tokenOf(link) })
      .expect(200);
    expect(verified.body).to.deep.equal({
      tenant: tenant.slug,
      email,
      verifiedAt: clock.now().toISOString(),
      credentialsLinked: 3,
    });

    const confirmed = await reach(token, ids);
    expect(confirmed.listed).to.deep.equal([...ids].sort());
    expect(confirmed.statuses.every((s) => s === 200)).to.equal(true);
    const me = await api().get('/api/v1/me').set(bearer(token)).expect(200);
    expect(me.body.user.emailVerifiedAt).to.equal(clock.now().toISOString());

    // Issued from now on, a credential to the address joins the account at once.
    const later = await issueTestCredential(ctx.deps, tenant, certification, { email });
    expect((await reach(token, [later.id])).statuses.every((s) => s === 200)).to.equal(true);

    // Audited in the tenant's chain; the other tenant's credential stays with nobody.
    const actions = (await listAuditEntries(ctx.deps.db, tenant.id, 100)).map((e) => e.action);
    expect(actions.filter((a) => a === 'user.email_verified')).to.have.length(1);
    expect(actions.filter((a) => a === 'credential.holder_linked')).to.have.length(3);
    const elsewhereNow = await api()
      .get(`/api/v1/credentials/${elsewhere.id}`)
      .set(bearer(tokenFor(ctx.deps, other, await makeUser(ctx.deps, other, { roles: ['admin'] }))))
      .expect(200);
    expect(elsewhereNow.body.credential.holder.userId).to.equal(null);
  });

  it('answers two simultaneous registrations of one new address alike: one account, the second told by e-mail', async () => {
    const tenant = await makeTenant(ctx.deps, { settings: { selfRegistration: true } });
    const email = uniqueEmail('twin');
    const attempt = () =>
      api()
        .post('/api/v1/auth/register')
        .send({ tenant: tenant.slug, email, password: PASSWORD, displayName: 'Twin' });
    const answers = await Promise.all([attempt(), attempt(), attempt()]);
    expect(answers.map((a) => a.status)).to.deep.equal([202, 202, 202]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).to.equal(1);
    const kinds = (await emailsTo(ctx.deps.db, email)).map((m) => m.kind).sort();
    expect(kinds).to.deep.equal(['email-verification', 'registration-exists', 'registration-exists']);
  });

  it('links every credential issued while the address is being confirmed, whichever commits first', async () => {
    const tenant = await makeTenant(ctx.deps, { settings: { selfRegistration: true } });
    const certification = await makeCertification(ctx.deps, tenant);
    const email = uniqueEmail('race');
    const token = await selfRegister(tenant.slug, email);
    const link = tokenOf(await linkInEmail(ctx.deps.db, email, 'email-verification'));
    const [issued] = await Promise.all([
      Promise.all(
        [1, 2, 3, 4, 5, 6].map(() => issueTestCredential(ctx.deps, tenant, certification, { email })),
      ),
      api().post('/api/v1/auth/verify-email').send({ token: link }).expect(200),
    ]);
    const mine = await api().get('/api/v1/me/credentials').set(bearer(token)).expect(200);
    expect(mine.body.credentials.map((c: { id: string }) => c.id).sort()).to.deep.equal(
      issued.map((c) => c.id).sort(),
    );
  });

  it('accepts a confirmation link once, and not after 48 hours', async () => {
    const tenant = await makeTenant(ctx.deps, { settings: { selfRegistration: true } });
    const email = uniqueEmail('once');
    await selfRegister(tenant.slug, email);
    const token = tokenOf(await linkInEmail(ctx.deps.db, email, 'email-verification'));
    await api().post('/api/v1/auth/verify-email').send({ token }).expect(200);
    const again = await api().post('/api/v1/auth/verify-email').send({ token }).expect(400);
    expect(again.body.error.code).to.equal('verification_invalid');
    const garbage = await api().post('/api/v1/auth/verify-email').send({ token: 'not-a-token' }).expect(400);
    expect(garbage.body.error.code).to.equal('verification_invalid');

    const late = uniqueEmail('late');
    await selfRegister(tenant.slug, late);
    const lateToken = tokenOf(await linkInEmail(ctx.deps.db, late, 'email-verification'));
    clock.advance(48 * 3_600_000);
    const expired = await api().post('/api/v1/auth/verify-email').send({ token: lateToken }).expect(400);
    expect(expired.body.error.code).to.equal('verification_invalid');
    expect((await findUserByEmail(ctx.deps.db, tenant.id, late))?.emailVerifiedAt).to.equal(null);
  });

  it('sends a signed-in, unconfirmed person a new link on request; the older link stops working', async () => {
    const tenant = await makeTenant(ctx.deps, { settings: { selfRegistration: true } });
    const email = uniqueEmail('resend');
    const token = await selfRegister(tenant.slug, email);
    const first = tokenOf(await linkInEmail(ctx.deps.db, email, 'email-verification'));

    clock.advance(60_000);
    const resent = await api().post('/api/v1/me/email-verification').set(bearer(token)).send({}).expect(202);
    expect(resent.body).to.deep.equal({
      email,
      expiresAt: new Date(clock.now().getTime() + 48 * 3_600_000).toISOString(),
    });
    const mails = (await emailsTo(ctx.deps.db, email)).filter((m) => m.kind === 'email-verification');
    expect(mails).to.have.length(2);
    const second = tokenOf(mails[0]?.link as string);
    expect(second).to.not.equal(first);

    await api().post('/api/v1/auth/verify-email').send({ token: first }).expect(400);
    await api().post('/api/v1/auth/verify-email').send({ token: second }).expect(200);
    const done = await api().post('/api/v1/me/email-verification').set(bearer(token)).send({}).expect(409);
    expect(done.body.error.code).to.equal('conflict');
    await api().post('/api/v1/me/email-verification').send({}).expect(401);
  });

  it("keeps an admin reading the outbox from confirming someone else's address once e-mail is delivered", async () => {
    const tenant = await makeTenant(ctx.deps, { settings: { selfRegistration: true } });
    const admin = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
    const email = uniqueEmail('private');
    await selfRegister(tenant.slug, email);
    const token = tokenOf(await linkInEmail(ctx.deps.db, email, 'email-verification'));
    const list = await api()
      .get('/api/v1/outbox')
      .set(bearer(tokenFor(ctx.deps, tenant, admin)))
      .expect(200);
    const { id } = list.body.messages.find((m: { recipient: string }) => m.recipient === email);
    const acting = await currentActor(ctx.deps.db, {
      userId: admin.id,
      tenantId: tenant.id,
      tenantSlug: tenant.slug,
      roles: admin.roles,
    });
    // With SMTP configured the person reads the link in their own mailbox: the admin's view hides its token.
    const delivering = { ...ctx.deps, outbox: { kick: () => undefined, delivers: ['email' as const] } };
    const hidden = await getOutboxMessage(delivering, acting, id);
    expect(hidden.text).to.contain('verify-email?token=[hidden]').and.not.contain(token);
    expect(hidden.html).to.not.contain(token);
    // Without SMTP (the demo) the outbox is the only mailbox, and the link is shown as it would be sent.
    const kept = await api()
      .get(`/api/v1/outbox/${id}`)
      .set(bearer(tokenFor(ctx.deps, tenant, admin)))
      .expect(200);
    expect(kept.body.message.text).to.contain(token);
    await api().post('/api/v1/auth/verify-email').send({ token }).expect(200);
  });
});
