import type { Namespace, Server, Socket } from 'socket.io';
import type { Actor } from '../adapters/token-service.js';
import { isDatabaseUnavailable } from '../app/db-errors.js';
import { getAttempt } from '../app/delivery/attempt-queries.js';
import {
  openAttemptHere,
  pauseAttempt,
  resumeAttempt,
  submitAttempt,
  TAKEN_OVER_MESSAGE,
} from '../app/delivery/run-attempt.js';
import { type AnswerSession, saveResponse } from '../app/delivery/save-response.js';
import type { AppDeps } from '../app/deps.js';
import { type ActingUser, currentActor } from '../app/unit-of-work.js';
import { DomainError } from '../domain/errors.js';
import { hasAnyRole } from '../domain/identity/roles.js';
import { EpochBody, ResponseSaveBody } from '../http/attempt-schemas.js';
import { validate } from '../http/validation.js';

/** What the handshake leaves on the socket. */
interface AttemptSocketData {
  actor: Actor;
  attemptId: string;
  /** The account as the handshake read it: the take-over on connection needs no second reading. */
  reading?: ActingUser;
}

/** The room of one attempt's sockets (every window and node): "changed" notices go here. */
export const attemptRoom = (tenantId: string, attemptId: string) => `attempt:${tenantId}:${attemptId}`;

/** Messages a socket may send per second on average, and in a burst. */
const RATE_PER_SEC = 20;
const BURST = 40;

/** A reply to an acknowledged message: the attempt as it stands, or a refusal the player can act on. */
type Reply =
  | { ok: true; attempt: unknown }
  | { ok: false; error: { code: string; message: string; details?: unknown } };

const refusal = (code: string, message: string) =>
  Object.assign(new Error(code), { data: { code, message } });

/** A token bucket per socket: a client flooding messages is answered `rate_limited` and its messages dropped. */
function rateLimiter(now: () => number) {
  let tokens = BURST;
  let last = now();
  return () => {
    const t = now();
    tokens = Math.min(BURST, tokens + ((t - last) / 1000) * RATE_PER_SEC);
    last = t;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

/**
 * The exam player's live connection, one per attempt (namespace /attempt). The handshake carries an attempt
 * token; the account must still be an active candidate (read from the database). On every connection the
 * window takes the attempt over and gets it re-read from the database ("attempt"), so a reconnect never relies
 * on socket.io's own recovery. Every message is validated against the same schemas as the REST routes and
 * acknowledged only after its use case committed.
 */
export function attachAttemptSocket(io: Server, deps: AppDeps): Namespace {
  const nsp = io.of('/attempt');
  nsp.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    const claimed =
      typeof token === 'string' ? deps.tokens.verifyAttemptToken(token, deps.clock.now()) : undefined;
    if (!claimed) {
      next(refusal('unauthenticated', 'Open the exam again to reconnect'));
      return;
    }
    currentActor(deps.db, claimed.actor).then(
      (reading) => {
        const { userId, tenantId, tenantSlug, roles } = reading;
        if (!hasAnyRole(roles, ['candidate'])) {
          next(refusal('forbidden', 'Only candidates sit exams'));
          return;
        }
        Object.assign(socket.data as AttemptSocketData, {
          actor: { userId, tenantId, tenantSlug, roles },
          attemptId: claimed.attemptId,
          reading,
        });
        next();
      },
      (error: unknown) =>
        next(
          error instanceof DomainError
            ? refusal(error.code, error.message)
            : refusal('unavailable', 'The service cannot check your account right now; try again'),
        ),
    );
  });

  nsp.on('connection', (socket: Socket) => {
    const data = socket.data as AttemptSocketData;
    const { actor, attemptId } = data;
    const reading = data.reading ?? actor;
    data.reading = undefined;
    const allow = rateLimiter(() => Date.now());
    void socket.join(attemptRoom(actor.tenantId, attemptId));

    // One message at a time, in the order they came (the take-over on connection first): answers sent without
    // waiting for acknowledgements would otherwise run as concurrent transactions, and a later sequence number
    // committing first would get the earlier answer refused as stale.
    let queue: Promise<unknown> = Promise.resolve();
    const reply = (ack: unknown, work: () => Promise<unknown>) => {
      if (typeof ack !== 'function') return;
      const send = ack as (reply: Reply) => void;
      if (!allow()) {
        send({ ok: false, error: { code: 'rate_limited', message: 'Too many messages: slow down' } });
        return;
      }
      queue = queue.then(async () => {
        try {
          send({ ok: true, attempt: await work() });
        } catch (error) {
          send({ ok: false, error: describe(error, deps) });
        }
      });
    };

    // The attempt as this window's last answer left it: the next answer starts from it (see saveResponse).
    const answers: AnswerSession = {};
    socket.on('answer', (payload: unknown, ack: unknown) =>
      reply(ack, () =>
        saveResponse(deps, actor, attemptId, validate(ResponseSaveBody, payload, 'body'), answers),
      ),
    );
    socket.on('pause', (payload: unknown, ack: unknown) =>
      reply(ack, () =>
        pauseAttempt(deps, actor, attemptId, validate<{ epoch: number }>(EpochBody, payload, 'body').epoch),
      ),
    );
    socket.on('resume', (payload: unknown, ack: unknown) =>
      reply(ack, () =>
        resumeAttempt(deps, actor, attemptId, validate<{ epoch: number }>(EpochBody, payload, 'body').epoch),
      ),
    );
    socket.on('submit', (payload: unknown, ack: unknown) =>
      reply(ack, () =>
        submitAttempt(deps, actor, attemptId, validate<{ epoch: number }>(EpochBody, payload, 'body').epoch),
      ),
    );
    // A re-read carries the epoch this window took the attempt over with, not the newest one: a window that
    // another has taken over stays stale (its next save is refused) instead of quietly holding the exam again.
    socket.on('sync', (_payload: unknown, ack: unknown) =>
      reply(ack, async () => {
        const attempt = await getAttempt(deps, actor, attemptId);
        return heldEpoch === undefined ? attempt : { ...attempt, epoch: heldEpoch };
      }),
    );

    // Take the attempt over in this window and send it as the database has it; the attempt's other windows (on
    // this node) are told at once that they no longer hold it, rather than at their next save.
    let heldEpoch: number | undefined;
    queue = openAttemptHere(deps, reading, attemptId).then(
      ({ view: attempt, known }) => {
        heldEpoch = attempt.epoch;
        answers.known = known;
        socket.emit('attempt', attempt);
        socket
          .to(attemptRoom(actor.tenantId, attemptId))
          .emit('taken_over', { code: 'stale_save', message: TAKEN_OVER_MESSAGE });
      },
      (error: unknown) => {
        socket.emit('refused', describe(error, deps));
        socket.disconnect(true);
      },
    );
  });
  return nsp;
}

/** The refusal a socket client gets: a domain error as it is, an unreachable database as "unavailable". */
function describe(error: unknown, deps: Pick<AppDeps, 'logger'>) {
  if (error instanceof DomainError)
    return { code: error.code, message: error.message, details: error.details };
  if (isDatabaseUnavailable(error))
    return {
      code: 'unavailable',
      message: 'The exam service is busy for a moment; your answer was not saved, send it again',
    };
  deps.logger.error({ err: error }, 'an exam socket message failed');
  return { code: 'internal', message: 'Something went wrong; your answer was not saved, send it again' };
}

/**
 * After a change made elsewhere (the scorer, the sweep, an admin), tells the attempt's windows: with the attempt
 * as its candidate now sees it when that is given (its result), else they re-read it. The room holds only the
 * candidate's own windows of this attempt.
 */
export function attemptNotifier(nsp: () => Namespace | undefined): NonNullable<AppDeps['attemptEvents']> {
  return {
    changed(attempt, view) {
      const room = nsp()?.to(attemptRoom(attempt.tenantId, attempt.id));
      if (view) room?.emit('changed', view);
      else room?.emit('changed');
    },
  };
}
