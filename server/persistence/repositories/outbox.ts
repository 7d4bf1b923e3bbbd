import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../database.js';
import { outboxMessages } from '../schema.js';

/** A stored outgoing message. */
export type OutboxRow = typeof outboxMessages.$inferSelect;

/** What a use case sends: the channel, what it is about, where it goes and the rendered content. */
export interface OutgoingMessage {
  readonly channel: OutboxRow['channel'];
  readonly topic: string;
  readonly recipient: string;
  readonly payload: Record<string, unknown>;
  /** The tenant it belongs to; defaults to the unit of work's tenant. */
  readonly tenantId?: string;
  /** Tries before the message is given up as failed (default 8). */
  readonly maxAttempts?: number;
}

/** Default number of tries before a message is marked failed. */
export const DEFAULT_MAX_ATTEMPTS = 8;

/** The outbox row of a pending message, due at once. */
export function outboxRow(
  message: OutgoingMessage & { tenantId: string },
  id: string,
  now: Date,
): typeof outboxMessages.$inferInsert {
  return {
    tenantId: message.tenantId,
    id,
    channel: message.channel,
    topic: message.topic,
    recipient: message.recipient,
    payload: message.payload,
    status: 'pending',
    attempts: 0,
    maxAttempts: message.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    nextAttemptAt: now,
    lockedUntil: null,
    lastError: null,
    createdAt: now,
    sentAt: null,
  };
}

/**
 * Claims up to `limit` due messages of the given channels for `leaseMs`: rows locked by another relay are
 * skipped (FOR UPDATE SKIP LOCKED), and a claimed row is left alone by every relay until its lease runs out,
 * so two nodes never send one message at once. Claiming counts an attempt.
 */
export async function claimDueMessages(
  ex: Executor,
  channels: readonly OutboxRow['channel'][],
  now: Date,
  leaseMs: number,
  limit: number,
): Promise<OutboxRow[]> {
  if (channels.length === 0) return [];
  const until = new Date(now.getTime() + leaseMs);
  const channelList = sql.join(
    channels.map((c) => sql`${c}`),
    sql`, `,
  );
  const due = sql`
    select tenant_id, id from outbox_messages
    where status = 'pending' and channel in (${channelList}) and next_attempt_at <= ${now}
      and (locked_until is null or locked_until <= ${now})
    order by next_attempt_at
    limit ${limit}
    for update skip locked`;
  return ex
    .update(outboxMessages)
    .set({ lockedUntil: until, attempts: sql`${outboxMessages.attempts} + 1` })
    .where(sql`(${outboxMessages.tenantId}, ${outboxMessages.id}) in (${due})`)
    .returning();
}

/** Records a delivery, if this relay's claim still holds. */
export async function markMessageSent(ex: Executor, row: OutboxRow, at: Date): Promise<void> {
  await ex
    .update(outboxMessages)
    .set({ status: 'sent', sentAt: at, lockedUntil: null, lastError: null })
    .where(
      and(
        eq(outboxMessages.tenantId, row.tenantId),
        eq(outboxMessages.id, row.id),
        eq(outboxMessages.status, 'pending'),
      ),
    );
}

/** Records a failed try: due again at `retryAt`, or `failed` for good once its attempts are used up. */
export async function markMessageFailed(
  ex: Executor,
  row: OutboxRow,
  error: string,
  retryAt: Date,
): Promise<void> {
  const final = row.attempts >= row.maxAttempts;
  await ex
    .update(outboxMessages)
    .set({
      status: final ? 'failed' : 'pending',
      nextAttemptAt: retryAt,
      lockedUntil: null,
      lastError: error.slice(0, 2000),
    })
    .where(
      and(
        eq(outboxMessages.tenantId, row.tenantId),
        eq(outboxMessages.id, row.id),
        eq(outboxMessages.status, 'pending'),
      ),
    );
}

/** A tenant's messages, newest first (what admins read in the outbox view), optionally of one status. */
export function listOutboxMessages(
  ex: Executor,
  tenantId: string,
  options: { limit: number; status?: OutboxRow['status'] },
): Promise<OutboxRow[]> {
  const where = and(
    eq(outboxMessages.tenantId, tenantId),
    options.status ? eq(outboxMessages.status, options.status) : undefined,
  );
  return ex
    .select()
    .from(outboxMessages)
    .where(where)
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
    .limit(options.limit);
}

/** One message of a tenant, or undefined. */
export async function findOutboxMessage(
  ex: Executor,
  tenantId: string,
  id: string,
): Promise<OutboxRow | undefined> {
  const [row] = await ex
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.tenantId, tenantId), eq(outboxMessages.id, id)));
  return row;
}
