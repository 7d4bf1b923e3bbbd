import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import pino, { type Logger } from 'pino';
import { localCredentialSigner } from '../../server/adapters/credential-signer.js';
import { scryptPasswordHasher } from '../../server/adapters/password-hasher.js';
import { jwtTokenService } from '../../server/adapters/token-service.js';
import type { AppDeps } from '../../server/app/deps.js';
import type { Clock } from '../../server/domain/clock.js';
import { createApp } from '../../server/http/app.js';
import type { Database } from '../../server/persistence/database.js';
import { createTestDatabase } from './database.js';

/** The origin WebAuthn ceremonies in integration tests use. */
export const TEST_ORIGIN = 'http://localhost:3000';

/** The key-encryption key test contexts seal signing keys with. */
export const TEST_KEY_ENCRYPTION_KEY = randomBytes(32);

/** One test file's world: its own database, use-case deps and an in-process express app. */
export interface TestContext {
  readonly database: Database;
  readonly deps: AppDeps;
  readonly app: Express;
  close(): Promise<void>;
}

/** Options for a test context. */
export interface TestContextOptions {
  readonly clock?: Clock;
  readonly authRateLimitPerMin?: number;
  readonly verificationRateLimitPerMin?: number;
  /** Where the app logs (silent by default). */
  readonly logger?: Logger;
}

/**
 * Builds a context on a fresh database. scrypt runs at a low cost (N=1024) so tests can create many
 * users; the production cost is exercised by the password-hasher unit test.
 */
export async function createTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const database = await createTestDatabase();
  const clock = options.clock ?? { now: () => new Date() };
  const deps: AppDeps = {
    db: database.db,
    clock,
    tokens: jwtTokenService(randomBytes(32), TEST_ORIGIN, 900),
    passwords: scryptPasswordHasher({ n: 1024 }),
    relyingParty: { id: 'localhost', name: 'Certamen test', origin: TEST_ORIGIN },
    sessionTtlDays: 14,
    publicUrl: TEST_ORIGIN,
    logger: options.logger ?? pino({ level: 'silent' }),
    signer: localCredentialSigner(TEST_KEY_ENCRYPTION_KEY),
  };
  const app = createApp({
    ...deps,
    database,
    authRateLimitPerMin: options.authRateLimitPerMin ?? 1_000_000,
    verificationRateLimitPerMin: options.verificationRateLimitPerMin ?? 1_000_000,
    clientDistDir: '/nonexistent',
    defaultTenant: 'acme',
  });
  return { database, deps, app, close: () => database.close() };
}
