import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt } from 'drizzle-orm';
import type { Executor } from './database.js';
import { insertRows } from './raw-rows.js';
import { auditEntries, auditStaged } from './schema.js';

/** prev_hash of the first entry of every tenant's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** What a use case says happened; the chain adds position and hashes. */
export interface AuditEvent {
  readonly tenantId: string;
  readonly actorId: string | null;
  /** Verb in the past tense, dotted by area: `user.registered`, `passkey.removed`. */
  readonly action: string;
  readonly subjectType: string;
  readonly subjectId: string;
  readonly details?: Record<string, unknown>;
  readonly occurredAt: Date;
}

/** A stored audit entry. */
export type AuditEntry = typeof auditEntries.$inferSelect;

/** JSON with object keys sorted at every depth, so the hash does not depend on how jsonb reorders keys. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** The canonical JSON of every field an entry's hash covers, the previous hash included. */
function hashedBody(entry: Omit<AuditEntry, 'hash'>): string {
  return canonicalJson({
    tenantId: entry.tenantId,
    seq: entry.seq,
    occurredAt: entry.occurredAt.toISOString(),
    actorId: entry.actorId,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId,
    details: entry.details,
    prevHash: entry.prevHash,
  });
}

/** SHA-256 over the previous hash and every field of the entry: change any of them and the link breaks. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  return createHash('sha256').update(hashedBody(entry)).digest('hex');
}

/**
 * The canonical JSON that `entryHash` hashes, cut around the two values only the chain's head decides: the text
 * before the previous hash, and after the sequence number (between them is always `","seq":`).
 */
function entryHashFrame(event: AuditEvent): { before: string; after: string } {
  const PREV = 'PREV';
  const marker = `"prevHash":"${PREV}","seq":0,`;
  const body = hashedBody({ ...event, details: event.details ?? {}, seq: 0, prevHash: PREV });
  // Keys are sorted, so prevHash and seq sit side by side; any quote inside a value is escaped, so the marker
  // (with its unescaped quotes) occurs exactly once.
  const at = body.indexOf(marker);
  return { before: `${body.slice(0, at)}"prevHash":"`, after: `,${body.slice(at + marker.length)}` };
}

/**
 * Appends one entry to the tenant's chain with the caller's transaction: the entry is staged now and linked when
 * the transaction commits, by a deferred trigger (migration 0007) that locks the chain's head row, gives the entry
 * the next sequence number and the head's hash, computes its SHA-256 over the canonical JSON `entryHash` hashes
 * (from the text staged around those two values), and moves the head. A tenant's transactions so queue for its
 * chain only during their commits, and two nodes never both link to the same predecessor. A transaction that
 * rolls back leaves nothing.
 */
export async function appendAudit(tx: Executor, event: AuditEvent): Promise<void> {
  await insertRows(tx, auditStaged, [stagedAudit(event)]);
}

/** The staged row of an entry (see `appendAudit`), for a statement that writes it along with its change. */
export function stagedAudit(event: AuditEvent): Omit<typeof auditStaged.$inferInsert, 'id'> {
  const { before, after } = entryHashFrame(event);
  return {
    tenantId: event.tenantId,
    occurredAt: event.occurredAt,
    actorId: event.actorId,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    details: event.details ?? {},
    hashBefore: before,
    hashAfter: after,
  };
}

/** The verdict on a tenant's chain: intact, or the first entry whose link is broken and why. */
export type ChainVerdict =
  | { readonly intact: true; readonly entries: number }
  | {
      readonly intact: false;
      readonly entries: number;
      readonly brokenAtSeq: number;
      readonly reason: string;
    };

/** Recomputes the tenant's whole chain in order, reading in pages, and reports the first broken link. */
export async function verifyAuditChain(
  db: Executor,
  tenantId: string,
  pageSize = 1000,
): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (;;) {
    const page = await db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.tenantId, tenantId), gt(auditEntries.seq, expectedSeq - 1)))
      .orderBy(asc(auditEntries.seq))
      .limit(pageSize);
    for (const entry of page) {
      const fail = (reason: string): ChainVerdict => ({
        intact: false,
        entries: expectedSeq - 1,
        brokenAtSeq: entry.seq,
        reason,
      });
      if (entry.seq !== expectedSeq) return fail(`entry ${expectedSeq} is missing (next is ${entry.seq})`);
      if (entry.prevHash !== prevHash)
        return fail('prev_hash does not match the hash of the entry before it');
      const { hash, ...rest } = entry;
      if (entryHash(rest) !== hash) return fail('content does not match its hash (the entry was altered)');
      prevHash = hash;
      expectedSeq += 1;
    }
    if (page.length < pageSize) return { intact: true, entries: expectedSeq - 1 };
  }
}

/** Entries of one tenant, newest first. */
export function listAuditEntries(db: Executor, tenantId: string, limit = 100): Promise<AuditEntry[]> {
  return db
    .select()
    .from(auditEntries)
    .where(eq(auditEntries.tenantId, tenantId))
    .orderBy(desc(auditEntries.seq))
    .limit(limit);
}
