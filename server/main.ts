import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import pino, { type Logger } from 'pino';
import type { Server as SocketServer } from 'socket.io';
import { type PasswordHasher, scryptPasswordHasher } from './adapters/password-hasher.js';
import { localCredentialSigner } from './adapters/credential-signer.js';
import { loadSecrets } from './adapters/secrets.js';
import { jwtTokenService } from './adapters/token-service.js';
import type { AppDeps } from './app/deps.js';
import { startOutboxRelay } from './app/outbox/start-outbox-relay.js';
import { seedDemo } from './app/seed-demo.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import type { Clock } from './domain/clock.js';
import { createApp } from './http/app.js';
import { type Database, openPglite, openPostgres } from './persistence/database.js';
import { attachRealtime } from './realtime/index.js';

/** A running Certamen node. */
export interface RunningServer {
  readonly url: string;
  readonly httpServer: http.Server;
  readonly io: SocketServer;
  readonly database: Database;
  readonly deps: AppDeps;
  close(): Promise<void>;
}

/** Overrides for tests and benchmarks: an already-open database, a logger, a cheaper hasher, a fake clock. */
export interface StartOptions {
  readonly database?: Database;
  readonly logger?: Logger;
  readonly passwords?: PasswordHasher;
  readonly clock?: Clock;
}

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else PGlite under DATA_DIR/pglite. */
export function openConfiguredDatabase(config: Config, logger?: Logger): Promise<Database> {
  return config.databaseUrl
    ? openPostgres(config.databaseUrl, 10, (err) =>
        logger?.warn({ err }, 'a database connection was dropped'),
      )
    : openPglite(path.join(config.dataDir, 'pglite'));
}

/**
 * Starts a node: migrate, seed the demo (when enabled), then HTTP and sockets on one port. With PORT=0 an
 * ephemeral port is taken and, unless PUBLIC_URL was given, the public URL follows it.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: config.logLevel, base: { service: 'certamen' } });
  const secrets = loadSecrets(config, (message) => logger.warn(message));
  const database = options.database ?? (await openConfiguredDatabase(config, logger));
  await database.migrate();

  const httpServer = http.createServer();
  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const publicUrl = config.port === 0 ? `http://localhost:${port}` : config.publicUrl;
  const rpId = config.port === 0 ? 'localhost' : config.rpId;

  const clock = options.clock ?? { now: () => new Date() };
  const tokens = jwtTokenService(secrets.tokenSecret, publicUrl, config.accessTokenTtlSec);
  const outbox = startOutboxRelay({ db: database.db, clock, logger }, config);
  const deps: AppDeps = {
    outbox,
    db: database.db,
    clock,
    tokens,
    passwords: options.passwords ?? scryptPasswordHasher(),
    relyingParty: { id: rpId, name: config.rpName, origin: publicUrl },
    sessionTtlDays: config.sessionTtlDays,
    publicUrl,
    logger,
    signer: localCredentialSigner(secrets.keyEncryptionKey),
  };
  if (config.seedDemo && (await seedDemo(deps)))
    logger.info('seeded the demo tenant "acme" (see README for logins)');

  const app = createApp({
    ...deps,
    database,
    authRateLimitPerMin: config.authRateLimitPerMin,
    verificationRateLimitPerMin: config.verificationRateLimitPerMin,
    clientDistDir: config.clientDistDir,
    defaultTenant: config.defaultTenant,
    trustProxy: config.trustProxy,
  });
  httpServer.on('request', app);
  const io = attachRealtime(httpServer, { tokens, clock });
  logger.info({ url: publicUrl, database: database.kind }, 'Certamen is listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => io.close(() => resolve()));
      // Stop accepting, let in-flight requests finish, drop idle keep-alive connections.
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      await closed;
      await outbox.stop();
      if (!options.database) await database.close();
    })();
    return closing;
  };
  return { url: publicUrl, httpServer, io, database, deps, close };
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Certamen cannot start: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const server = await startServer(config);
  const shutdown = (signal: string) => {
    server.deps.logger.info({ signal }, 'shutting down: finishing open requests');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
