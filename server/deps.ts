// The one place the dependency set is built: the server, the tests, the command-line tools and the
// benchmarks all call buildDeps, so a new dependency is wired once.
import type { Logger } from 'pino';
import { type CredentialSigner, localCredentialSigner } from './adapters/credential-signer.js';
import { createLogger } from './adapters/logger.js';
import { type PasswordHasher, scryptPasswordHasher } from './adapters/password-hasher.js';
import { loadSecrets, type Secrets } from './adapters/secrets.js';
import { jwtTokenService } from './adapters/token-service.js';
import type { Config } from './config.js';
import type { Clock } from './domain/clock.js';
import type { HttpDeps } from './http/app.js';
import type { Database } from './persistence/database.js';
import { listSigningKeys } from './persistence/repositories/signing-keys.js';
import { listTenants } from './persistence/repositories/tenants.js';

/** What a caller may put in place of the configured parts (tests: a cheap hasher, a fake clock, a silent logger). */
export interface DepsOverrides {
  /** The open database the use cases run on. */
  readonly database: Database;
  readonly logger?: Logger;
  readonly passwords?: PasswordHasher;
  readonly clock?: Clock;
  /** Key material; by default from configuration (in development, generated once into DATA_DIR/keys). */
  readonly secrets?: Secrets;
  /** The origin browsers use, when it is known only after listening (PORT=0); else config.publicUrl. */
  readonly publicUrl?: string;
  /** The WebAuthn relying-party id that goes with that origin; else config.rpId. */
  readonly rpId?: string;
}

/** Builds every dependency of the use cases and the HTTP app from the configuration and the overrides. */
export function buildDeps(config: Config, overrides: DepsOverrides): HttpDeps {
  const logger = overrides.logger ?? createLogger(config.logLevel);
  const secrets = overrides.secrets ?? loadSecrets(config, (message) => logger.warn(message));
  const publicUrl = overrides.publicUrl ?? config.publicUrl;
  return {
    db: overrides.database.db,
    database: overrides.database,
    clock: overrides.clock ?? { now: () => new Date() },
    tokens: jwtTokenService(secrets.tokenSecret, publicUrl, config.accessTokenTtlSec),
    passwords: overrides.passwords ?? scryptPasswordHasher(),
    relyingParty: { id: overrides.rpId ?? config.rpId, name: config.rpName, origin: publicUrl },
    sessionTtlDays: config.sessionTtlDays,
    publicUrl,
    logger,
    signer: localCredentialSigner(secrets.keyEncryptionKey),
    authRateLimitPerMin: config.authRateLimitPerMin,
    verificationRateLimitPerMin: config.verificationRateLimitPerMin,
    clientDistDir: config.clientDistDir,
    defaultTenant: config.defaultTenant,
    trustProxy: config.trustProxy,
  };
}

/** A node that cannot work with the stored data as configured; the message names the cause and the fix. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/**
 * Refuses a node whose key-encryption key cannot open the signing keys already stored: it would report
 * ready and then fail every issuance and every revocation list. One key per tenant is enough to tell.
 */
export async function assertSigningKeysOpen(database: Database, signer: CredentialSigner): Promise<void> {
  const newestPerTenant = new Map<string, Awaited<ReturnType<typeof listSigningKeys>>[number]>();
  for (const key of await listSigningKeys(database.db)) {
    if (!newestPerTenant.has(key.tenantId)) newestPerTenant.set(key.tenantId, key);
  }
  const locked = [...newestPerTenant.values()].filter((key) => !signer.canSign(key));
  if (locked.length === 0) return;
  const slugs = new Map((await listTenants(database.db)).map((tenant) => [tenant.id, tenant.slug]));
  const names = locked.map((key) => `"${slugs.get(key.tenantId) ?? key.tenantId}" (key ${key.kid})`);
  throw new StartupError(
    `the key-encryption key cannot open the credential signing keys stored for ${locked.length} tenant(s): ` +
      `${names.join(', ')}. This node's KEY_ENCRYPTION_KEY (in development, DATA_DIR/keys/key-encryption-key) ` +
      'is not the one those keys were sealed with: start every node on this database with the same key.',
  );
}
