import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../server/persistence/database.js';
import { outboxMessages } from '../../server/persistence/schema.js';

/** An e-mail as the outbox holds it (no SMTP in tests): its kind, subject, text and the link it carries. */
export interface OutboxEmail {
  readonly tenantId: string;
  readonly kind: string;
  readonly subject: string;
  readonly text: string;
  /** The last URL in the text (the call to action), or null. */
  readonly link: string | null;
}

/** The e-mails to one address, newest first, as they wait in the outbox. */
export async function emailsTo(db: Db, recipient: string): Promise<OutboxEmail[]> {
  const rows = await db
    .select()
    .from(outboxMessages)
    .where(eq(outboxMessages.recipient, recipient))
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id));
  return rows
    .filter((row) => row.channel === 'email')
    .map((row) => {
      const payload = row.payload as { kind?: string; subject?: string; text?: string };
      const text = payload.text ?? '';
      const links = text.match(/https?:\/\/\S+/g);
      return {
        tenantId: row.tenantId,
        kind: payload.kind ?? '',
        subject: payload.subject ?? '',
        text,
        link: links ? (links[links.length - 1] as string) : null,
      };
    });
}

/** The link of the newest e-mail of `kind` to `recipient`; throws when there is none. */
export async function linkInEmail(db: Db, recipient: string, kind: string): Promise<string> {
  const email = (await emailsTo(db, recipient)).find((e) => e.kind === kind);
  if (!email?.link) throw new Error(`no ${kind} e-mail with a link to ${recipient} in the outbox`);
  return email.link;
}

/** The token of a confirmation link (`…/verify-email?token=…`). */
export function tokenOf(link: string): string {
  const token = new URL(link).searchParams.get('token');
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}
