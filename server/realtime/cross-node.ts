import { createAdapter } from '@socket.io/postgres-adapter';
import { createAdapter as createRedisAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { Logger } from 'pino';
import type { ServerOptions } from 'socket.io';
import type { Database } from '../persistence/database.js';

/** How a node's socket.io broadcasts reach the other nodes, and how that stops when the node does. */
export interface CrossNodeFanOut {
  /** socket.io's adapter; undefined on one node (in-memory rooms are all there is). */
  readonly adapter: ServerOptions['adapter'] | undefined;
  /** Ends the connections it listens and publishes on: call once socket.io is closed. */
  close(): Promise<void>;
}

/** How long a node waits for Redis at start before it refuses to start. */
const REDIS_CONNECT_TIMEOUT_MS = 5_000;

/**
 * The fan-out through Redis (REDIS_URL; @socket.io/redis-adapter, a publishing and a subscribing connection).
 * A node that cannot reach Redis as it starts refuses to start; one that loses it later keeps reconnecting,
 * and its windows re-read the attempt in time.
 */
async function redisFanOut(url: string, logger: Logger): Promise<CrossNodeFanOut> {
  const options = { lazyConnect: true, connectTimeout: REDIS_CONNECT_TIMEOUT_MS, maxRetriesPerRequest: 2 };
  const publisher = new Redis(url, options);
  const subscriber = publisher.duplicate();
  let warned = false;
  for (const client of [publisher, subscriber]) {
    client.on('error', (error: Error) => {
      if (warned) return;
      warned = true;
      logger.warn(
        { err: error },
        'Redis, which carries socket broadcasts to the other nodes, is unreachable',
      );
    });
    client.on('ready', () => {
      warned = false;
    });
  }
  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
  } catch (error) {
    publisher.disconnect();
    subscriber.disconnect();
    throw new Error(
      `REDIS_URL: Redis, which carries socket broadcasts across nodes, did not answer (${(error as Error).message})`,
    );
  }
  return {
    adapter: createRedisAdapter(publisher, subscriber) as ServerOptions['adapter'],
    async close() {
      await Promise.all([publisher.quit(), subscriber.quit()]).catch(() => undefined);
    },
  };
}

/**
 * How socket.io broadcasts reach the sockets of the other nodes on the same database: through Redis when
 * REDIS_URL is set, else on PostgreSQL through LISTEN/NOTIFY (@socket.io/postgres-adapter: a message too large
 * for NOTIFY goes through the socket_io_attachments table, migration 0010); the embedded database serves one
 * node. A "taken over" notice
 * or a result so reaches a candidate's window whichever node holds its connection.
 *
 * The adapter listens on a connection of its own (not one of the pool's), which `close` ends even if the node
 * stops while the adapter is still opening it; its notifications go out through the pool.
 */
export async function crossNodeFanOut(
  database: Database,
  logger: Logger,
  redisUrl?: string,
): Promise<CrossNodeFanOut> {
  if (redisUrl) return redisFanOut(redisUrl, logger);
  const pool = database.pool;
  if (!pool) return { adapter: undefined, close: async () => undefined };
  const listening = new Set<pg.Client>();
  let closed = false;
  const connections = {
    async connect(): Promise<pg.Client> {
      // After close the adapter waits for good (it would only try again).
      if (closed) return new Promise<never>(() => undefined);
      const client = new pg.Client(pool.options);
      client.on('error', () => undefined);
      listening.add(client);
      await client.connect();
      return Object.assign(client, {
        release: () => {
          listening.delete(client);
          void client.end().catch(() => undefined);
        },
      });
    },
    query: (text: string, values?: unknown[]) => pool.query(text, values),
  };
  const adapter = createAdapter(connections as unknown as pg.Pool, {
    errorHandler: (error) =>
      logger.warn(
        { err: error },
        'a socket broadcast to the other nodes failed; their windows re-read in time',
      ),
  }) as ServerOptions['adapter'];
  return {
    adapter,
    async close() {
      closed = true;
      for (const client of listening) void client.end().catch(() => undefined);
      listening.clear();
    },
  };
}
