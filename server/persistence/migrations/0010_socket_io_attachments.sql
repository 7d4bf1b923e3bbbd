-- socket.io broadcasts cross the nodes of one database through PostgreSQL's LISTEN/NOTIFY
-- (@socket.io/postgres-adapter, server/realtime/cross-node.ts); a message over NOTIFY's 8000 bytes travels
-- through this table, which the adapter empties of rows older than half a minute.
CREATE TABLE IF NOT EXISTS "socket_io_attachments" (
  "id" bigserial UNIQUE,
  "created_at" timestamp with time zone DEFAULT now(),
  "payload" bytea
);
