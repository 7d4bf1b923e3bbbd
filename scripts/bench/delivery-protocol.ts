/**
 * The messages between the delivery benchmark (server process) and its candidate processes (load generators).
 * Times are wall-clock milliseconds since the epoch (performance.timeOrigin + performance.now()), so the
 * processes' figures share one time line.
 */
import type { ItemKey } from './delivery-answers.js';

/** A candidate account made for the run: who, and an access token for the REST calls. */
export interface BenchCandidate {
  readonly userId: string;
  readonly accessToken: string;
  /** True ability of the examinee this account plays. */
  readonly theta: number;
  /** Seeds the examinee's right/wrong draws. */
  readonly seed: number;
}

/** Orders from the benchmark to a candidate process. */
export type ToCandidates =
  | {
      readonly kind: 'enrol';
      readonly baseUrl: string;
      readonly origin: string;
      readonly candidates: readonly BenchCandidate[];
    }
  | {
      readonly kind: 'baseline';
      readonly baseUrl: string;
      readonly namespace: string;
      readonly sockets: number;
      readonly durationMs: number;
      readonly thinkMs: number;
    }
  | {
      readonly kind: 'run';
      readonly baseUrl: string;
      readonly origin: string;
      readonly certificationId: string;
      readonly slots: number;
      readonly rampMs: number;
      readonly thinkMs: number;
      readonly items: readonly ItemKey[];
    }
  | { readonly kind: 'exit' };

/** One acknowledged message: when it was sent and its round trip (emit → ack). */
export type Timed = readonly [sentAt: number, roundTripMs: number];

/** One acknowledged answer, and whether it ended its exam (acknowledged as submitted; scored right after). */
export type TimedAnswer = readonly [sentAt: number, roundTripMs: number, endedExam: boolean];

/** One attempt as its candidate saw it. */
export interface SatAttempt {
  readonly attemptId: string;
  readonly userId: string;
  readonly theta: number;
  /** Sequence numbers acknowledged with ok, with the position and whether the answer sent was the right one. */
  readonly acked: ReadonlyArray<readonly [seq: number, position: number, right: 0 | 1]>;
  /** The status the candidate last saw: "scored" once the result came after the last answer. */
  readonly status: string;
  readonly error: string | null;
}

/** One concurrent candidate seat: when it sent its first answer and when it found nobody left to seat. */
export interface SlotTimes {
  readonly firstAnswerAt: number;
  readonly idleAt: number;
}

/** Reports from a candidate process. */
export type FromCandidates =
  | { readonly kind: 'enrolled'; readonly count: number }
  | { readonly kind: 'baseline-done'; readonly acks: readonly Timed[]; readonly errors: number }
  | {
      readonly kind: 'run-done';
      readonly answers: readonly TimedAnswer[];
      readonly attempts: readonly SatAttempt[];
      readonly slots: readonly SlotTimes[];
      /** Check-in to start (REST: options, passkey assertion, attempt, start), per attempt. */
      readonly checkInMs: readonly number[];
      /** From sending the last answer to holding the result (told by the server, then read), per attempt. */
      readonly resultMs: readonly number[];
      readonly retries: number;
      readonly cpuMs: number;
      readonly wallMs: number;
    }
  | { readonly kind: 'failed'; readonly message: string };
