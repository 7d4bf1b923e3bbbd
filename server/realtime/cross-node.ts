import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import type { Logger } from 'pino';
import type { ServerOptions } from 'socket.io';
import type { Database } from '../persistence/database.js';

/** How a node's socket.io broadcasts reach the other nodes, and how that stops when the node does. */
export interface CrossNodeFanOut {
  /** socket.io's adapter; undefined on one node (in-memory rooms are all there is). */
  readonly adapter: ServerOptions['adapter'] | undefined;
  /** Ends the connection it listens on: call once socket.io is closed. */
  close(): void;
}

/**
 * How socket.io broadcasts reach the sockets of the other nodes on the same database: on PostgreSQL through
 * LISTEN/NOTIFY (@socket.io/postgres-adapter: a message too large for NOTIFY goes through the
 * socket_io_attachments table, migration 0010); the embedded database serves one node. A "taken over" notice
 * or a result so reaches a candidate's window whichever node holds its connection.
 *
 * The adapter listens on a connection of its own (not one of the pool's), which `close` ends even if the node
 * stops while the adapter is still opening it; its notifications go out through the pool.
 */
export function crossNodeFanOut(database: Database, logger: Logger): CrossNodeFanOut {
  const pool = database.pool;
  if (!pool) return { adapter: undefined, close: () => undefined };
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
    close() {
      closed = true;
      for (const client of listening) void client.end().catch(() => undefined);
      listening.clear();
    },
  };
}
