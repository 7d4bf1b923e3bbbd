import { expect } from 'chai';
import pino from 'pino';
import request from 'supertest';
import { smtpMailer } from '../../../server/adapters/mailer.js';
import { scryptPasswordHasher } from '../../../server/adapters/password-hasher.js';
import { composeEmail, type EmailTemplates } from '../../../server/app/mail/compose-email.js';
import { createOutboxRelay } from '../../../server/app/outbox/relay.js';
import { runUnitOfWork } from '../../../server/app/unit-of-work.js';
import { loadConfig } from '../../../server/config.js';
import { startServer } from '../../../server/main.js';
import type { Database } from '../../../server/persistence/database.js';
import { listOutboxMessages } from '../../../server/persistence/repositories/outbox.js';
import type { TenantRow } from '../../../server/persistence/repositories/tenants.js';
import { createTestContext, type TestContext } from '../../support/context.js';
import { makeCertification } from '../../support/credentials.js';
import { createTestDatabase } from '../../support/database.js';
import { makeTenant, makeUser, tokenFor } from '../../support/factories.js';
import { FakeClock } from '../../support/fake-clock.js';
import { SINK_USER, type SmtpSink, startSmtpSink } from '../../support/smtp-sink.js';

const ISSUED: EmailTemplates['credential-issued'] = {
  holderName: 'Zoë <script>alert(1)</script> Holder',
  certificationTitle: 'Acme Cloud Associate',
  certificateId: 'ACME-7Q2M-XK4D-9PLR-T',
  verifyUrl: 'http://localhost:3000/verify/ACME-7Q2M-XK4D-9PLR-T',
  credentialsUrl: 'http://localhost:3000/t/acme/credentials',
  expiresOn: '2028-12-02',
};

/** Waits until `check` holds (the relay sends after commit, on its own schedule). */
async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('e-mail through a real SMTP server', () => {
  let ctx: TestContext;
  const clock = new FakeClock('2026-12-01T10:00:00.000Z');
  const sinks: SmtpSink[] = [];
  before(async () => {
    ctx = await createTestContext({ clock });
  });
  after(async () => {
    await Promise.all(sinks.map((sink) => sink.close()));
    await ctx.close();
  });

  async function sink(refuse?: (attempt: number) => string | null): Promise<SmtpSink> {
    const started = await startSmtpSink({ refuse });
    sinks.push(started);
    return started;
  }

  /** Enqueues a 'credential-issued' e-mail through a unit of work, as a use case does. */
  async function enqueueIssued(tenant: TenantRow, to: string, maxAttempts?: number): Promise<void> {
    await runUnitOfWork(ctx.deps, { tenantId: tenant.id, userId: null }, async (uow) => {
      await uow.enqueue({ ...composeEmail(tenant, 'credential-issued', to, ISSUED), maxAttempts });
    });
  }

  const rowOf = async (tenant: TenantRow) =>
    (await listOutboxMessages(ctx.deps.db, tenant.id, { limit: 1 }))[0]!;

  it('delivers an e-mail enqueued in a unit of work: subject, From, To, text and HTML as rendered', async () => {
    const smtp = await sink();
    const mailer = smtpMailer({ smtpUrl: smtp.url, mailFrom: 'Acme Certification <certs@acme.example>' });
    const tenant = await makeTenant(ctx.deps, { name: 'Acme Academy' });
    await enqueueIssued(tenant, 'zoe@example.test');
    const relay = createOutboxRelay(ctx.deps, { email: mailer.send });
    expect(await relay.drain()).to.equal(1);
    mailer.close();

    expect(smtp.received).to.have.length(1);
    const mail = smtp.received[0]!;
    expect(mail.user).to.equal(SINK_USER);
    expect(mail.envelopeTo).to.deep.equal(['zoe@example.test']);
    expect(mail.envelopeFrom).to.equal('certs@acme.example');
    expect(mail.headers.get('to')).to.equal('zoe@example.test');
    expect(mail.headers.get('from')).to.equal('Acme Certification <certs@acme.example>');
    expect(mail.subject).to.equal('Your Acme Cloud Associate credential from Acme Academy');
    expect(mail.text).to.contain('Congratulations, Zoë <script>alert(1)</script> Holder!');
    expect(mail.text).to.contain('Certificate ID: ACME-7Q2M-XK4D-9PLR-T');
    expect(mail.html).to.contain('Congratulations, Zoë &#60;script&#62;alert(1)&#60;/script&#62; Holder!');
    expect(mail.html).to.not.contain('<script>');
    expect(await rowOf(tenant)).to.include({ status: 'sent', attempts: 1, lastError: null });
  });

  it('gets a message through on the third try when the server refuses the first two (4xx), backing off between', async () => {
    const smtp = await sink((attempt) => (attempt <= 2 ? '451 Greylisted, try again later' : null));
    const mailer = smtpMailer({ smtpUrl: smtp.url, mailFrom: 'certs@acme.example' });
    const tenant = await makeTenant(ctx.deps);
    await enqueueIssued(tenant, 'grey@example.test');
    const relay = createOutboxRelay(ctx.deps, { email: mailer.send }, { retryBaseMs: 60_000 });

    await relay.drain();
    let row = await rowOf(tenant);
    expect(row).to.include({ status: 'pending', attempts: 1 });
    expect(row.lastError).to.contain('451').and.to.contain('Greylisted');
    expect(row.nextAttemptAt.getTime() - clock.now().getTime()).to.equal(60_000);

    await relay.drain(); // not due yet: nothing is tried
    expect(smtp.attempts).to.equal(1);
    clock.advance(60_000);
    await relay.drain();
    row = await rowOf(tenant);
    expect(row).to.include({ status: 'pending', attempts: 2 });
    expect(row.nextAttemptAt.getTime() - clock.now().getTime()).to.equal(120_000);

    clock.advance(120_000);
    await relay.drain();
    mailer.close();
    row = await rowOf(tenant);
    expect(row).to.include({ status: 'sent', attempts: 3, lastError: null });
    expect(row.sentAt?.toISOString()).to.equal(clock.now().toISOString());
    expect(smtp.attempts).to.equal(3);
    expect(smtp.received.map((m) => m.envelopeTo)).to.deep.equal([['grey@example.test']]);
  });

  it('marks a message failed with the last refusal once its tries are used up', async () => {
    const smtp = await sink((attempt) => `550 Mailbox unavailable (${attempt})`);
    const mailer = smtpMailer({ smtpUrl: smtp.url, mailFrom: 'certs@acme.example' });
    const tenant = await makeTenant(ctx.deps);
    await enqueueIssued(tenant, 'nobody@example.test', 3);
    const relay = createOutboxRelay(ctx.deps, { email: mailer.send }, { retryBaseMs: 1000 });
    for (let i = 0; i < 5; i++) {
      await relay.drain();
      clock.advance(3_600_000);
    }
    mailer.close();
    const row = await rowOf(tenant);
    expect(row).to.include({ status: 'failed', attempts: 3 });
    expect(row.lastError).to.contain('550').and.to.contain('Mailbox unavailable (3)');
    expect(smtp.attempts).to.equal(3);
    expect(smtp.received).to.have.length(0);
  });

  it('keeps a message pending when the SMTP password is wrong, naming the refusal but not the password', async () => {
    const smtp = await sink();
    const wrong = smtp.url.replace('sink-secret', 'not-the-password');
    const mailer = smtpMailer({ smtpUrl: wrong, mailFrom: 'certs@acme.example' });
    const tenant = await makeTenant(ctx.deps);
    await enqueueIssued(tenant, 'auth@example.test');
    await createOutboxRelay(ctx.deps, { email: mailer.send }).drain();
    mailer.close();
    const row = await rowOf(tenant);
    expect(row).to.include({ status: 'pending', attempts: 1 });
    expect(row.lastError).to.contain('535');
    expect(row.lastError).to.not.contain('not-the-password');
    expect(smtp.received).to.have.length(0);
  });
});

describe('the server and its outbox relay', () => {
  let database: Database;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.close());

  /** Starts the server; its relay's timer waits an hour, so an e-mail that arrives was sent on the commit's kick. */
  async function boot(env: Record<string, string>) {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino(
      { level: 'info' },
      { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
    );
    const config = loadConfig({
      PORT: '0',
      NODE_ENV: 'test',
      SEED_DEMO: 'false',
      OUTBOX_POLL_MS: '3600000',
      ...env,
    });
    const server = await startServer(config, {
      database,
      logger,
      passwords: scryptPasswordHasher({ n: 1024 }),
    });
    return { server, lines };
  }

  it('with SMTP_URL, sends what a use case enqueued right after its commit, and says so at boot without the password', async () => {
    const smtp = await startSmtpSink();
    const { server, lines } = await boot({ SMTP_URL: smtp.url, MAIL_FROM: 'certs@acme.example' });
    try {
      const tenant = await makeTenant(server.deps, { name: 'Wired Academy' });
      await runUnitOfWork(server.deps, { tenantId: tenant.id, userId: null }, async (uow) => {
        await uow.enqueue(composeEmail(tenant, 'credential-issued', 'wired@example.test', ISSUED));
      });
      await eventually(() => smtp.received.length === 1);
      expect(smtp.received[0]!.subject).to.equal('Your Acme Cloud Associate credential from Wired Academy');
      const boot = lines.find((line) => line.msg === 'e-mail is sent through SMTP');
      expect(boot?.smtp).to.match(/^smtp:\/\/127\.0\.0\.1:\d+$/);
      expect(JSON.stringify(lines)).to.not.contain('sink-secret');
    } finally {
      await server.close();
      await smtp.close();
    }
  });

  it('e-mails the holder as soon as an admin issues a credential by hand', async () => {
    const smtp = await startSmtpSink();
    const { server } = await boot({ SMTP_URL: smtp.url, MAIL_FROM: 'Acme Academy <certs@acme.example>' });
    try {
      const tenant = await makeTenant(server.deps, { name: 'Acme Academy' });
      const admin = await makeUser(server.deps, tenant, { roles: ['admin'] });
      const certification = await makeCertification(server.deps, tenant, { title: 'Acme Cloud Associate' });
      const issued = await request(server.url)
        .post('/api/v1/credentials')
        .set('Authorization', `Bearer ${tokenFor(server.deps, tenant, admin)}`)
        .send({
          certificationId: certification.id,
          holderName: 'Hana Holder',
          holderEmail: 'hana@example.test',
        })
        .expect(201);
      await eventually(() => smtp.received.length === 1);
      const [mail] = smtp.received;
      expect(mail!.envelopeTo).to.deep.equal(['hana@example.test']);
      expect(mail!.subject).to.equal('Your Acme Cloud Associate credential from Acme Academy');
      expect(mail!.text).to.contain(`Certificate ID: ${issued.body.credential.certificateId}`);
      // The relay records the delivery once the SMTP server has accepted it: a moment after it arrives.
      const latest = async () => (await listOutboxMessages(database.db, tenant.id, { limit: 1 }))[0];
      await eventually(async () => (await latest())?.status === 'sent');
      expect(await latest()).to.include({ status: 'sent', topic: 'email.credential-issued' });
    } finally {
      await server.close();
      await smtp.close();
    }
  });

  it('without SMTP_URL, keeps e-mail pending in the outbox and says so at boot', async () => {
    const { server, lines } = await boot({});
    try {
      const tenant = await makeTenant(server.deps);
      await runUnitOfWork(server.deps, { tenantId: tenant.id, userId: null }, async (uow) => {
        await uow.enqueue(composeEmail(tenant, 'credential-issued', 'kept@example.test', ISSUED));
      });
      await new Promise((resolve) => setTimeout(resolve, 400));
      const [row] = await listOutboxMessages(database.db, tenant.id, { limit: 1 });
      expect(row).to.include({ status: 'pending', attempts: 0, recipient: 'kept@example.test' });
      expect(lines.some((line) => String(line.msg).startsWith('e-mail is kept in the outbox'))).to.equal(
        true,
      );
    } finally {
      await server.close();
    }
  });
});
