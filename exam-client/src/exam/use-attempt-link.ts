import { useEffect, useState } from 'preact/hooks';
import type { OpenedAttempt } from '../types';
import { AttemptLink, type LinkSnapshot } from './attempt-link';

/** The live connection of an opened attempt for as long as the component is mounted, and its latest state. */
export function useAttemptLink(opened: OpenedAttempt): { link: AttemptLink; snapshot: LinkSnapshot } {
  const [link] = useState(() => new AttemptLink(opened));
  const [snapshot, setSnapshot] = useState(link.snapshot);
  useEffect(() => {
    const stop = link.subscribe(() => setSnapshot(link.snapshot));
    link.start();
    setSnapshot(link.snapshot);
    return () => {
      stop();
      link.close();
    };
  }, [link]);
  return { link, snapshot };
}

/** The monotonic clock (performance.now()), re-read every `intervalMs` while `active`. */
export function useTicker(intervalMs: number, active: boolean): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!active) return;
    setNow(performance.now());
    const timer = setInterval(() => setNow(performance.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}
