import { randomBytes } from 'node:crypto';
import type { Express } from 'express';
import pino, { type Logger } from 'pino';
import { scryptPasswordHasher } from '../../server/adapters/password-hasher.js';
import type { AppDeps } from '../../server/app/deps.js';
import { loadConfig } from '../../server/config.js';
import { buildDeps } from '../../server/deps.js';
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
  const config = loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: TEST_ORIGIN,
    WEBAUTHN_RP_ID: 'localhost',
    WEBAUTHN_RP_NAME: 'Certamen test',
    AUTH_RATE_LIMIT_PER_MIN: String(options.authRateLimitPerMin ?? 1_000_000),
    VERIFICATION_RATE_LIMIT_PER_MIN: String(options.verificationRateLimitPerMin ?? 1_000_000),
    CLIENT_DIST_DIR: '/nonexistent',
    DEFAULT_TENANT: 'acme',
  });
  const deps = buildDeps(config, {
    database,
    clock: options.clock,
    logger: options.logger ?? pino({ level: 'silent' }),
    passwords: scryptPasswordHasher({ n: 1024 }),
    secrets: { tokenSecret: randomBytes(32), keyEncryptionKey: TEST_KEY_ENCRYPTION_KEY },
  });
  const app = createApp(deps);
  return { database, deps, app, close: () => database.close() };
}
