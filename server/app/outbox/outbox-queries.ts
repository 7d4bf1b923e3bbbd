import { notFound } from '../../domain/errors.js';
import {
  findOutboxMessage,
  listOutboxMessages,
  type OutboxRow,
} from '../../persistence/repositories/outbox.js';
import type { AppDeps } from '../deps.js';
import { type ActingUser, requireRole } from '../unit-of-work.js';

/** A message in the admins' outbox list: where it goes, what about, and how its delivery stands. */
export interface OutboxMessageSummary {
  readonly id: string;
  readonly channel: OutboxRow['channel'];
  readonly topic: string;
  readonly recipient: string;
  readonly subject: string | null;
  readonly status: OutboxRow['status'];
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly nextAttemptAt: string;
  readonly sentAt: string | null;
}

/** One message with its bodies, as it was (or would be) sent. */
export interface OutboxMessageView extends OutboxMessageSummary {
  readonly text: string | null;
  readonly html: string | null;
}

const stringOr = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * Address-confirmation links prove that whoever opens them reads the recipient's mailbox. Where e-mail is
 * really delivered, an admin reading the outbox must not be able to confirm someone else's address (and so
 * claim the credentials issued to it): their tokens are hidden. Without SMTP (development, the demo) the
 * outbox is the only mailbox there is, and the links are shown. Other links (an invitation the admin made,
 * a sign-in page) are shown as sent.
 */
function withoutProofLinks(body: string | null): string | null {
  return body?.replace(/(verify-email\?token=)[A-Za-z0-9_%.~-]+/g, '$1[hidden]') ?? null;
}

function summaryOf(row: OutboxRow): OutboxMessageSummary {
  return {
    id: row.id,
    channel: row.channel,
    topic: row.topic,
    recipient: row.recipient,
    subject: stringOr(row.payload.subject),
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    nextAttemptAt: row.nextAttemptAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
  };
}

/** The admin's tenant's outgoing messages, newest first, optionally of one status. */
export async function listOutbox(
  deps: Pick<AppDeps, 'db'>,
  actor: ActingUser,
  filter: { status?: OutboxRow['status']; limit?: number },
): Promise<OutboxMessageSummary[]> {
  requireRole(actor, ['admin']);
  const rows = await listOutboxMessages(deps.db, actor.tenantId, {
    status: filter.status,
    limit: filter.limit ?? 50,
  });
  return rows.map(summaryOf);
}

/** One message of the admin's tenant with its text and HTML bodies; another tenant's is "not found". */
export async function getOutboxMessage(
  deps: Pick<AppDeps, 'db' | 'outbox'>,
  actor: ActingUser,
  id: string,
): Promise<OutboxMessageView> {
  requireRole(actor, ['admin']);
  const row = await findOutboxMessage(deps.db, actor.tenantId, id);
  if (!row) throw notFound('Message');
  const delivered = deps.outbox?.delivers?.includes(row.channel) ?? false;
  const shown = (body: unknown) => (delivered ? withoutProofLinks(stringOr(body)) : stringOr(body));
  return { ...summaryOf(row), text: shown(row.payload.text), html: shown(row.payload.html) };
}
