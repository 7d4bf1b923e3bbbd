/**
 * The player's live connection to one attempt (socket.io namespace /attempt, server/realtime/attempt-socket.ts).
 *
 * - Every connection is authorised with a fresh attempt token (they last ten minutes): the first from the page's
 *   own POST /session, every later one from a new POST /session. The server takes the attempt over on each
 *   connection and sends it (`attempt`) with a new epoch; saves wait for it, and always carry the epoch of the
 *   newest attempt this window received for itself.
 * - Answers go through a queue (pending-saves.ts), one at a time, each kept until acknowledged; after a
 *   reconnect the unacknowledged ones are sent again with the same sequence numbers. The queue lives in the
 *   tab's session storage, so a reload sends what was not yet acknowledged.
 * - A `stale_save` refusal, or the server's `taken_over` notice when another window opens the exam, means
 *   another window holds it: nothing more is sent until the candidate chooses "Continue here" (POST /session
 *   again).
 * - The browser's `offline` event closes the socket at once (socket.io would notice only at its next ping), so
 *   the candidate learns that the connection is lost when it happens.
 */
import { io, type Socket } from 'socket.io-client';
import { getAttempt, openAttemptSession } from '../api';
import type { Answer, AttemptView, OpenedAttempt } from '../types';
import { isFinal, isNewer } from './attempt-versions';
import { type ClockSync, syncClock } from './exam-clock';
import {
  emptyQueue,
  enqueue,
  nextSave,
  observeServerSeq,
  type PendingSaves,
  parseQueue,
  renumberAfter,
  serialiseQueue,
  settle,
} from './pending-saves';

/** Where the connection stands: before the first `attempt`, open (the attempt received), or lost since. */
export type ConnectionState = 'connecting' | 'open' | 'lost';

/** What the player shows; a new object after every change. */
export interface LinkSnapshot {
  readonly attempt: AttemptView;
  readonly connection: ConnectionState;
  readonly queue: PendingSaves;
  /** Set when another window or tab holds the attempt: the server's words. */
  readonly heldElsewhere: string | null;
  /** A save or move the server refused, in its words; cleared by the next success. */
  readonly error: string | null;
  /** The connection cannot be made at all (the account may no longer sit exams). */
  readonly fatal: string | null;
  readonly submitting: boolean;
  /** The time left as last told by the server. */
  readonly clock: ClockSync | null;
}

/** A reply to an acknowledged socket message. */
type Reply = { ok: true; attempt: AttemptView } | { ok: false; error: { code: string; message: string } };

/** How long an acknowledgement may take before the message is sent again (the server stores a repeat once). */
const ACK_TIMEOUT_MS = 15_000;
/** Wait before sending again after a refusal that says "try again" (busy, rate limited). */
const RETRY_MS = 1_500;
/** How long after a break's end the attempt is read again (the server ends it at that instant). */
const BREAK_END_MARGIN_MS = 1_000;

/** Where the queue of an attempt is kept in the tab. */
const storageKey = (attemptId: string) => `certamen:pending-saves:${attemptId}`;

function readStored(attemptId: string): PendingSaves {
  try {
    return parseQueue(sessionStorage.getItem(storageKey(attemptId)));
  } catch {
    return emptyQueue();
  }
}

function writeStored(attemptId: string, queue: PendingSaves): void {
  try {
    if (queue.saves.length === 0) sessionStorage.removeItem(storageKey(attemptId));
    else sessionStorage.setItem(storageKey(attemptId), serialiseQueue(queue));
  } catch {
    // Storage refused (private mode, quota): the queue still lives in memory for this page.
  }
}

/** One attempt's live connection, its save queue and the latest attempt; see the module comment. */
export class AttemptLink {
  private attempt: AttemptView;
  /** The epoch this window holds: from its own session, connection and acknowledged moves only. */
  private epoch: number;
  private queue: PendingSaves;
  private connection: ConnectionState = 'connecting';
  /** The break end already watched for (see watchBreakEnd). */
  private watchedBreakEnd: string | null = null;
  private heldElsewhere: string | null = null;
  private error: string | null = null;
  private fatal: string | null = null;
  private clock: ClockSync | null;
  private submitRequested = false;
  private submitting = false;
  /** The attempt arrived on the current connection: saves may go. */
  private ready = false;
  private inFlight: number | null = null;
  /** A refused save waits before it is sent again. */
  private waiting = false;
  /** Bumped on every disconnect: acknowledgements of an earlier connection are ignored. */
  private generation = 0;
  /** The token of the page's own POST /session, used for the first connection. */
  private firstToken: string | null;
  private lastToken: string;
  private socket: Socket | null = null;
  private timers = new Set<ReturnType<typeof setTimeout>>();
  private listeners = new Set<() => void>();
  private current: LinkSnapshot;
  /** The queue as last kept in session storage. */
  private storedQueue: PendingSaves | null = null;
  private closed = false;

  constructor(
    opened: OpenedAttempt,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.attempt = opened.attempt;
    this.epoch = opened.attempt.epoch;
    this.queue = observeServerSeq(readStored(opened.attempt.id), opened.attempt.lastSeq);
    this.firstToken = opened.attemptToken;
    this.lastToken = opened.attemptToken;
    this.clock = syncClock(opened.attempt, this.now());
    this.reconcile();
    this.current = this.snapshotNow();
  }

  /** The state to render. */
  get snapshot(): LinkSnapshot {
    return this.current;
  }

  /** Calls `listener` after every change; returns the way to stop. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Connects (unless the attempt is already over) and starts watching the browser's network state. */
  start(): void {
    if (this.socket || this.closed || isFinal(this.attempt)) return;
    const socket = io('/attempt', {
      auth: (cb) => this.authenticate(cb),
      transports: ['websocket', 'polling'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 3_000,
    });
    this.socket = socket;
    socket.on('attempt', (attempt: AttemptView) => this.onConnectionAttempt(attempt));
    // With the attempt when the change was its result; otherwise it is read again.
    socket.on('changed', (attempt?: AttemptView) => (attempt ? this.adopt(attempt) : this.sync()));
    socket.on('refused', (refusal: { code?: string; message?: string }) => this.onRefused(refusal));
    // Another window or tab opened the exam: nothing more is sent from here until the candidate continues here.
    socket.on('taken_over', (notice: { message: string }) => {
      if (isFinal(this.attempt)) return;
      this.heldElsewhere = notice.message;
      this.changed();
    });
    socket.on('disconnect', () => this.onDisconnect());
    socket.on('connect_error', (error: Error & { data?: { code?: string; message?: string } }) =>
      this.onConnectError(error),
    );
    window.addEventListener('offline', this.onOffline);
    window.addEventListener('online', this.onOnline);
  }

  /** Disconnects for good (the page is leaving); the queue stays in session storage. */
  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    window.removeEventListener('offline', this.onOffline);
    window.removeEventListener('online', this.onOnline);
    this.socket?.disconnect();
    this.socket = null;
    this.listeners.clear();
  }

  /** Queues an answer (null clears it) and the review mark of a position, and sends it when it can. */
  save(position: number, answer: Answer | null, marked: boolean, timeOnItemMs?: number): void {
    if (isFinal(this.attempt)) return;
    const save = { position, answer, marked, ...(timeOnItemMs === undefined ? {} : { timeOnItemMs }) };
    this.queue = enqueue(this.queue, save, this.inFlight).queue;
    this.error = null;
    this.changed();
    this.pump();
  }

  /** Submits once every queued answer is acknowledged. */
  submit(): void {
    if (isFinal(this.attempt)) return;
    this.submitRequested = true;
    this.submitting = true;
    this.error = null;
    this.changed();
    this.pump();
  }

  /** Takes a permitted break (the time left freezes) or ends it. */
  pauseOrResume(move: 'pause' | 'resume'): void {
    if (!this.socket || !this.ready) return;
    const generation = this.generation;
    this.socket
      .timeout(ACK_TIMEOUT_MS)
      .emit(move, { epoch: this.epoch }, (err: Error | null, reply: Reply) => {
        if (generation !== this.generation || err) return;
        this.onReply(reply);
      });
  }

  /**
   * Reads the attempt again (after `changed`, or when the time is up): over the connection when it is open,
   * otherwise over HTTP. Read over the open connection, a higher epoch on a live attempt means another window
   * opened it since.
   */
  sync(): void {
    if (this.closed) return;
    const generation = this.generation;
    if (this.socket && this.ready) {
      this.socket.timeout(ACK_TIMEOUT_MS).emit('sync', {}, (err: Error | null, reply: Reply) => {
        if (generation !== this.generation || err || !reply.ok) return;
        if (reply.attempt.epoch > this.epoch && !isFinal(reply.attempt)) {
          this.heldElsewhere =
            'This exam was opened in another window or tab: continue there, or continue here.';
        }
        this.adopt(reply.attempt);
      });
      return;
    }
    getAttempt(this.attempt.id).then(
      ({ attempt }) => this.adopt(attempt),
      () => undefined,
    );
  }

  /** "Continue here": this window takes the attempt back from the other one and sends what it kept. */
  async continueHere(): Promise<void> {
    const { attempt, attemptToken } = await openAttemptSession(this.attempt.id);
    this.lastToken = attemptToken;
    this.heldElsewhere = null;
    this.queue = renumberAfter(this.queue, attempt.lastSeq);
    this.adoptOwn(attempt);
    if (this.socket && !this.socket.connected && !this.socket.active) this.socket.connect();
    this.pump();
  }

  private authenticate(cb: (data: object) => void): void {
    if (this.firstToken) {
      const token = this.firstToken;
      this.firstToken = null;
      cb({ token });
      return;
    }
    openAttemptSession(this.attempt.id).then(
      ({ attempt, attemptToken }) => {
        this.lastToken = attemptToken;
        this.adoptOwn(attempt);
        cb({ token: attemptToken });
      },
      // Offline, most likely: the connection will fail as well and be tried again.
      () => cb({ token: this.lastToken }),
    );
  }

  private onConnectionAttempt(attempt: AttemptView): void {
    this.adoptOwn(attempt);
    this.ready = true;
    this.connection = 'open';
    this.changed();
    this.pump();
  }

  private onDisconnect(): void {
    this.generation += 1;
    this.ready = false;
    this.inFlight = null;
    // Messages socket.io buffered while disconnected would go out with an old epoch: the queue resends them.
    if (this.socket) this.socket.sendBuffer = [];
    if (this.closed) return;
    if (this.connection === 'open') this.connection = 'lost';
    // A window another one displaced does not take the attempt back by reconnecting: the candidate chooses.
    if (this.heldElsewhere) this.socket?.disconnect();
    this.changed();
  }

  private onConnectError(error: Error & { data?: { code?: string; message?: string } }): void {
    if (this.closed) return;
    // Not connected, whether it ever was: the candidate is told, and answers wait in the queue.
    this.connection = 'lost';
    const socket = this.socket;
    // A refusal by the server's handshake check is not retried by socket.io itself.
    if (socket && !socket.active) {
      const code = error.data?.code ?? error.message;
      if (code === 'forbidden' || code === 'not_found') {
        this.fatal = error.data?.message ?? 'This exam cannot be opened with your account.';
      } else {
        this.later(() => {
          if (!socket.connected && !socket.active && !this.heldElsewhere) socket.connect();
        }, RETRY_MS);
      }
    }
    this.changed();
  }

  private onRefused(refusal: { code?: string; message?: string }): void {
    if (refusal.code === 'unavailable' || refusal.code === 'internal') {
      this.later(() => {
        const socket = this.socket;
        if (socket && !socket.connected && !socket.active) socket.connect();
      }, RETRY_MS);
      return;
    }
    this.fatal = refusal.message ?? 'This exam cannot be opened here.';
    this.changed();
  }

  private readonly onOffline = () => {
    // Emulated and real offline states leave a websocket open until its next ping fails: close it now.
    const engine = this.socket?.io.engine as { close?: () => void } | undefined;
    if (this.socket?.connected) engine?.close?.();
  };

  private readonly onOnline = () => {
    const socket = this.socket;
    if (socket && !socket.connected && !socket.active && !this.heldElsewhere) socket.connect();
  };

  private onReply(reply: Reply): void {
    if (reply.ok) {
      this.error = null;
      this.adoptOwn(reply.attempt);
      return;
    }
    this.refusedMove(reply.error);
  }

  /** A refusal of a move that is not a save (submit, pause, resume). */
  private refusedMove(error: { code: string; message: string }): void {
    if (error.code === 'stale_save') this.heldElsewhere = error.message;
    else this.error = error.message;
    this.submitting = false;
    this.submitRequested = false;
    this.changed();
    if (error.code === 'attempt_over' || error.code === 'invalid_transition') this.sync();
  }

  /** Sends the oldest queued save, or the submission once the queue is empty. */
  private pump(): void {
    const socket = this.socket;
    if (!socket || !this.ready || this.heldElsewhere || this.inFlight !== null || this.closed) return;
    if (this.waiting || this.attempt.status !== 'in_progress') return;
    const save = nextSave(this.queue);
    const generation = this.generation;
    if (!save) {
      if (!this.submitRequested) return;
      this.submitRequested = false;
      socket
        .timeout(ACK_TIMEOUT_MS)
        .emit('submit', { epoch: this.epoch }, (err: Error | null, reply: Reply) => {
          if (generation !== this.generation) return;
          if (err) {
            this.submitRequested = true;
            this.pump();
            return;
          }
          this.submitting = false;
          this.onReply(reply);
        });
      return;
    }
    this.inFlight = save.seq;
    socket
      .timeout(ACK_TIMEOUT_MS)
      .emit('answer', { ...save, epoch: this.epoch }, (err: Error | null, reply: Reply) => {
        if (generation !== this.generation) return;
        this.inFlight = null;
        if (err) {
          // No acknowledgement in time: send the same save again (stored once however often it arrives).
          this.pump();
          return;
        }
        if (reply.ok) {
          this.queue = settle(this.queue, save.seq);
          this.error = null;
          this.adoptOwn(reply.attempt);
        } else {
          this.refusedSave(save.seq, save.position, reply.error);
        }
        this.changed();
        this.pump();
      });
  }

  private refusedSave(seq: number, position: number, error: { code: string; message: string }): void {
    switch (error.code) {
      case 'stale_save':
        this.heldElsewhere = error.message;
        return;
      case 'rate_limited':
      case 'unavailable':
      case 'internal':
        this.retrySoon();
        return;
      case 'invalid_transition':
        // Paused meanwhile: kept for after the break.
        this.sync();
        this.retrySoon();
        return;
      case 'attempt_over':
        this.queue = settle(this.queue, seq);
        this.sync();
        return;
      default:
        this.queue = settle(this.queue, seq);
        this.error = `Your answer to question ${position} was not saved: ${error.message}`;
        this.sync();
    }
  }

  /** An attempt received for this window: its epoch is the one to send with. */
  private adoptOwn(attempt: AttemptView): void {
    if (attempt.id !== this.attempt.id) return;
    if (attempt.epoch >= this.epoch) this.epoch = attempt.epoch;
    this.adopt(attempt);
  }

  private adopt(attempt: AttemptView): void {
    if (!isNewer(attempt, this.attempt)) {
      this.changed();
      return;
    }
    this.attempt = attempt;
    this.clock = syncClock(attempt, this.now());
    this.queue = observeServerSeq(this.queue, attempt.lastSeq);
    this.reconcile();
    this.watchBreakEnd();
    if (isFinal(attempt)) {
      this.submitting = false;
      this.submitRequested = false;
      // A submitted attempt is scored a moment later: the connection stays to hear of its result.
      if (attempt.status !== 'submitted') this.socket?.disconnect();
    }
    this.changed();
    this.pump();
  }

  /**
   * Drops queued saves the attempt shows are no longer wanted: all of them once it is over, and in an adaptive
   * exam those of a question no longer asked (their answer was stored: the acknowledgement got lost).
   */
  private reconcile(): void {
    const attempt = this.attempt;
    if (isFinal(attempt)) {
      this.queue = { ...this.queue, saves: [] };
    } else if (attempt.mode === 'adaptive' && attempt.status !== 'checked_in') {
      const asked = attempt.current?.position;
      const kept = this.queue.saves.filter((s) => s.position === asked || s.seq === this.inFlight);
      if (kept.length !== this.queue.saves.length) this.queue = { ...this.queue, saves: kept };
    }
  }

  /** On a break, reads the attempt again just after the break ends by itself (the server runs the clock again). */
  private watchBreakEnd(): void {
    const ends = this.attempt.status === 'paused' ? this.attempt.breakEndsAt : null;
    if (!ends || ends === this.watchedBreakEnd) return;
    this.watchedBreakEnd = ends;
    // Measured on the server's clock: how long after the moment it answered the break ends.
    const wait = Date.parse(ends) - Date.parse(this.attempt.serverTime);
    this.later(() => this.sync(), Math.max(0, wait) + BREAK_END_MARGIN_MS);
  }

  /** Sends the queue again in a moment (the save stays queued with its number). */
  private retrySoon(): void {
    this.waiting = true;
    this.later(() => {
      this.waiting = false;
      this.pump();
    }, RETRY_MS);
  }

  private later(work: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.closed) work();
    }, ms);
    this.timers.add(timer);
  }

  private snapshotNow(): LinkSnapshot {
    return {
      attempt: this.attempt,
      connection: this.connection,
      queue: this.queue,
      heldElsewhere: this.heldElsewhere,
      error: this.error,
      fatal: this.fatal,
      submitting: this.submitting,
      clock: this.clock,
    };
  }

  private changed(): void {
    // The queue is replaced, never changed in place: kept in the tab only when it is a new one.
    if (this.queue !== this.storedQueue) {
      writeStored(this.attempt.id, this.queue);
      this.storedQueue = this.queue;
    }
    this.current = this.snapshotNow();
    for (const listener of this.listeners) listener();
  }
}
