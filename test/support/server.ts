import pino from 'pino';
import { scryptPasswordHasher } from '../../server/adapters/password-hasher.js';
import type { Scorer } from '../../server/app/delivery/scoring.js';
import type { AppDeps } from '../../server/app/deps.js';
import { loadConfig } from '../../server/config.js';
import { startServer } from '../../server/main.js';
import type { Db } from '../../server/persistence/database.js';
import { createTestDatabase } from './database.js';

/**
 * Starts the real server (HTTP + sockets + built client) on an ephemeral port at http://localhost:<port>,
 * on a fresh database seeded with the demo tenant `acme` (self-registration on).
 */
export async function startTestServer(): Promise<{
  url: string;
  db: Db;
  /**
   * The node's use-case dependencies (its token service, clock and database), for factories and tokens, and its
   * scorer (to wait until the attempts submitted so far are scored).
   */
  deps: AppDeps & { readonly scoring: Scorer };
  close(): Promise<void>;
}> {
  const database = await createTestDatabase();
  const config = loadConfig({
    PORT: '0',
    NODE_ENV: 'test',
    SEED_DEMO: 'true',
    DATA_DIR: `/tmp/certamen-test-${process.pid}`,
  });
  const server = await startServer(config, {
    database,
    logger: pino({ level: 'silent' }),
    passwords: scryptPasswordHasher({ n: 1024 }),
  });
  return {
    url: server.url,
    db: database.db,
    deps: server.deps,
    close: async () => {
      await server.close();
      await database.close();
    },
  };
}
