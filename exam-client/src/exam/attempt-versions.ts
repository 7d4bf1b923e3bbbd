/** Which of two copies of an attempt is the newer one, and whether an attempt is over. Pure. */
import { LIVE_STATUSES } from '../../../server/domain/assessment/attempt.js';
import type { AttemptView } from '../types';

/** True once the attempt is over (no longer live): nothing more can be saved. */
export const isFinal = (attempt: Pick<AttemptView, 'status'>): boolean =>
  !LIVE_STATUSES.includes(attempt.status);

/** How far along an attempt that is over has come: submitted first, then scored (or voided). */
const endStage = (status: AttemptView['status']): number => (status === 'submitted' ? 1 : 2);

/**
 * Whether `next` is at least as new as `current`: an attempt that is over beats a live one, and a scored one a
 * submitted one; otherwise a higher epoch (a later window), then more saves stored, then a later server time.
 */
export function isNewer(
  next: Pick<AttemptView, 'status' | 'epoch' | 'lastSeq' | 'serverTime'>,
  current: Pick<AttemptView, 'status' | 'epoch' | 'lastSeq' | 'serverTime'>,
): boolean {
  if (isFinal(next) !== isFinal(current)) return isFinal(next);
  if (isFinal(next) && endStage(next.status) !== endStage(current.status))
    return endStage(next.status) > endStage(current.status);
  if (next.epoch !== current.epoch) return next.epoch > current.epoch;
  if (next.lastSeq !== current.lastSeq) return next.lastSeq > current.lastSeq;
  return Date.parse(next.serverTime) >= Date.parse(current.serverTime);
}
