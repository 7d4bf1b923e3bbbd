import type { Logger } from 'pino';
import { describeSmtpUrl, smtpMailer } from '../../adapters/mailer.js';
import type { Clock } from '../../domain/clock.js';
import type { Db } from '../../persistence/database.js';
import type { OutboxRow } from '../../persistence/repositories/outbox.js';
import { mailTemplates } from '../mail/compose-email.js';
import { createOutboxRelay, type MessageSenders, type OutboxRelay } from './relay.js';

/** The settings the relay runs with (from server/config.ts). */
export interface OutboxSettings {
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly outboxPollMs: number;
}

/** A started relay: kick it after a commit, stop it before the database closes. */
export interface RunningOutbox {
  kick(): void;
  /** The channels delivered for real: e-mail when SMTP is configured, else none. */
  readonly delivers: readonly OutboxRow['channel'][];
  stop(): Promise<void>;
}

/**
 * Checks the e-mail templates (a broken one stops the boot, naming the file), builds the relay with an SMTP
 * sender when SMTP_URL is set (else e-mail stays pending in the outbox, readable by admins), and starts its
 * timer. Logs which of the two it is, naming the SMTP server without its user or password.
 */
export function startOutboxRelay(
  deps: { readonly db: Db; readonly clock: Clock; readonly logger: Logger },
  settings: OutboxSettings,
): RunningOutbox & { readonly relay: OutboxRelay } {
  const templates = mailTemplates();
  const tenantsWithOwn = Object.keys(templates.overrides);
  const mailer = settings.smtpUrl
    ? smtpMailer({ smtpUrl: settings.smtpUrl, mailFrom: settings.mailFrom })
    : null;
  const senders: MessageSenders = mailer ? { email: (message) => mailer.send(message) } : {};
  const relay = createOutboxRelay(deps, senders, { pollMs: settings.outboxPollMs });
  if (settings.smtpUrl) {
    deps.logger.info(
      {
        smtp: describeSmtpUrl(settings.smtpUrl),
        from: settings.mailFrom,
        tenantsWithOwnTemplates: tenantsWithOwn,
      },
      'e-mail is sent through SMTP',
    );
  } else {
    deps.logger.info(
      { tenantsWithOwnTemplates: tenantsWithOwn },
      'e-mail is kept in the outbox (SMTP_URL is not set): admins read it under Outbox',
    );
  }
  relay.start();
  return {
    relay,
    delivers: mailer ? ['email'] : [],
    kick: () => relay.kick(),
    stop: async () => {
      await relay.stop();
      mailer?.close();
    },
  };
}
