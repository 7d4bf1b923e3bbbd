import net, { type AddressInfo } from 'node:net';
import pino from 'pino';
import { scryptPasswordHasher } from '../../server/adapters/password-hasher.js';
import type { Scorer } from '../../server/app/delivery/scoring.js';
import type { AppDeps } from '../../server/app/deps.js';
import { loadConfig } from '../../server/config.js';
import { startServer } from '../../server/main.js';
import type { Database, Db } from '../../server/persistence/database.js';
import { createTestDatabase } from './database.js';

/**
 * Starts the real server (HTTP + sockets + built client) on an ephemeral port at http://localhost:<port>,
 * on a fresh database seeded with the demo tenant `acme` (self-registration on), or as one more node on a
 * database another test server opened (`database`, which it then leaves open when it closes). Nodes of one
 * deployment share its public URL (tokens name it as their issuer): `publicUrl` gives this node another's, while
 * `url` stays the address this node listens on. `redisUrl` sends its socket broadcasts through Redis.
 */
export async function startTestServer(
  options: { database?: Database; publicUrl?: string; redisUrl?: string } = {},
): Promise<{
  url: string;
  db: Db;
  database: Database;
  /**
   * The node's use-case dependencies (its token service, clock and database), for factories and tokens, and its
   * scorer (to wait until the attempts submitted so far are scored).
   */
  deps: AppDeps & { readonly scoring: Scorer };
  close(): Promise<void>;
}> {
  const database = options.database ?? (await createTestDatabase());
  const port = options.publicUrl ? await freePort() : 0;
  const config = loadConfig({
    PORT: String(port),
    NODE_ENV: 'test',
    SEED_DEMO: 'true',
    DATA_DIR: `/tmp/certamen-test-${process.pid}`,
    ...(options.publicUrl ? { PUBLIC_URL: options.publicUrl } : {}),
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
  });
  const server = await startServer(config, {
    database,
    logger: pino({ level: 'silent' }),
    passwords: scryptPasswordHasher({ n: 1024 }),
  });
  return {
    url: options.publicUrl ? `http://localhost:${port}` : server.url,
    db: database.db,
    database,
    deps: server.deps,
    close: async () => {
      await server.close();
      if (!options.database) await database.close();
    },
  };
}

/** A port free on loopback now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
