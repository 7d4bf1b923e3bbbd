import nodemailer from 'nodemailer';
import type { OutboxRow } from '../persistence/repositories/outbox.js';

/** How the mailer reaches its SMTP server. */
export interface MailerSettings {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465` (TLS from the start). */
  readonly smtpUrl: string;
  /** The From of every message: `Name <address>` or an address. */
  readonly mailFrom: string;
  /**
   * Give up a connection, greeting or silent socket after this long (ms, default 15 s), so one dead server cannot
   * stall the relay, and a send ends well inside the relay's 60 s claim on the message.
   */
  readonly timeoutMs?: number;
}

/** Sends one outbox e-mail; throws when the SMTP server did not take it (the relay retries later). */
export interface Mailer {
  send(message: OutboxRow): Promise<void>;
  /** Closes pooled connections. */
  close(): void;
}

/** The SMTP server's address without user or password, for logs: `smtps://smtp.example.com:465`. */
export function describeSmtpUrl(smtpUrl: string): string {
  const url = new URL(smtpUrl);
  return `${url.protocol}//${url.host}`;
}

/** What an e-mail outbox row carries: the rendered subject and bodies. */
function emailContent(message: OutboxRow): { subject: string; text: string; html?: string } {
  const { subject, text, html } = message.payload;
  if (typeof subject !== 'string' || typeof text !== 'string') {
    throw new Error(`outbox message ${message.id} has no subject or text to send`);
  }
  return { subject, text, ...(typeof html === 'string' ? { html } : {}) };
}

/** A nodemailer SMTP mailer: one outbox row becomes one message to its recipient. */
export function smtpMailer(settings: MailerSettings): Mailer {
  const timeout = settings.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    url: settings.smtpUrl,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(message) {
      // The recipient as one address object: a stored string is never read as a list of addresses.
      // A 4xx or 5xx answer rejects: the relay records the server's words as the row's last error and retries.
      await transport.sendMail({
        from: settings.mailFrom,
        to: { name: '', address: message.recipient },
        ...emailContent(message),
      });
    },
    close: () => transport.close(),
  };
}
