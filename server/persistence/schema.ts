import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { Role } from '../domain/identity/roles.js';
import type { CertificateLayoutRef } from '../domain/credentials/open-badge.js';
import type { TenantBranding, TenantSettings } from '../domain/tenants/tenant.js';

// tenant_id leads the keys of every table that belongs to a programme, so the schema can later be
// distributed by tenant (Citus) without changing keys.

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Programme owners. */
export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  branding: jsonb('branding').$type<TenantBranding>().notNull(),
  settings: jsonb('settings').$type<TenantSettings>().notNull(),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** People who sign in to a tenant, with their roles. */
export const users = pgTable(
  'users',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash'),
    roles: text('roles').array().$type<Role[]>().notNull(),
    status: text('status').$type<'active' | 'disabled'>().notNull(),
    /** When the holder proved they read this address (an e-mailed link, or an invitation sent to it). */
    emailVerifiedAt: ts('email_verified_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('users_tenant_email').on(t.tenantId, t.email),
  ],
);

/** WebAuthn credentials (passkeys) registered by users. */
export const passkeys = pgTable(
  'passkeys',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    credentialId: text('credential_id').notNull(),
    publicKey: text('public_key').notNull(),
    signCount: bigint('sign_count', { mode: 'number' }).notNull(),
    transports: text('transports').array().notNull(),
    deviceType: text('device_type').notNull(),
    backedUp: boolean('backed_up').notNull(),
    label: text('label').notNull(),
    createdAt: ts('created_at').notNull(),
    lastUsedAt: ts('last_used_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('passkeys_tenant_credential').on(t.tenantId, t.credentialId),
    index('passkeys_tenant_user').on(t.tenantId, t.userId),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete(
      'cascade',
    ),
  ],
);

/** Server-side WebAuthn challenges: single use, short-lived. */
export const webauthnChallenges = pgTable(
  'webauthn_challenges',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull(),
    userId: uuid('user_id'),
    purpose: text('purpose').$type<'registration' | 'authentication' | 'check_in'>().notNull(),
    /** What the ceremony is bound to: the attempt a check-in opens. */
    subjectId: uuid('subject_id'),
    challenge: text('challenge').notNull(),
    expiresAt: ts('expires_at').notNull(),
    consumedAt: ts('consumed_at'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** Browser sessions behind the refresh cookie; only the token's hash is stored. */
export const sessions = pgTable(
  'sessions',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete(
      'cascade',
    ),
  ],
);

/** Invitations to join a tenant with given roles; only the token's hash is stored. */
export const invitations = pgTable(
  'invitations',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull(),
    email: text('email').notNull(),
    roles: text('roles').array().$type<Role[]>().notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: uuid('invited_by').notNull(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    acceptedAt: ts('accepted_at'),
    cancelledAt: ts('cancelled_at'),
    /** When the invitation was last e-mailed (a resend replaces the token). */
    lastSentAt: ts('last_sent_at'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** Links that prove a user reads an address: single use, short-lived; only the token's hash is stored. */
export const emailVerifications = pgTable(
  'email_verifications',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    consumedAt: ts('consumed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }).onDelete(
      'cascade',
    ),
  ],
);

/**
 * Messages a committed change sends (e-mail now; webhooks and socket fan-out later), written in the same
 * transaction as the change. A relay claims due rows (FOR UPDATE SKIP LOCKED, with a lease), sends them,
 * and retries with backoff until `max_attempts`, after which the row is `failed` with its last error.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull(),
    /** The channel: `email` now; `webhook` and `socket` later. */
    channel: text('channel').$type<'email' | 'webhook' | 'socket'>().notNull(),
    /** What the message is about, dotted like audit actions: `invitation.sent`, `credential.issued`. */
    topic: text('topic').notNull(),
    /** Where it goes: an e-mail address, a webhook URL, a socket room. */
    recipient: text('recipient').notNull(),
    /** The rendered message (for e-mail: subject, text and HTML bodies). */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<'pending' | 'sent' | 'failed'>().notNull(),
    attempts: integer('attempts').notNull(),
    maxAttempts: integer('max_attempts').notNull(),
    nextAttemptAt: ts('next_attempt_at').notNull(),
    /** A claim by one relay: others leave the row alone until then (a dead relay's claim runs out). */
    lockedUntil: ts('locked_until'),
    lastError: text('last_error'),
    createdAt: ts('created_at').notNull(),
    sentAt: ts('sent_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('outbox_messages_due').on(t.status, t.nextAttemptAt),
    index('outbox_messages_tenant_created').on(t.tenantId, t.createdAt),
  ],
);

/** Append-only, hash-chained record of every state change, one chain per tenant. */
export const auditEntries = pgTable(
  'audit_entries',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    occurredAt: ts('occurred_at').notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.seq] })],
);

/**
 * The last entry of each tenant's audit chain. Appending locks this row (not the whole tenant) for the one
 * statement that links the entry and moves the head, so appenders queue only for that statement and the commit.
 */
export const auditChainHeads = pgTable('audit_chain_heads', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => tenants.id),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

/**
 * Audit entries written by a transaction and not yet linked into their chain: a deferred trigger links each at
 * the transaction's commit (see migration 0007), so the row lives only inside its own transaction.
 */
export const auditStaged = pgTable('audit_staged', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  tenantId: uuid('tenant_id').notNull(),
  occurredAt: ts('occurred_at').notNull(),
  actorId: uuid('actor_id'),
  action: text('action').notNull(),
  subjectType: text('subject_type').notNull(),
  subjectId: text('subject_id').notNull(),
  details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  /** The entry's canonical JSON before its previous hash, and after its sequence number (see `entryHashFrame`). */
  hashBefore: text('hash_before').notNull(),
  hashAfter: text('hash_after').notNull(),
});

/**
 * Request counters for rate limits (per client address and purpose), in the database so that several
 * nodes count together. One row per key: its current fixed window and the hits in it.
 */
export const rateLimitHits = pgTable('rate_limit_hits', {
  key: text('key').primaryKey(),
  windowStart: ts('window_start').notNull(),
  hits: integer('hits').notNull(),
});

/** Items of a tenant's bank: the stable identity; content lives in item_versions. */
export const items = pgTable(
  'items',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull(),
    externalId: text('external_id').notNull(),
    latestVersion: integer('latest_version').notNull(),
    activeVersion: integer('active_version'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('items_tenant_external_id').on(t.tenantId, t.externalId),
  ],
);

/**
 * One version of an item. Content (with its answer key) is immutable once the version has been
 * submitted; an edit after that makes a new version. IRT parameters sit beside the content because
 * calibration updates them without changing what candidates see.
 */
export const itemVersions = pgTable(
  'item_versions',
  {
    tenantId: uuid('tenant_id').notNull(),
    itemId: uuid('item_id').notNull(),
    version: integer('version').notNull(),
    status: text('status').$type<'draft' | 'in_review' | 'active' | 'retired'>().notNull(),
    type: text('type').notNull(),
    domain: text('domain').notNull(),
    pretest: boolean('pretest').notNull(),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    contentHash: text('content_hash').notNull(),
    irtModel: text('irt_model').$type<'1pl' | '2pl' | '3pl'>(),
    irtA: doublePrecision('irt_a'),
    irtB: doublePrecision('irt_b'),
    irtC: doublePrecision('irt_c'),
    irtSource: text('irt_source'),
    authorId: uuid('author_id'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    submittedAt: ts('submitted_at'),
    reviewerId: uuid('reviewer_id'),
    reviewedAt: ts('reviewed_at'),
    reviewComment: text('review_comment'),
    retiredAt: ts('retired_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.itemId, t.version] }),
    index('item_versions_tenant_status_domain').on(t.tenantId, t.status, t.domain),
    foreignKey({ columns: [t.tenantId, t.itemId], foreignColumns: [items.tenantId, items.id] }),
  ],
);

/** A certification a programme awards: code, title and how long a credential stays valid. */
export const certifications = pgTable(
  'certifications',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    validityMonths: integer('validity_months').notNull(),
    blueprintVersion: integer('blueprint_version'),
    /** Rules for candidates (prerequisites, retakes, vouchers); null for the default policy. */
    candidatePolicy: jsonb('candidate_policy').$type<Record<string, unknown>>(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('certifications_tenant_code').on(t.tenantId, t.code),
  ],
);

/** Versions of a certification's exam blueprint; attempts will refer to the version they were built from. */
export const blueprints = pgTable(
  'blueprints',
  {
    tenantId: uuid('tenant_id').notNull(),
    certificationId: uuid('certification_id').notNull(),
    version: integer('version').notNull(),
    definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
    /** The item versions this version runs on, fixed when it is saved: every node builds the same bank. */
    itemPool: jsonb('item_pool').$type<{ itemId: string; version: number }[]>(),
    /** Sympson–Hetter exposure parameters, simulated when the version is saved; null when not used. */
    exposureParameters: jsonb('exposure_parameters').$type<Record<string, number>>(),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.certificationId, t.version] }),
    foreignKey({
      columns: [t.tenantId, t.certificationId],
      foreignColumns: [certifications.tenantId, certifications.id],
    }),
  ],
);

/**
 * Scored responses to item versions, the data calibration and item statistics are computed from.
 * Exam delivery writes one per answered item; field-test data can be loaded through the API.
 */
export const itemResponses = pgTable(
  'item_responses',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    itemId: uuid('item_id').notNull(),
    itemVersion: integer('item_version').notNull(),
    examineeRef: text('examinee_ref').notNull(),
    score: doublePrecision('score').notNull(),
    responseTimeSec: doublePrecision('response_time_sec'),
    source: text('source').$type<'attempt' | 'field_test'>().notNull(),
    administeredAt: ts('administered_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('item_responses_tenant_item').on(t.tenantId, t.itemId, t.itemVersion),
    foreignKey({
      columns: [t.tenantId, t.itemId, t.itemVersion],
      foreignColumns: [itemVersions.tenantId, itemVersions.itemId, itemVersions.version],
    }),
  ],
);

/** A calibration run: the estimates and flags it produced, and whether they were applied to the bank. */
export const calibrationRuns = pgTable(
  'calibration_runs',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull(),
    model: text('model').$type<'rasch' | '2pl'>().notNull(),
    examinees: integer('examinees').notNull(),
    result: jsonb('result').$type<Record<string, unknown>>().notNull(),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
    appliedAt: ts('applied_at'),
    appliedBy: uuid('applied_by'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/**
 * A tenant's credential signing keys. The newest active key signs new credentials; retired keys stay
 * published in the JWKS so credentials they signed still verify. The private half is sealed with the
 * key-encryption key from configuration.
 */
export const signingKeys = pgTable(
  'signing_keys',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    kid: text('kid').notNull(),
    alg: text('alg').notNull(),
    publicJwk: jsonb('public_jwk').$type<Record<string, unknown>>().notNull(),
    privateKeySealed: text('private_key_sealed').notNull(),
    status: text('status').$type<'active' | 'retired'>().notNull(),
    createdAt: ts('created_at').notNull(),
    retiredAt: ts('retired_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.kid] }),
    uniqueIndex('signing_keys_kid').on(t.kid),
    // Exactly one key signs for a tenant at a time, whatever rotations race.
    uniqueIndex('signing_keys_one_active').on(t.tenantId).where(sql`status = 'active'`),
  ],
);

/**
 * Issued credentials: the public certificate ID, the holder, the dates, the standing flags (status is
 * computed from them when read) and the signed VC-JWT. The certificate ID is unique across tenants
 * because the public verification page finds a credential by it alone.
 */
export const credentials = pgTable(
  'credentials',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    certificateId: text('certificate_id').notNull(),
    certificationId: uuid('certification_id').notNull(),
    userId: uuid('user_id'),
    holderName: text('holder_name').notNull(),
    holderEmail: text('holder_email').notNull(),
    subjectId: text('subject_id').notNull(),
    attemptId: uuid('attempt_id'),
    source: text('source').$type<'manual' | 'import' | 'attempt'>().notNull(),
    issuedAt: ts('issued_at').notNull(),
    expiresAt: ts('expires_at'),
    suspendedAt: ts('suspended_at'),
    suspensionReason: text('suspension_reason'),
    revokedAt: ts('revoked_at'),
    revocationReason: text('revocation_reason'),
    statusListIndex: integer('status_list_index').notNull(),
    kid: text('kid').notNull(),
    vcJwt: text('vc_jwt').notNull(),
    /** How the PDF certificate is drawn (template, version, brand colour), fixed at issuance. */
    certificateLayout: jsonb('certificate_layout').$type<CertificateLayoutRef>().notNull(),
    pdfSha256: text('pdf_sha256').notNull(),
    issuedBy: uuid('issued_by'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('credentials_certificate_id').on(t.certificateId),
    uniqueIndex('credentials_tenant_status_index').on(t.tenantId, t.statusListIndex),
    index('credentials_tenant_user').on(t.tenantId, t.userId),
    index('credentials_tenant_email').on(t.tenantId, t.holderEmail),
    // One credential per passed attempt, whatever races settle the result.
    uniqueIndex('credentials_one_per_attempt').on(t.tenantId, t.attemptId).where(sql`attempt_id is not null`),
    foreignKey({
      columns: [t.tenantId, t.certificationId],
      foreignColumns: [certifications.tenantId, certifications.id],
    }),
  ],
);

/** Certificate IDs from another system, kept so that IDs printed on old certificates still verify. */
export const credentialAliases = pgTable(
  'credential_aliases',
  {
    /** The legacy ID's letters and digits, upper-cased: how a typed ID is looked up. */
    aliasKey: text('alias_key').primaryKey(),
    legacyId: text('legacy_id').notNull(),
    tenantId: uuid('tenant_id').notNull(),
    credentialId: uuid('credential_id').notNull(),
  },
  (t) => [
    foreignKey({
      columns: [t.tenantId, t.credentialId],
      foreignColumns: [credentials.tenantId, credentials.id],
    }),
  ],
);

/**
 * An exam attempt. The server owns its clock (the stored deadline) and its state; `form` is what was assembled
 * at check-in (the slots of a fixed or linear form, or an adaptive exam's pretest plan) and `progress` the
 * adaptive engine's state. `epoch` is bumped whenever a window takes the attempt over, so a stale tab's saves
 * are refused.
 */
export const attempts = pgTable(
  'attempts',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull(),
    certificationId: uuid('certification_id').notNull(),
    blueprintVersion: integer('blueprint_version').notNull(),
    candidateId: uuid('candidate_id').notNull(),
    status: text('status')
      .$type<'checked_in' | 'in_progress' | 'paused' | 'submitted' | 'scored' | 'voided'>()
      .notNull(),
    mode: text('mode').$type<'fixed' | 'linear' | 'adaptive'>().notNull(),
    seed: integer('seed').notNull(),
    form: jsonb('form').$type<Record<string, unknown>>().notNull(),
    progress: jsonb('progress').$type<Record<string, unknown>>(),
    /** The position served now (adaptive), 1-based; null when nothing is served. */
    currentPosition: integer('current_position'),
    currentItemId: uuid('current_item_id'),
    currentServedAt: ts('current_served_at'),
    answeredCount: integer('answered_count').notNull(),
    lastSeq: integer('last_seq').notNull(),
    epoch: integer('epoch').notNull(),
    allowedMs: integer('allowed_ms').notNull(),
    breaksAllowed: integer('breaks_allowed').notNull(),
    breaksTaken: integer('breaks_taken').notNull(),
    checkedInAt: ts('checked_in_at').notNull(),
    /** The identity check: passkey credential id, time, user verification, address, user agent. */
    checkIn: jsonb('check_in').$type<Record<string, unknown>>().notNull(),
    startedAt: ts('started_at'),
    deadline: ts('deadline'),
    pausedAt: ts('paused_at'),
    finishedAt: ts('finished_at'),
    submittedBy: text('submitted_by').$type<'candidate' | 'deadline' | 'engine'>(),
    voucherId: uuid('voucher_id'),
    voidedAt: ts('voided_at'),
    voidReason: text('void_reason'),
    technicalFault: boolean('technical_fault'),
    /** The sweep's tries to settle it that failed (signing down, say): each next try waits longer. */
    settleFailures: integer('settle_failures').notNull().default(0),
    /** After a failed try, the sweep leaves the attempt alone until then. */
    settleAfter: ts('settle_after'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
    /** Moved on by the database with every change of the row (migration 0007): a write that names the version it
     * read changes nothing if anyone wrote in between. */
    version: bigint('version', { mode: 'number' }).notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('attempts_one_live')
      .on(t.tenantId, t.candidateId, t.certificationId)
      .where(sql`status in ('checked_in', 'in_progress', 'paused')`),
    index('attempts_running_deadline').on(t.deadline).where(sql`status = 'in_progress'`),
    // The sweep looks for submitted attempts left unscored: without this it would read every attempt. On the finish
    // time, which an answer never changes: an answer's update then touches no indexed column, so PostgreSQL
    // updates the row in place (a HOT update, room kept by the table's fillfactor, migration 0009) without
    // adding an entry to every index of the table.
    index('attempts_submitted').on(t.finishedAt).where(sql`status = 'submitted'`),
    index('attempts_tenant_certification').on(t.tenantId, t.certificationId, t.checkedInAt),
    index('attempts_tenant_candidate').on(t.tenantId, t.candidateId),
    foreignKey({
      columns: [t.tenantId, t.certificationId],
      foreignColumns: [certifications.tenantId, certifications.id],
    }),
  ],
);

/**
 * The append-only response log of an attempt: one row per accepted save, keyed by the client's sequence
 * number, so a save sent twice is stored once. The latest save of a position is its answer.
 */
export const attemptResponses = pgTable(
  'attempt_responses',
  {
    tenantId: uuid('tenant_id').notNull(),
    attemptId: uuid('attempt_id').notNull(),
    seq: integer('seq').notNull(),
    position: integer('position').notNull(),
    itemId: uuid('item_id').notNull(),
    itemVersion: integer('item_version').notNull(),
    domain: text('domain').notNull(),
    scored: boolean('scored').notNull(),
    answer: jsonb('answer').$type<Record<string, unknown>>(),
    marked: boolean('marked').notNull(),
    score: doublePrecision('score'),
    timeOnItemMs: integer('time_on_item_ms'),
    theta: doublePrecision('theta'),
    se: doublePrecision('se'),
    receivedAt: ts('received_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.attemptId, t.seq] }),
    foreignKey({ columns: [t.tenantId, t.attemptId], foreignColumns: [attempts.tenantId, attempts.id] }),
  ],
);

/** The scored result of an attempt: one row at most (a second submission meets the primary key). */
export const attemptResults = pgTable(
  'attempt_results',
  {
    tenantId: uuid('tenant_id').notNull(),
    attemptId: uuid('attempt_id').notNull(),
    passed: boolean('passed').notNull(),
    scaledScore: doublePrecision('scaled_score'),
    percentCorrect: doublePrecision('percent_correct').notNull(),
    theta: doublePrecision('theta'),
    se: doublePrecision('se'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull(),
    credentialId: uuid('credential_id'),
    earliestRetakeAt: ts('earliest_retake_at'),
    scoredAt: ts('scored_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.attemptId] }),
    foreignKey({ columns: [t.tenantId, t.attemptId], foreignColumns: [attempts.tenantId, attempts.id] }),
  ],
);

/** A batch of exam vouchers for one certification, e.g. bought by a partner. */
export const voucherPools = pgTable(
  'voucher_pools',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id),
    id: uuid('id').notNull(),
    certificationId: uuid('certification_id').notNull(),
    name: text('name').notNull(),
    partnerRef: text('partner_ref'),
    expiresAt: ts('expires_at').notNull(),
    usesPerCode: integer('uses_per_code').notNull(),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({
      columns: [t.tenantId, t.certificationId],
      foreignColumns: [certifications.tenantId, certifications.id],
    }),
  ],
);

/** One voucher code; `uses` counts attempts started with it (given back when one is voided for a fault). */
export const vouchers = pgTable(
  'vouchers',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    poolId: uuid('pool_id').notNull(),
    code: text('code').notNull(),
    uses: integer('uses').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('vouchers_tenant_code').on(t.tenantId, t.code),
    foreignKey({ columns: [t.tenantId, t.poolId], foreignColumns: [voucherPools.tenantId, voucherPools.id] }),
  ],
);

/** Accommodations for one candidate at one certification: extra time and breaks. */
export const accommodations = pgTable(
  'accommodations',
  {
    tenantId: uuid('tenant_id').notNull(),
    userId: uuid('user_id').notNull(),
    certificationId: uuid('certification_id').notNull(),
    extraTimePercent: integer('extra_time_percent').notNull(),
    extraTimeMinutes: integer('extra_time_minutes').notNull(),
    breaksAllowed: integer('breaks_allowed').notNull(),
    note: text('note'),
    updatedBy: uuid('updated_by'),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.userId, t.certificationId] }),
    foreignKey({
      columns: [t.tenantId, t.certificationId],
      foreignColumns: [certifications.tenantId, certifications.id],
    }),
  ],
);

/** An admin's exception to one eligibility rule for one candidate, used by their next attempt. */
export const eligibilityExceptions = pgTable(
  'eligibility_exceptions',
  {
    tenantId: uuid('tenant_id').notNull(),
    id: uuid('id').notNull(),
    userId: uuid('user_id').notNull(),
    certificationId: uuid('certification_id').notNull(),
    rule: text('rule').notNull(),
    reason: text('reason').notNull(),
    grantedBy: uuid('granted_by'),
    grantedAt: ts('granted_at').notNull(),
    usedByAttemptId: uuid('used_by_attempt_id'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('eligibility_exceptions_candidate').on(t.tenantId, t.userId, t.certificationId),
  ],
);
