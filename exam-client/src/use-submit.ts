import { useState } from 'preact/hooks';
import { describeError } from './errors';

/** A form's submit state; `K` names its actions when it has several buttons. */
export interface Submission<K extends string> {
  busy: boolean;
  /** The `kind` of the running action, or null. */
  busyWith: K | null;
  error: string | null;
  status: string | null;
  setError: (message: string | null) => void;
  setStatus: (message: string | null) => void;
  /** `keepBusy`: stay busy after success, for an action that navigates away. */
  run: (
    action: () => Promise<string | undefined>,
    options?: { kind?: K; keepBusy?: boolean },
  ) => Promise<void>;
}

/** Busy, error and status of a form: `run` shows an action's returned string as status, or what it threw as error. */
export function useSubmit<K extends string = never>(): Submission<K> {
  const [running, setRunning] = useState<{ kind: K | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const run: Submission<K>['run'] = async (action, options = {}) => {
    setError(null);
    setStatus(null);
    setRunning({ kind: options.kind ?? null });
    try {
      setStatus((await action()) ?? null);
      if (!options.keepBusy) setRunning(null);
    } catch (failure) {
      setError(describeError(failure));
      setRunning(null);
    }
  };

  return { busy: running !== null, busyWith: running?.kind ?? null, error, status, setError, setStatus, run };
}
