import { useEffect, useId, useRef, useState } from 'preact/hooks';
import {
  type ClockSync,
  formatRemaining,
  remainingAt,
  thresholdMessage,
  thresholdsReached,
  TIME_THRESHOLDS,
} from './exam-clock';
import { useTicker } from './use-attempt-link';

/**
 * The time left, counted down from the server's last word (re-synced with every attempt received). The visible
 * timer is not a live region (a screen reader would read it every second); a separate polite region says the
 * time left once at 20 % and once at 5 %.
 */
export function ExamTimer(props: { clock: ClockSync | null; allowedMs: number; onTimeUp: () => void }) {
  const { clock } = props;
  const labelId = useId();
  const now = useTicker(500, clock?.running ?? false);
  const remaining = clock ? remainingAt(clock, now) : null;
  const announced = useRef(new Set<number>());
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    if (remaining === null) return;
    const reached = thresholdsReached(remaining, props.allowedMs, announced.current);
    const last = reached[reached.length - 1];
    if (last === undefined) return;
    for (const share of reached) announced.current.add(share);
    setAnnouncement(thresholdMessage(last, remaining));
  }, [remaining, props.allowedMs]);

  const timeUp = remaining === 0 && (clock?.running ?? false);
  useEffect(() => {
    if (timeUp) props.onTimeUp();
  }, [timeUp]);

  const low = remaining !== null && remaining <= (TIME_THRESHOLDS[1] ?? 0.05) * props.allowedMs;
  return (
    <div class="exam-timer">
      <span id={labelId} class="exam-bar-label">
        Time left
      </span>
      <span role="timer" aria-labelledby={labelId} class={low ? 'time low' : 'time'}>
        {remaining === null ? '–' : formatRemaining(remaining)}
        {clock && !clock.running && remaining !== null && remaining > 0 ? ' (stopped)' : ''}
      </span>
      <p class="visually-hidden" aria-live="polite" aria-atomic="true" data-time-announcement>
        {announcement}
      </p>
    </div>
  );
}
