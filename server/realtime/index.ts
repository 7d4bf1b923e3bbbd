import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions, type Socket } from 'socket.io';
import type { Actor, TokenService } from '../adapters/token-service.js';
import { currentActor } from '../app/unit-of-work.js';
import type { Clock } from '../domain/clock.js';
import { DomainError } from '../domain/errors.js';
import { hasAnyRole, type Role } from '../domain/identity/roles.js';
import type { Db } from '../persistence/database.js';

/** Socket data set by the handshake. */
interface SocketData {
  actor: Actor;
}

/** Room every socket of one user joins: fan-out of that user's committed events goes here. */
export function userRoom(actor: Pick<Actor, 'tenantId' | 'userId'>): string {
  return `tenant:${actor.tenantId}:user:${actor.userId}`;
}

function requireRoles(roles: readonly Role[]) {
  return (socket: Socket, next: (err?: Error) => void) => {
    const actor = (socket.data as SocketData).actor;
    if (hasAnyRole(actor.roles, roles)) next();
    else next(refusal('forbidden', 'Role not allowed here'));
  };
}

const refusal = (code: string, message: string) =>
  Object.assign(new Error(code), { data: { code, message } });

/**
 * Attaches socket.io (websocket first): the handshake must carry a valid access token in `auth.token`, and the
 * account must be active with the namespace's roles as the database says now (a disabled or demoted account
 * is refused whatever its token claims); /candidate is for candidates, /proctor for proctors and admins. Each
 * socket joins its user's room.
 */
export function attachRealtime(
  httpServer: HttpServer,
  deps: { tokens: TokenService; clock: Clock; db: Db; adapter?: ServerOptions['adapter'] },
): Server {
  const io = new Server(httpServer, {
    transports: ['websocket', 'polling'],
    serveClient: false,
    // Broadcasts to the other nodes (see cross-node.ts); socket.io's in-memory rooms when undefined.
    adapter: deps.adapter,
  });
  const authenticate = (socket: Socket, next: (err?: Error) => void) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    const claimed =
      typeof token === 'string' ? deps.tokens.verifyAccessToken(token, deps.clock.now()) : undefined;
    if (!claimed) {
      next(refusal('unauthenticated', 'Sign in first'));
      return;
    }
    currentActor(deps.db, claimed).then(
      ({ userId, tenantId, tenantSlug, roles }) => {
        (socket.data as SocketData).actor = { userId, tenantId, tenantSlug, roles };
        next();
      },
      (error: unknown) =>
        next(
          error instanceof DomainError
            ? refusal(error.code, error.message)
            : refusal('unavailable', 'The service cannot check your account right now; try again'),
        ),
    );
  };
  const namespaces: Array<[string, readonly Role[]]> = [
    ['/candidate', ['candidate']],
    ['/proctor', ['proctor', 'admin']],
  ];
  for (const [name, roles] of namespaces) {
    const nsp = io.of(name);
    nsp.use(authenticate);
    nsp.use(requireRoles(roles));
    nsp.on('connection', (socket) => {
      const actor = (socket.data as SocketData).actor;
      void socket.join(userRoom(actor));
      socket.emit('ready', { userId: actor.userId, tenantId: actor.tenantId });
    });
  }
  io.of('/').use(authenticate);
  return io;
}
