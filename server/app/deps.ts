import type { Logger } from 'pino';
import type { CredentialSigner } from '../adapters/credential-signer.js';
import type { PasswordHasher } from '../adapters/password-hasher.js';
import type { Actor, TokenService } from '../adapters/token-service.js';
import type { Clock } from '../domain/clock.js';
import type { Db } from '../persistence/database.js';
import type { OutboxRow } from '../persistence/repositories/outbox.js';
import type { AttemptView } from './delivery/attempt-view.js';
import type { SystemActor } from './unit-of-work.js';

/** WebAuthn relying-party settings: the browser-visible origin and RP id. */
export interface RelyingParty {
  readonly id: string;
  readonly name: string;
  readonly origin: string;
}

/** Everything a use case may touch, passed in at wiring time. */
export interface AppDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly tokens: TokenService;
  readonly passwords: PasswordHasher;
  readonly relyingParty: RelyingParty;
  readonly sessionTtlDays: number;
  readonly publicUrl: string;
  readonly logger: Logger;
  /** Signs credentials with the tenant's keys (local sealed keys now, a KMS later). */
  readonly signer: CredentialSigner;
  /**
   * Tells the live sockets of an attempt that it changed (after commit), with the attempt as its candidate now
   * sees it when the change was its result (else they read it again); absent where nobody listens.
   */
  readonly attemptEvents?: {
    changed(
      attempt: { readonly tenantId: string; readonly id: string; readonly candidateId: string },
      view?: AttemptView,
    ): void;
  };
  /**
   * Scores attempts submitted on this node right after the submission commits; absent where nobody waits for
   * a result (the attempt is then scored by whoever reads it first, or by the sweep).
   */
  readonly scoring?: { schedule(attempt: { readonly tenantId: string; readonly id: string }): void };
  /** The outbox relay, told after a commit that enqueued messages; absent where nothing is sent (CLIs). */
  readonly outbox?: {
    kick(): void;
    /** The channels it really delivers (e-mail once SMTP is configured); the others wait in the outbox. */
    readonly delivers?: readonly OutboxRow['channel'][];
  };
}

/** Who a change is made by: a signed-in user, or the system itself (seeding, command-line tools) with no user. */
export type ChangeAuthor = Actor | SystemActor;
