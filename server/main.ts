import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import type { Namespace, Server as SocketServer } from 'socket.io';
import { createLogger } from './adapters/logger.js';
import { MailTemplateError } from './adapters/mail-templates.js';
import type { PasswordHasher } from './adapters/password-hasher.js';
import { loadSecrets } from './adapters/secrets.js';
import { lowerBackgroundThreads } from './adapters/thread-priority.js';
import { type Scorer, startScorer } from './app/delivery/scoring.js';
import { sweepOverdueAttempts } from './app/delivery/sweep-overdue-attempts.js';
import type { AppDeps } from './app/deps.js';
import { type RunningOutbox, startOutboxRelay } from './app/outbox/start-outbox-relay.js';
import { seedDemo } from './app/seed-demo.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { assertSigningKeysOpen, buildDeps, StartupError } from './deps.js';
import type { Clock } from './domain/clock.js';
import { createApp, type HttpDeps } from './http/app.js';
import { type Database, DatabaseInUseError, openPglite, openPostgres } from './persistence/database.js';
import { attachAttemptSocket, attemptNotifier } from './realtime/attempt-socket.js';
import { type CrossNodeFanOut, crossNodeFanOut } from './realtime/cross-node.js';
import { attachRealtime } from './realtime/index.js';

/** A running Certamen node. */
export interface RunningServer {
  readonly url: string;
  readonly httpServer: http.Server;
  readonly io: SocketServer;
  readonly database: Database;
  readonly deps: AppDeps & { readonly scoring: Scorer };
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
    ? openPostgres(config.databaseUrl, config.databasePoolSize, (err) =>
        logger?.warn({ err }, 'a database connection was dropped'),
      )
    : openPglite(path.join(config.dataDir, 'pglite'));
}

/** A port free right now on `host` (for PORT=0, so the public URL is known before the app is built). */
function freePort(host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function listen(server: http.Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
}

/**
 * Starts a node: migrate, check that the key-encryption key opens the stored signing keys, seed the demo
 * (when enabled), build the app and the sockets, and only then listen: no request reaches a half-built
 * node. With PORT=0 a free port is taken first and, unless PUBLIC_URL was given, the public URL follows it.
 */
export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const secrets = loadSecrets(config, (message) => logger.warn(message));
  const database = options.database ?? (await openConfiguredDatabase(config, logger));
  let outbox: RunningOutbox | undefined;
  try {
    await database.migrate();
    const clock = options.clock ?? { now: () => new Date() };
    const overrides = { database, logger, secrets, passwords: options.passwords, clock };
    await assertSigningKeysOpen(database, buildDeps(config, overrides).signer);
    outbox = startOutboxRelay({ db: database.db, clock, logger }, config);
    // The event loop answers live exams: the process's other threads give way to it (see thread-priority.ts).
    const background = await lowerBackgroundThreads();
    logger.debug({ threads: background }, 'background threads run below the event loop');
    for (let attempt = 1; ; attempt++) {
      const port = config.port === 0 ? await freePort(config.host) : config.port;
      let attemptSockets: Namespace | undefined;
      const scoring: Scorer = startScorer(() => deps);
      const deps: HttpDeps & { scoring: Scorer } = {
        ...(config.port === 0
          ? buildDeps(config, { ...overrides, publicUrl: `http://localhost:${port}`, rpId: 'localhost' })
          : buildDeps(config, overrides)),
        outbox,
        attemptEvents: attemptNotifier(() => attemptSockets),
        scoring,
      };
      if (attempt === 1 && config.seedDemo && (await seedDemo(deps)))
        logger.info('seeded the demo tenant "acme" (see README for logins)');
      const httpServer = http.createServer(createApp(deps));
      const fanOut = await crossNodeFanOut(database, logger, config.redisUrl);
      const io = attachRealtime(httpServer, {
        tokens: deps.tokens,
        clock: deps.clock,
        db: database.db,
        adapter: fanOut.adapter,
      });
      attemptSockets = attachAttemptSocket(io, deps);
      try {
        await listen(httpServer, port, config.host);
      } catch (error) {
        io.close();
        await fanOut.close();
        // Another process took the free port between the probe and the listen: take another one.
        if (config.port === 0 && (error as NodeJS.ErrnoException).code === 'EADDRINUSE' && attempt < 5)
          continue;
        throw error;
      }
      logger.info({ url: deps.publicUrl, database: database.kind }, 'Certamen is listening');
      return running(deps, httpServer, io, fanOut, database, outbox, !options.database);
    }
  } catch (error) {
    await outbox?.stop().catch(() => undefined);
    if (!options.database) await database.close().catch(() => undefined);
    throw error;
  }
}

/** How often a node looks for attempts whose time ran out. */
const SWEEP_INTERVAL_MS = 5_000;

function running(
  deps: HttpDeps & { scoring: Scorer },
  httpServer: http.Server,
  io: SocketServer,
  fanOut: CrossNodeFanOut,
  database: Database,
  outbox: RunningOutbox,
  ownsDatabase: boolean,
): RunningServer {
  let closing: Promise<void> | undefined;
  // Attempts whose deadline passed with the browser gone are submitted by this sweep (any node may run it:
  // each attempt settles under its row lock, once).
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = setInterval(() => {
    sweeping = sweepOverdueAttempts(deps).catch((error: unknown) =>
      deps.logger.warn({ err: error }, 'the deadline sweep could not run; it will try again'),
    );
  }, SWEEP_INTERVAL_MS);
  sweep.unref();
  const close = () => {
    closing ??= (async () => {
      clearInterval(sweep);
      await sweeping;
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await fanOut.close();
      // Stop accepting, let in-flight requests finish, drop idle keep-alive connections.
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      httpServer.closeIdleConnections();
      await closed;
      // Attempts submitted here are scored before the node goes (else the sweep of a node scores them later).
      await deps.scoring.idle();
      await outbox.stop();
      if (ownsDatabase) await database.close();
    })();
    return closing;
  };
  return { url: deps.publicUrl, httpServer, io, database, deps, close };
}

/** Runs a node until SIGTERM or SIGINT, then stops it gracefully; `npm start` and `node server/main.ts` run this. */
export async function main(): Promise<void> {
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
  let server: RunningServer;
  try {
    server = await startServer(config);
  } catch (error) {
    if (
      error instanceof StartupError ||
      error instanceof DatabaseInUseError ||
      error instanceof MailTemplateError
    ) {
      console.error(`Certamen cannot start: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
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
