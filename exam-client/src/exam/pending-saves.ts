/**
 * The player's queue of answers not yet acknowledged by the server. Every save gets the next sequence number
 * (the highest used so far, here or on the server, plus one) and stays queued until its acknowledgement; after a
 * reconnect the queue is sent again with the same numbers, which the server stores once. Pure: every function
 * returns a new queue.
 */
import type { Answer } from '../types';

/** One save as the player sends it (the epoch is added when it is sent: always the current one). */
export interface PendingSave {
  readonly seq: number;
  readonly position: number;
  readonly answer: Answer | null;
  readonly marked: boolean;
  readonly timeOnItemMs?: number;
}

/** The queue: saves in sequence order, and the highest sequence number used (by this window or the server). */
export interface PendingSaves {
  readonly lastSeq: number;
  readonly saves: readonly PendingSave[];
}

/** An empty queue that continues after the server's last sequence number. */
export const emptyQueue = (lastSeq = 0): PendingSaves => ({ lastSeq, saves: [] });

/**
 * Queues a save with the next sequence number. An older save of the same position that is not on its way
 * (`inFlightSeq`) is dropped: only the newest answer to a question matters, and skipping its number is safe
 * because the server only asks each save to be higher than the last one stored.
 */
export function enqueue(
  queue: PendingSaves,
  save: Omit<PendingSave, 'seq'>,
  inFlightSeq: number | null = null,
): { queue: PendingSaves; save: PendingSave } {
  const queued: PendingSave = { ...save, seq: queue.lastSeq + 1 };
  const kept = queue.saves.filter((s) => s.position !== save.position || s.seq === inFlightSeq);
  return { queue: { lastSeq: queued.seq, saves: [...kept, queued] }, save: queued };
}

/** The queue without the save the server acknowledged (or refused for good). */
export function settle(queue: PendingSaves, seq: number): PendingSaves {
  return { ...queue, saves: queue.saves.filter((s) => s.seq !== seq) };
}

/** The save to send next: the oldest. */
export const nextSave = (queue: PendingSaves): PendingSave | undefined => queue.saves[0];

/** Takes note of the server's highest stored sequence number, so new saves number after it. */
export function observeServerSeq(queue: PendingSaves, serverLastSeq: number): PendingSaves {
  return serverLastSeq > queue.lastSeq ? { ...queue, lastSeq: serverLastSeq } : queue;
}

/**
 * After this window takes the attempt back from another one: when a queued save is numbered at or below what
 * the server already stored (the other window's saves), every queued save is numbered afresh after both, in
 * its order, so none is refused as stale and the newest answer to a question still comes last.
 */
export function renumberAfter(queue: PendingSaves, serverLastSeq: number): PendingSaves {
  let last = Math.max(queue.lastSeq, serverLastSeq);
  if (!queue.saves.some((s) => s.seq <= serverLastSeq)) return { ...queue, lastSeq: last };
  const saves = queue.saves.map((s) => {
    last += 1;
    return { ...s, seq: last };
  });
  return { lastSeq: last, saves };
}

/** The newest queued save of each position: what the candidate's screen shows over the server's copy. */
export function latestByPosition(queue: PendingSaves): Map<number, PendingSave> {
  const latest = new Map<number, PendingSave>();
  for (const save of queue.saves) latest.set(save.position, save);
  return latest;
}

const isSave = (value: unknown): value is PendingSave => {
  if (typeof value !== 'object' || value === null) return false;
  const save = value as Record<string, unknown>;
  return (
    Number.isInteger(save.seq) &&
    Number.isInteger(save.position) &&
    typeof save.marked === 'boolean' &&
    (save.answer === null || (typeof save.answer === 'object' && !Array.isArray(save.answer)))
  );
};

/** The queue as text to keep in the tab's session storage (it outlives a reload). */
export const serialiseQueue = (queue: PendingSaves): string => JSON.stringify(queue);

/** A stored queue read back; an unreadable one is an empty queue. */
export function parseQueue(text: string | null): PendingSaves {
  if (!text) return emptyQueue();
  try {
    const parsed = JSON.parse(text) as { lastSeq?: unknown; saves?: unknown };
    if (!Number.isInteger(parsed.lastSeq) || !Array.isArray(parsed.saves)) return emptyQueue();
    const saves = parsed.saves.filter(isSave).sort((a, b) => a.seq - b.seq);
    return { lastSeq: parsed.lastSeq as number, saves };
  } catch {
    return emptyQueue();
  }
}
