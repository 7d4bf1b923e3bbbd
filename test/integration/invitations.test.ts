import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { and, eq } from 'drizzle-orm';
import request from 'supertest';
import type { Actor } from '../../server/adapters/token-service.js';
import { cancelInvitation } from '../../server/app/cancel-invitation.js';
import { inviteUser } from '../../server/app/invite-user.js';
import { resendInvitation } from '../../server/app/resend-invitation.js';
import { updateUser } from '../../server/app/update-user.js';
import { listAuditEntries, verifyAuditChain } from '../../server/persistence/audit-chain.js';
import { listOutboxMessages } from '../../server/persistence/repositories/outbox.js';
import type { TenantRow } from '../../server/persistence/repositories/tenants.js';
import type { UserRow } from '../../server/persistence/repositories/users.js';
import { invitations, users } from '../../server/persistence/schema.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { makeTenant, makeUser, tokenFor } from '../support/factories.js';
import { FakeClock } from '../support/fake-clock.js';
import { rejection } from '../support/rejection.js';

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const uniqueEmail = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}@example.test`;
const PASSWORD = 'a sufficiently long passphrase';
const DAY_MS = 86_400_000;

/** The actor a token names, with the roles it claims (which may be stale). */
const claimed = (tenant: TenantRow, user: UserRow, roles = user.roles): Actor => ({
  userId: user.id,
  tenantId: tenant.id,
  tenantSlug: tenant.slug,
  roles,
});

/** The rendered e-mail of an outbox row (fails the test when there is none). */
function mailOf(row: { payload: unknown } | undefined): { subject: string; text: string; html: string } {
  if (!row) throw new Error('no e-mail in the outbox');
  return row.payload as { subject: string; text: string; html: string };
}

/** The link a stored e-mail carries (the call to action in its text body). */
function linkIn(text: string): string {
  const match = /(https?:\/\/\S+\/register\?invitation=\S+)/.exec(text);
  if (!match?.[1]) throw new Error(`no invitation link in: ${text}`);
  return match[1];
}

describe('invitations', () => {
  let ctx: TestContext;
  const clock = new FakeClock('2026-12-01T10:00:00.000Z');
  before(async () => {
    ctx = await createTestContext({ clock });
  });
  after(() => ctx.close());

  const api = () => request(ctx.app);
  /** An admin's POST /api/v1/invitations with this body. */
  const postInvitation = (token: string, body: Record<string, unknown>) =>
    api().post('/api/v1/invitations').set(bearer(token)).send(body);

  /** A tenant that takes invitations only, with an admin. */
  async function tenantWithAdmin() {
    const tenant = await makeTenant(ctx.deps, { settings: { selfRegistration: false } });
    const admin = await makeUser(ctx.deps, tenant, { roles: ['admin'], displayName: 'Ada Admin' });
    return { tenant, admin, token: () => tokenFor(ctx.deps, tenant, admin) };
  }

  /** E-mails waiting in the tenant's outbox (no SMTP in tests: they stay there), oldest first. */
  async function outboxOf(tenantId: string) {
    const rows = await listOutboxMessages(ctx.deps.db, tenantId, { limit: 100 });
    return rows.reverse();
  }

  async function auditActions(tenantId: string) {
    return (await listAuditEntries(ctx.deps.db, tenantId, 1000)).map((e) => e.action).reverse();
  }

  const register = (slug: string, email: string, invitationToken: string) =>
    api()
      .post('/api/v1/auth/register')
      .send({ tenant: slug, email, password: PASSWORD, displayName: 'Ivy Invitee', invitationToken });

  describe('an admin', () => {
    it('invites by e-mail: the link is in the outbox, in the answer and audited, all from one transaction', async () => {
      const { tenant, token } = await tenantWithAdmin();
      const email = uniqueEmail('ivy');
      const res = await postInvitation(token(), {
        email,
        roles: ['proctor', 'author'],
        expiresInDays: 7,
      }).expect(201);
      expect(res.body.invitation).to.deep.include({
        email,
        roles: ['proctor', 'author'],
        state: 'pending',
        invitedBy: { id: res.body.invitation.invitedBy.id, displayName: 'Ada Admin' },
        sentAt: '2026-12-01T10:00:00.000Z',
        expiresAt: '2026-12-08T10:00:00.000Z',
      });
      expect(res.body.url).to.equal(
        `${ctx.deps.publicUrl}/t/${tenant.slug}/register?invitation=${encodeURIComponent(res.body.token)}`,
      );

      const [mail, ...more] = await outboxOf(tenant.id);
      expect(more).to.deep.equal([]);
      expect(mail).to.include({
        channel: 'email',
        topic: 'email.invitation',
        recipient: email,
        status: 'pending',
      });
      const payload = mailOf(mail);
      expect(payload.subject).to.equal(`You are invited to join ${tenant.name}`);
      expect(payload.text).to.contain('Ada Admin invited you to join').and.contain('as proctor and author');
      expect(payload.text).to.contain('8 December 2026');
      expect(linkIn(payload.text)).to.equal(res.body.url);
      expect(payload.html).to.contain(res.body.url.replaceAll('&', '&#38;'));
      expect(await auditActions(tenant.id)).to.deep.equal(['invitation.created']);

      // The e-mailed link registers the invitee with the invited roles.
      const joined = await register(
        tenant.slug,
        email,
        new URL(linkIn(payload.text)).searchParams.get('invitation')!,
      );
      expect(joined.status, JSON.stringify(joined.body)).to.equal(201);
      expect(joined.body.user.roles).to.deep.equal(['proctor', 'author']);
    });

    it('lists open invitations of their tenant only: pending, then expired once the date passes', async () => {
      const { tenant, token } = await tenantWithAdmin();
      const other = await tenantWithAdmin();
      const soon = uniqueEmail('soon');
      const later = uniqueEmail('later');
      await postInvitation(token(), { email: soon, roles: ['candidate'], expiresInDays: 1 }).expect(201);
      clock.advance(1000);
      await postInvitation(token(), { email: later, roles: ['admin'] }).expect(201);
      await postInvitation(other.token(), { email: uniqueEmail('elsewhere'), roles: ['candidate'] }).expect(
        201,
      );

      let list = await api().get('/api/v1/invitations').set(bearer(token())).expect(200);
      expect(
        list.body.invitations.map((i: { email: string; state: string }) => [i.email, i.state]),
      ).to.deep.equal([
        [later, 'pending'],
        [soon, 'pending'],
      ]);
      expect(list.body.invitations[1].invitedBy.displayName).to.equal('Ada Admin');

      clock.advance(DAY_MS);
      list = await api().get('/api/v1/invitations').set(bearer(token())).expect(200);
      expect(
        list.body.invitations.map((i: { email: string; state: string }) => [i.email, i.state]),
      ).to.deep.equal([
        [later, 'pending'],
        [soon, 'expired'],
      ]);
      const candidate = await makeUser(ctx.deps, tenant);
      await api()
        .get('/api/v1/invitations')
        .set(bearer(tokenFor(ctx.deps, tenant, candidate)))
        .expect(403);
    });

    it('gets 409 for an address with a pending invitation (resend or cancel it), and replaces an expired one', async () => {
      const { tenant, token } = await tenantWithAdmin();
      const email = uniqueEmail('twice');
      await postInvitation(token(), { email, roles: ['candidate'], expiresInDays: 2 }).expect(201);
      const again = await postInvitation(token(), { email: email.toUpperCase(), roles: ['admin'] }).expect(
        409,
      );
      expect(again.body.error).to.include({ code: 'conflict' });
      expect(again.body.error.message).to.contain('already has a pending invitation');
      expect(await outboxOf(tenant.id)).to.have.length(1);
      expect(await auditActions(tenant.id)).to.deep.equal(['invitation.created']);

      clock.advance(3 * DAY_MS);
      const fresh = await postInvitation(token(), { email, roles: ['admin'] }).expect(201);
      const list = await api().get('/api/v1/invitations').set(bearer(token())).expect(200);
      expect(list.body.invitations.map((i: { id: string }) => i.id)).to.deep.equal([
        fresh.body.invitation.id,
      ]);
      const [entry] = await listAuditEntries(ctx.deps.db, tenant.id, 1);
      expect(entry?.details).to.have.property('replaces').with.length(1);
    });

    it('resends: a new link replaces the old one, with a new expiry, e-mailed again and audited', async () => {
      const { tenant, token } = await tenantWithAdmin();
      const email = uniqueEmail('resend');
      const first = await postInvitation(token(), { email, roles: ['author'], expiresInDays: 3 }).expect(201);
      clock.advance(DAY_MS);
      const again = await api()
        .post(`/api/v1/invitations/${first.body.invitation.id}/resend`)
        .set(bearer(token()))
        .send({})
        .expect(200);
      expect(again.body.token).to.not.equal(first.body.token);
      expect(again.body.invitation).to.deep.include({
        id: first.body.invitation.id,
        state: 'pending',
        sentAt: clock.now().toISOString(),
        expiresAt: new Date(clock.now().getTime() + 14 * DAY_MS).toISOString(),
      });
      const [stored] = await ctx.deps.db
        .select()
        .from(invitations)
        .where(eq(invitations.id, first.body.invitation.id));
      expect(stored?.lastSentAt?.toISOString()).to.equal(clock.now().toISOString());

      const mails = await outboxOf(tenant.id);
      expect(mails.map((m) => m.recipient)).to.deep.equal([email, email]);
      expect(linkIn(mailOf(mails[1]).text)).to.equal(again.body.url);
      expect(await auditActions(tenant.id)).to.deep.equal(['invitation.created', 'invitation.resent']);

      // The old link is dead, the new one works.
      const old = await register(tenant.slug, email, first.body.token).expect(400);
      expect(old.body.error.code).to.equal('invitation_invalid');
      await register(tenant.slug, email, again.body.token).expect(201);
      // Accepted: it is no longer listed and can be neither resent nor cancelled.
      expect(
        (await api().get('/api/v1/invitations').set(bearer(token())).expect(200)).body.invitations,
      ).to.deep.equal([]);
      for (const action of ['resend', 'cancel']) {
        const res = await api()
          .post(`/api/v1/invitations/${first.body.invitation.id}/${action}`)
          .set(bearer(token()))
          .send({});
        expect(res.status, action).to.equal(409);
        expect(res.body.error.message).to.contain('already been accepted');
      }
    });

    it('resends an expired invitation, which works again', async () => {
      const { tenant, token } = await tenantWithAdmin();
      const email = uniqueEmail('expired');
      const first = await postInvitation(token(), { email, roles: ['candidate'], expiresInDays: 1 }).expect(
        201,
      );
      clock.advance(2 * DAY_MS);
      await register(tenant.slug, email, first.body.token).expect(400);
      const again = await api()
        .post(`/api/v1/invitations/${first.body.invitation.id}/resend`)
        .set(bearer(token()))
        .send({ expiresInDays: 5 })
        .expect(200);
      expect(again.body.invitation.expiresAt).to.equal(
        new Date(clock.now().getTime() + 5 * DAY_MS).toISOString(),
      );
      await register(tenant.slug, email, again.body.token).expect(201);
    });

    it('cancels: the link stops working, the invitation leaves the list, and it is audited', async () => {
      const { tenant, token } = await tenantWithAdmin();
      const email = uniqueEmail('cancel');
      const invite = await postInvitation(token(), { email, roles: ['proctor'] }).expect(201);
      const id = invite.body.invitation.id;
      const res = await api().post(`/api/v1/invitations/${id}/cancel`).set(bearer(token())).expect(200);
      expect(res.body.invitation).to.include({ id, state: 'cancelled' });
      expect(
        (await api().get('/api/v1/invitations').set(bearer(token())).expect(200)).body.invitations,
      ).to.deep.equal([]);
      const refused = await register(tenant.slug, email, invite.body.token).expect(400);
      expect(refused.body.error.code).to.equal('invitation_invalid');
      expect(await auditActions(tenant.id)).to.deep.equal(['invitation.created', 'invitation.cancelled']);

      const twice = await api().post(`/api/v1/invitations/${id}/cancel`).set(bearer(token())).expect(409);
      expect(twice.body.error.message).to.contain('already cancelled');
      await api().post(`/api/v1/invitations/${id}/resend`).set(bearer(token())).send({}).expect(409);
      expect(await auditActions(tenant.id)).to.have.length(2);
      // The address can be invited afresh.
      await postInvitation(token(), { email, roles: ['proctor'] }).expect(201);
    });

    it('makes one invitation when two admins invite one address at once; the other gets 409', async () => {
      const { tenant, token } = await tenantWithAdmin();
      const second = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
      const email = uniqueEmail('race');
      const answers = await Promise.all(
        [token(), tokenFor(ctx.deps, tenant, second)].map((t) =>
          postInvitation(t, { email, roles: ['candidate'] }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).to.deep.equal([201, 409]);
      const rows = await ctx.deps.db.select().from(invitations).where(eq(invitations.email, email));
      expect(rows).to.have.length(1);
      expect(await outboxOf(tenant.id)).to.have.length(1);
    });

    it('names the one who invited, not the one who resent or cancelled, in the answers', async () => {
      const { tenant, token } = await tenantWithAdmin();
      const colleague = await makeUser(ctx.deps, tenant, { roles: ['admin'], displayName: 'Cleo Colleague' });
      const theirs = bearer(tokenFor(ctx.deps, tenant, colleague));
      const invite = await postInvitation(token(), {
        email: uniqueEmail('named'),
        roles: ['candidate'],
      }).expect(201);
      const id = invite.body.invitation.id;
      const resent = await api().post(`/api/v1/invitations/${id}/resend`).set(theirs).send({}).expect(200);
      expect(resent.body.invitation.invitedBy.displayName).to.equal('Ada Admin');
      const cancelled = await api().post(`/api/v1/invitations/${id}/cancel`).set(theirs).expect(200);
      expect(cancelled.body.invitation.invitedBy.displayName).to.equal('Ada Admin');
    });

    it('does not resend an invitation whose address has since got an account (409)', async () => {
      const { tenant, token } = await tenantWithAdmin();
      const email = uniqueEmail('joined');
      const invite = await postInvitation(token(), { email, roles: ['candidate'] }).expect(201);
      await makeUser(ctx.deps, tenant, { email });
      const res = await api()
        .post(`/api/v1/invitations/${invite.body.invitation.id}/resend`)
        .set(bearer(token()))
        .send({})
        .expect(409);
      expect(res.body.error.message).to.contain('already has an account');
      expect(await outboxOf(tenant.id)).to.have.length(1);
    });

    it("gets 404 for another tenant's invitation, changing nothing", async () => {
      const a = await tenantWithAdmin();
      const b = await tenantWithAdmin();
      const email = uniqueEmail('b');
      const invite = await postInvitation(b.token(), { email, roles: ['candidate'] }).expect(201);
      const id = invite.body.invitation.id;
      await api().post(`/api/v1/invitations/${id}/resend`).set(bearer(a.token())).send({}).expect(404);
      await api().post(`/api/v1/invitations/${id}/cancel`).set(bearer(a.token())).expect(404);
      await api()
        .get(`/api/v1/platform/tenants/${b.tenant.id}/invitations`)
        .set(bearer(a.token()))
        .expect(403);
      expect(await auditActions(b.tenant.id)).to.deep.equal(['invitation.created']);
      expect(await auditActions(a.tenant.id)).to.deep.equal([]);
      await register(b.tenant.slug, email, invite.body.token).expect(201);
    });
  });

  describe('a platform admin', () => {
    async function platformAdmin() {
      const tenant = await makeTenant(ctx.deps);
      const user = await makeUser(ctx.deps, tenant, {
        roles: ['platform_admin'],
        displayName: 'Pat Platform',
      });
      return { tenant, user, token: () => tokenFor(ctx.deps, tenant, user) };
    }

    it("gives a new tenant its first admin: e-mailed invitation, audited in that tenant's chain, who then signs in as its admin", async () => {
      const pa = await platformAdmin();
      const slug = `new-${randomBytes(4).toString('hex')}`;
      const created = await api()
        .post('/api/v1/platform/tenants')
        .set(bearer(pa.token()))
        .send({ slug, name: 'Initech Academy' })
        .expect(201);
      const tenantId = created.body.tenant.id;
      // A new tenant takes no self-registration: without an invitation nobody could ever get in.
      await api()
        .post('/api/v1/auth/register')
        .send({ tenant: slug, email: uniqueEmail('walk-in'), password: PASSWORD, displayName: 'Walk In' })
        .expect(403);

      const email = uniqueEmail('first-admin');
      const invite = await api()
        .post(`/api/v1/platform/tenants/${tenantId}/invitations`)
        .set(bearer(pa.token()))
        .send({ email })
        .expect(201);
      expect(invite.body.invitation).to.deep.include({ email, roles: ['admin'], state: 'pending' });
      expect(invite.body.invitation.invitedBy).to.deep.equal({ id: pa.user.id, displayName: 'Pat Platform' });

      // The e-mail waits in the new tenant's outbox, in its name, with the link.
      const [mail] = await outboxOf(tenantId);
      expect(mail).to.include({ topic: 'email.invitation', recipient: email });
      const text = mailOf(mail).text;
      expect(text).to.contain('join Initech Academy as admin');
      const link = new URL(linkIn(text));
      expect(link.pathname).to.equal(`/t/${slug}/register`);
      expect(await outboxOf(pa.tenant.id)).to.deep.equal([]);

      // The platform admin sees it among the tenant's invitations.
      const listed = await api()
        .get(`/api/v1/platform/tenants/${tenantId}/invitations`)
        .set(bearer(pa.token()))
        .expect(200);
      expect(listed.body.invitations.map((i: { email: string }) => i.email)).to.deep.equal([email]);

      // The invitee registers through the link alone, then signs in as the tenant's admin.
      await register(slug, email, link.searchParams.get('invitation')!).expect(201);
      const signedIn = await api()
        .post('/api/v1/auth/login')
        .send({ tenant: slug, email, password: PASSWORD })
        .expect(200);
      expect(signedIn.body.user.roles).to.deep.equal(['admin']);
      const members = await api().get('/api/v1/users').set(bearer(signedIn.body.accessToken)).expect(200);
      expect(members.body.users.map((u: { email: string }) => u.email)).to.deep.equal([email]);
      // The new admin invites the next person.
      await postInvitation(signedIn.body.accessToken, {
        email: uniqueEmail('second'),
        roles: ['author'],
      }).expect(201);

      const chain = await listAuditEntries(ctx.deps.db, tenantId, 100);
      expect(chain.map((e) => [e.action, e.actorId === null]).reverse()).to.deep.equal([
        ['tenant.created', true],
        ['invitation.created', true],
        ['user.registered', false],
        ['user.signed_in', false],
        ['invitation.created', false],
      ]);
      expect(chain[3]?.details).to.deep.include({
        byUserId: pa.user.id,
        byTenantId: pa.tenant.id,
        roles: ['admin'],
      });
      expect(await verifyAuditChain(ctx.deps.db, tenantId)).to.deep.equal({ intact: true, entries: 5 });
      expect(await listAuditEntries(ctx.deps.db, pa.tenant.id)).to.deep.equal([]);
    });

    it("resends and cancels a tenant's invitations, and the tenant's admins see who invited", async () => {
      const pa = await platformAdmin();
      const { tenant, token } = await tenantWithAdmin();
      const email = uniqueEmail('typo');
      const invite = await api()
        .post(`/api/v1/platform/tenants/${tenant.id}/invitations`)
        .set(bearer(pa.token()))
        .send({ email, roles: ['admin', 'author'], expiresInDays: 30 })
        .expect(201);
      const id = invite.body.invitation.id;
      const seen = await api().get('/api/v1/invitations').set(bearer(token())).expect(200);
      expect(seen.body.invitations[0].invitedBy.displayName).to.equal('Pat Platform');

      const again = await api()
        .post(`/api/v1/platform/tenants/${tenant.id}/invitations/${id}/resend`)
        .set(bearer(pa.token()))
        .send({})
        .expect(200);
      await register(tenant.slug, email, invite.body.token).expect(400);
      await api()
        .post(`/api/v1/platform/tenants/${tenant.id}/invitations/${id}/cancel`)
        .set(bearer(pa.token()))
        .expect(200);
      await register(tenant.slug, email, again.body.token).expect(400);
      expect(await auditActions(tenant.id)).to.deep.equal([
        'invitation.created',
        'invitation.resent',
        'invitation.cancelled',
      ]);
      expect((await listAuditEntries(ctx.deps.db, tenant.id)).every((e) => e.actorId === null)).to.equal(
        true,
      );

      await api()
        .get('/api/v1/platform/tenants/00000000-0000-4000-8000-000000000000/invitations')
        .set(bearer(pa.token()))
        .expect(404);
      await api()
        .post('/api/v1/platform/tenants/00000000-0000-4000-8000-000000000000/invitations')
        .set(bearer(pa.token()))
        .send({ email })
        .expect(404);
      // The invitation belongs to its tenant: named under another tenant it is not found.
      await api()
        .post(`/api/v1/platform/tenants/${pa.tenant.id}/invitations/${id}/resend`)
        .set(bearer(pa.token()))
        .send({})
        .expect(404);
    });

    it('is the only one who invites into another tenant (a tenant admin gets 403 over HTTP, not found directly)', async () => {
      const a = await tenantWithAdmin();
      const b = await tenantWithAdmin();
      const email = uniqueEmail('intruder');
      await api()
        .post(`/api/v1/platform/tenants/${b.tenant.id}/invitations`)
        .set(bearer(a.token()))
        .send({ email })
        .expect(403);
      const direct = await rejection(
        inviteUser(ctx.deps, claimed(a.tenant, a.admin), { email, tenantId: b.tenant.id }),
      );
      expect(direct.code).to.equal('not_found');
      expect(await outboxOf(b.tenant.id)).to.deep.equal([]);
      expect(await auditActions(b.tenant.id)).to.deep.equal([]);
    });
  });

  describe('authorisation from the current account, not the token', () => {
    /** How inviting, resending and cancelling answer when called directly as `actor` (its error codes). */
    async function directRefusals(
      actor: Parameters<typeof inviteUser>[1],
      email: string,
      invitationId: string,
    ) {
      return [
        (await rejection(inviteUser(ctx.deps, actor, { email, roles: ['admin'] }))).code,
        (await rejection(resendInvitation(ctx.deps, actor, { invitationId }))).code,
        (await rejection(cancelInvitation(ctx.deps, actor, { invitationId }))).code,
      ];
    }

    const invitationRowsTo = (tenantId: string, email: string) =>
      ctx.deps.db
        .select()
        .from(invitations)
        .where(and(eq(invitations.tenantId, tenantId), eq(invitations.email, email)));

    it('refuses a disabled admin whose token is still valid: 401 on the next request, and the use cases refuse', async () => {
      const { tenant, admin, token } = await tenantWithAdmin();
      const pending = await postInvitation(token(), { email: uniqueEmail('p'), roles: ['candidate'] }).expect(
        201,
      );
      const stillValid = token();
      await ctx.deps.db.update(users).set({ status: 'disabled' }).where(eq(users.id, admin.id));

      const email = uniqueEmail('late');
      const res = await postInvitation(stillValid, { email, roles: ['admin'] }).expect(401);
      expect(res.body.error.code).to.equal('unauthenticated');
      await api().get('/api/v1/invitations').set(bearer(stillValid)).expect(401);
      await api()
        .post(`/api/v1/invitations/${pending.body.invitation.id}/resend`)
        .set(bearer(stillValid))
        .send({})
        .expect(401);
      await api()
        .post(`/api/v1/invitations/${pending.body.invitation.id}/cancel`)
        .set(bearer(stillValid))
        .expect(401);

      const actor = claimed(tenant, admin);
      expect(await directRefusals(actor, email, pending.body.invitation.id)).to.deep.equal([
        'unauthenticated',
        'unauthenticated',
        'unauthenticated',
      ]);

      expect(await invitationRowsTo(tenant.id, email)).to.deep.equal([]);
      expect(await outboxOf(tenant.id)).to.have.length(1);
      expect(await auditActions(tenant.id)).to.deep.equal(['invitation.created']);
    });

    it('refuses a demoted admin: cannot invite anyone, nor give itself admin back (403)', async () => {
      const { tenant, admin, token } = await tenantWithAdmin();
      const pending = await postInvitation(token(), { email: uniqueEmail('p'), roles: ['candidate'] }).expect(
        201,
      );
      const stillAdmin = token();
      await ctx.deps.db
        .update(users)
        .set({ roles: ['candidate'] })
        .where(eq(users.id, admin.id));

      const otherAddress = uniqueEmail('my-other-address');
      const attempts: Array<[string, request.Test]> = [
        ['invite', postInvitation(stillAdmin, { email: otherAddress, roles: ['admin'] })],
        ['list', api().get('/api/v1/invitations').set(bearer(stillAdmin))],
        [
          'resend',
          api()
            .post(`/api/v1/invitations/${pending.body.invitation.id}/resend`)
            .set(bearer(stillAdmin))
            .send({}),
        ],
        [
          'cancel',
          api().post(`/api/v1/invitations/${pending.body.invitation.id}/cancel`).set(bearer(stillAdmin)),
        ],
        [
          'give itself admin',
          api()
            .patch(`/api/v1/users/${admin.id}`)
            .set(bearer(stillAdmin))
            .send({ roles: ['admin'] }),
        ],
      ];
      for (const [what, req] of attempts) {
        const res = await req;
        expect(res.status, what).to.equal(403);
        expect(res.body.error.code).to.equal('forbidden');
      }

      const actor = claimed(tenant, admin, ['admin']);
      expect(await directRefusals(actor, otherAddress, pending.body.invitation.id)).to.deep.equal([
        'forbidden',
        'forbidden',
        'forbidden',
      ]);

      expect(await invitationRowsTo(tenant.id, otherAddress)).to.deep.equal([]);
      const [me] = await ctx.deps.db.select().from(users).where(eq(users.id, admin.id));
      expect(me?.roles).to.deep.equal(['candidate']);
      expect(await auditActions(tenant.id)).to.deep.equal(['invitation.created']);
    });

    it('refuses a former platform admin inviting into another tenant, over HTTP and directly', async () => {
      const home = await makeTenant(ctx.deps);
      const former = await makeUser(ctx.deps, home, { roles: ['platform_admin'] });
      const stale = tokenFor(ctx.deps, home, former);
      await ctx.deps.db
        .update(users)
        .set({ roles: ['candidate'] })
        .where(eq(users.id, former.id));
      const target = await makeTenant(ctx.deps);
      const email = uniqueEmail('first');
      await api()
        .post(`/api/v1/platform/tenants/${target.id}/invitations`)
        .set(bearer(stale))
        .send({ email })
        .expect(403);
      const direct = await rejection(
        inviteUser(ctx.deps, claimed(home, former, ['platform_admin']), { email, tenantId: target.id }),
      );
      expect(direct.code).to.equal('forbidden');
      expect(await invitationRowsTo(target.id, email)).to.deep.equal([]);
    });

    it('a demoted admin cannot give itself admin back by changing its own roles directly (updateUser)', async () => {
      const { tenant, admin } = await tenantWithAdmin();
      await ctx.deps.db
        .update(users)
        .set({ roles: ['candidate'] })
        .where(eq(users.id, admin.id));
      const attempt = updateUser(ctx.deps, claimed(tenant, admin, ['admin']), admin.id, { roles: ['admin'] });
      expect((await rejection(attempt)).code).to.equal('forbidden');
    });
  });
});
