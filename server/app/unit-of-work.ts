import { randomUUID } from 'node:crypto';
import type { Actor } from '../adapters/token-service.js';
import type { PgTable } from 'drizzle-orm/pg-core';
import { DomainError } from '../domain/errors.js';
import { hasAnyRole, type Role } from '../domain/identity/roles.js';
import { type AuditEvent, stagedAudit } from '../persistence/audit-chain.js';
import { inTransaction, type Tx } from '../persistence/database.js';
import { insertTogether, type TableRows } from '../persistence/raw-rows.js';
import { type OutgoingMessage, outboxRow } from '../persistence/repositories/outbox.js';
import { auditStaged, outboxMessages } from '../persistence/schema.js';
import type { TenantRow } from '../persistence/repositories/tenants.js';
import { findUserWithTenant, type UserRow } from '../persistence/repositories/users.js';
import { isUniqueViolation } from './db-errors.js';
import type { AppDeps } from './deps.js';

/** The system itself acting for a tenant (seeding, command-line tools, scheduled jobs): no user, full rights. */
export interface SystemActor {
  readonly tenantId: string;
  readonly userId: null;
}

/** Who asks for a change: a signed-in user (as their token says), the system, or nobody yet (sign-in, registration). */
export type Requester = Actor | SystemActor | null;

/** A signed-in user as the database sees them now: active, with their current roles. */
export interface ActingUser extends Actor {
  readonly user: UserRow;
  readonly tenant: TenantRow;
}

/** An audit entry as a use case states it: the unit of work fills in the tenant, actor and time. */
export type AuditNote = Omit<AuditEvent, 'tenantId' | 'actorId' | 'occurredAt'> & {
  readonly tenantId?: string;
  readonly actorId?: string | null;
};

/** What a use case runs with: one transaction, one instant, the current actor, audit, outbox and after-commit. */
export interface UnitOfWork {
  readonly tx: Tx;
  /** The clock read once: every row and audit entry of the change carries the same instant. */
  readonly now: Date;
  /** The acting user as read for this change; null for the system or an anonymous request. */
  readonly actor: ActingUser | null;
  /** The acting system, or null. */
  readonly system: SystemActor | null;
  /** The tenant acted in (the actor's or the system's); undefined for an anonymous request. */
  readonly tenantId: string | undefined;
  /**
   * Refuses unless the acting user holds one of the roles now (the system may do anything): `unauthenticated`
   * without a user, `forbidden` with too few roles. Returns the acting user (null for the system).
   */
  authorize(roles: readonly Role[]): ActingUser | null;
  /**
   * Appends to the tenant's audit chain in this transaction (written at the end of the unit of work, see
   * `insertLater`, and linked into the chain as it commits).
   */
  audit(note: AuditNote): Promise<void>;
  /**
   * Writes an outgoing message to the outbox in this transaction (at the end of the unit of work, see
   * `insertLater`); the relay sends it once committed.
   */
  enqueue(message: OutgoingMessage): Promise<void>;
  /**
   * Inserts these rows at the end of the unit of work, in one statement with its audit entries and outgoing
   * messages: for rows nothing in the unit of work reads back. A row refused (a unique violation) fails the
   * unit of work all the same, only later.
   */
  insertLater(rows: TableRows): void;
  /** Runs `hook` once the transaction has committed (never if it rolls back); a failing hook is logged. */
  afterCommit(hook: () => unknown): void;
}

/** Options of one unit of work. */
export interface UnitOfWorkOptions {
  /** Maps a unique violation (a concurrent twin of this change won) to a `conflict` with this message, or to this error. */
  readonly onUniqueViolation?: string | (() => DomainError);
}

/** The dependencies a unit of work needs. */
export type UnitOfWorkDeps = Pick<AppDeps, 'db' | 'clock'> & Partial<Pick<AppDeps, 'logger' | 'outbox'>>;

function isSystem(requester: Requester): requester is SystemActor {
  return requester !== null && requester.userId === null;
}

/**
 * Accounts as `currentActor` read them, with when (performance.now()): a unit of work that a request's handler
 * opens right after its route read the account takes that reading instead of reading it again. A copy of an
 * acting user (as a socket keeps for its lifetime) is not in here, and is read again.
 */
const readAt = new WeakMap<ActingUser, number>();

/**
 * How long a reading of an account stands for a unit of work: a request's own reading, not one kept for later.
 * A change made to the account in between is no different from one made just after the unit of work read it.
 */
const READING_STANDS_MS = 1_000;

/** Loads a signed-in user's current state; a disabled, deleted or foreign account is no longer signed in. */
export async function currentActor(ex: Tx | AppDeps['db'], actor: Actor): Promise<ActingUser> {
  const found = await findUserWithTenant(ex, actor.tenantId, actor.userId);
  if (found?.user.status !== 'active') {
    throw new DomainError('unauthenticated', 'This account is no longer active; sign in again');
  }
  const acting: ActingUser = {
    userId: found.user.id,
    tenantId: found.tenant.id,
    tenantSlug: found.tenant.slug,
    roles: found.user.roles,
    user: found.user,
    tenant: found.tenant,
  };
  readAt.set(acting, performance.now());
  return acting;
}

/** The acting user as `currentActor` read it within the last moment, else a fresh reading in `tx`. */
function actingNow(tx: Tx, requester: Actor): Promise<ActingUser> {
  const read = readAt.get(requester as ActingUser);
  if (read !== undefined && performance.now() - read < READING_STANDS_MS)
    return Promise.resolve(requester as ActingUser);
  return currentActor(tx, requester);
}

/** Refuses unless `actor` holds one of `roles`; names the roles that would do. */
export function requireRole<A extends Actor>(actor: A | null, roles: readonly Role[]): A {
  if (!actor) throw new DomainError('unauthenticated', 'Sign in to do this');
  if (!hasAnyRole(actor.roles, roles))
    throw new DomainError('forbidden', `This needs one of the roles: ${roles.join(', ')}`);
  return actor;
}

/**
 * Runs one state-changing use case: opens the transaction, reads the acting user (so a disabled or demoted
 * account is refused whatever its token says; the route's reading of this request serves), and gives the use
 * case the instant, audit, the outbox and after-commit hooks. Everything it writes, its audit entries and its messages commit together or not at all;
 * hooks and the outbox relay run only after the commit.
 */
export async function runUnitOfWork<T>(
  deps: UnitOfWorkDeps,
  requester: Requester,
  work: (uow: UnitOfWork) => Promise<T>,
  options: UnitOfWorkOptions = {},
): Promise<T> {
  const hooks: Array<() => unknown> = [];
  let enqueued = 0;
  // Rows written in one statement as the work ends: audit entries, messages and the use case's own.
  const later = new Map<PgTable, PgTable['$inferInsert'][]>();
  const insertLater = ([table, rows]: TableRows) => {
    const kept = later.get(table);
    if (kept) kept.push(...rows);
    else later.set(table, [...rows]);
  };
  let result: T;
  try {
    result = await inTransaction(deps.db, async (tx) => {
      const now = deps.clock.now();
      const system = isSystem(requester) ? requester : null;
      const actor = requester && !system ? await actingNow(tx, requester as Actor) : null;
      const tenantId = actor?.tenantId ?? system?.tenantId;
      const uow: UnitOfWork = {
        tx,
        now,
        actor,
        system,
        tenantId,
        authorize: (roles) => (system ? null : requireRole(actor, roles)),
        audit: async (note) => {
          const auditTenant = note.tenantId ?? tenantId;
          if (!auditTenant) throw new Error('An audit entry needs a tenant');
          const event = {
            ...note,
            tenantId: auditTenant,
            actorId: note.actorId === undefined ? (actor?.userId ?? null) : note.actorId,
            occurredAt: now,
          };
          insertLater([auditStaged, [stagedAudit(event)]]);
        },
        enqueue: async (message) => {
          const messageTenant = message.tenantId ?? tenantId;
          if (!messageTenant) throw new Error('An outgoing message needs a tenant');
          insertLater([
            outboxMessages,
            [outboxRow({ ...message, tenantId: messageTenant }, randomUUID(), now)],
          ]);
          enqueued += 1;
        },
        insertLater,
        afterCommit: (hook) => {
          hooks.push(hook);
        },
      };
      const done = await work(uow);
      await insertTogether(tx, [...later]);
      return done;
    });
  } catch (error) {
    const conflict = options.onUniqueViolation;
    if (conflict && isUniqueViolation(error))
      throw typeof conflict === 'string' ? new DomainError('conflict', conflict) : conflict();
    throw error;
  }
  for (const hook of hooks) {
    try {
      await hook();
    } catch (error) {
      deps.logger?.error({ err: error }, 'an after-commit step failed (the change itself is committed)');
    }
  }
  if (enqueued > 0) deps.outbox?.kick();
  return result;
}
