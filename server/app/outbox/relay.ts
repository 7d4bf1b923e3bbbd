import type { Logger } from 'pino';
import type { Clock } from '../../domain/clock.js';
import { retryDelayMs } from '../../domain/outbox.js';
import type { Db } from '../../persistence/database.js';
import {
  claimDueMessages,
  markMessageFailed,
  markMessageSent,
  type OutboxRow,
} from '../../persistence/repositories/outbox.js';

/** Delivers one message on its channel (an SMTP send, a webhook POST); throws when it was not delivered. */
export type MessageSender = (message: OutboxRow) => Promise<void>;

/** Senders by channel; a channel without one keeps its messages pending in the outbox (nothing configured). */
export type MessageSenders = Partial<Record<OutboxRow['channel'], MessageSender>>;

/** Timing of the relay. */
export interface RelayOptions {
  /** How often leftovers and retries are looked for (ms). */
  readonly pollMs?: number;
  /** How long a claim keeps other relays off a message while it is sent (ms). */
  readonly leaseMs?: number;
  /** Messages claimed per round. */
  readonly batchSize?: number;
  /** First retry delay; later ones double (ms). */
  readonly retryBaseMs?: number;
}

/** Sends what committed use cases enqueued: at once when kicked after a commit, and on a timer for the rest. */
export interface OutboxRelay {
  /** Asks for a delivery round soon (after a commit that enqueued something). */
  kick(): void;
  /** Runs delivery rounds until nothing is due; resolves to the number of messages tried. */
  drain(): Promise<number>;
  /** Starts the timer. */
  start(): void;
  /** Stops the timer and waits for the round under way. */
  stop(): Promise<void>;
}

/** Builds a relay over the outbox table with the given senders. */
export function createOutboxRelay(
  deps: { readonly db: Db; readonly clock: Clock; readonly logger: Logger },
  senders: MessageSenders,
  options: RelayOptions = {},
): OutboxRelay {
  const pollMs = options.pollMs ?? 5000;
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = options.batchSize ?? 20;
  const retryBaseMs = options.retryBaseMs ?? 1000;
  const channels = (Object.keys(senders) as OutboxRow['channel'][]).filter((c) => senders[c]);
  let running: Promise<number> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const deliver = async (row: OutboxRow): Promise<void> => {
    const send = senders[row.channel];
    if (!send) return;
    try {
      await send(row);
      await markMessageSent(deps.db, row, deps.clock.now());
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const retryAt = new Date(deps.clock.now().getTime() + retryDelayMs(row.attempts, retryBaseMs));
      deps.logger.warn(
        { messageId: row.id, topic: row.topic, attempts: row.attempts, reason },
        row.attempts >= row.maxAttempts
          ? 'an outgoing message failed for good'
          : 'an outgoing message will be retried',
      );
      await markMessageFailed(deps.db, row, reason, retryAt);
    }
  };

  const round = async (): Promise<number> => {
    let tried = 0;
    for (;;) {
      const claimed = await claimDueMessages(deps.db, channels, deps.clock.now(), leaseMs, batchSize);
      for (const row of claimed) await deliver(row);
      tried += claimed.length;
      if (claimed.length < batchSize || stopped) return tried;
    }
  };

  const drain = (): Promise<number> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let tried = 0;
      try {
        do {
          again = false;
          tried += await round();
        } while (again && !stopped);
      } finally {
        running = undefined;
      }
      return tried;
    })();
    return running;
  };

  const safeDrain = () => {
    if (channels.length === 0 || stopped) return;
    drain().catch((error) => deps.logger.warn({ err: error }, 'the outbox relay could not run a round'));
  };

  return {
    kick: () => setImmediate(safeDrain),
    drain,
    start() {
      stopped = false;
      if (timer || channels.length === 0) return;
      timer = setInterval(safeDrain, pollMs);
      timer.unref();
      safeDrain();
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
}
