import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the SMTP server received it, with its MIME parts decoded. */
export interface ReceivedMail {
  /** RCPT TO addresses. */
  readonly envelopeTo: string[];
  /** MAIL FROM. */
  readonly envelopeFrom: string;
  /** The user the client authenticated as, if it did. */
  readonly user: string | undefined;
  readonly headers: Map<string, string>;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** A real SMTP server on loopback that keeps what it receives, and can refuse messages with a given reply. */
export interface SmtpSink {
  /** `smtp://user:password@127.0.0.1:<port>` (no TLS; the server accepts these credentials only). */
  readonly url: string;
  readonly received: ReceivedMail[];
  /** Delivery attempts seen at DATA, refused ones included. */
  readonly attempts: number;
  close(): Promise<void>;
}

/** Options: `refuse(n)` returns an SMTP reply (`451 …`) to refuse the n-th delivery attempt (1-based), or null. */
export interface SmtpSinkOptions {
  readonly refuse?: (attempt: number) => string | null;
}

export const SINK_USER = 'relay';
export const SINK_PASSWORD = 'sink-secret';

function decodeBody(body: string, encoding: string | undefined): string {
  const buffer = (() => {
    switch ((encoding ?? '7bit').toLowerCase()) {
      case 'base64':
        return Buffer.from(body.replace(/\s+/g, ''), 'base64');
      case 'quoted-printable':
        return Buffer.from(
          body
            .replace(/=\r?\n/g, '')
            .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
          'latin1',
        );
      default:
        return Buffer.from(body, 'utf8');
    }
  })();
  return buffer.toString('utf8');
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) in a header value. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QBqb])\?([^?]*)\?=/g, (_, _charset: string, kind: string, data: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeBody(data.replace(/_/g, ' '), 'quoted-printable'),
    );
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

function splitPart(raw: string): Part {
  const end = raw.search(/\r?\n\r?\n/);
  const head = end < 0 ? raw : raw.slice(0, end);
  const body = end < 0 ? '' : raw.slice(end).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { headers, body };
}

/** The leaf parts of a MIME message (nested multiparts opened). */
function leaves(part: Part): Part[] {
  const type = part.headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!/^multipart\//i.test(type) || !boundary) return [part];
  const sections = part.body.split(`--${boundary}`).slice(1);
  return sections
    .filter((section) => !section.startsWith('--'))
    .flatMap((section) => leaves(splitPart(section.replace(/^\r?\n/, ''))));
}

/** Reads a raw message into its headers, subject and decoded text and HTML bodies. */
export function parseMail(raw: string): Pick<ReceivedMail, 'headers' | 'subject' | 'text' | 'html'> {
  const message = splitPart(raw);
  let text = '';
  let html = '';
  for (const leaf of leaves(message)) {
    const type = (leaf.headers.get('content-type') ?? 'text/plain').toLowerCase();
    const decoded = decodeBody(leaf.body, leaf.headers.get('content-transfer-encoding'));
    if (type.startsWith('text/html')) html = decoded;
    else if (type.startsWith('text/plain')) text = decoded;
  }
  return {
    headers: message.headers,
    subject: decodeWords(message.headers.get('subject') ?? ''),
    text: text.replace(/\r\n/g, '\n'),
    html: html.replace(/\r\n/g, '\n'),
  };
}

/** Starts an SMTP server on 127.0.0.1 on a free port. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: ReceivedMail[] = [];
  let attempts = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SINK_USER && auth.password === SINK_PASSWORD)
        callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        attempts += 1;
        const refusal = options.refuse?.(attempts) ?? null;
        if (refusal) {
          const code = Number(refusal.slice(0, 3));
          callback(Object.assign(new Error(refusal.slice(4)), { responseCode: code }));
          return;
        }
        received.push({
          envelopeTo: session.envelope.rcptTo.map((r) => r.address),
          envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          user: session.user as string | undefined,
          ...parseMail(Buffer.concat(chunks).toString('utf8')),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://${SINK_USER}:${SINK_PASSWORD}@127.0.0.1:${port}`,
    received,
    get attempts() {
      return attempts;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
