import { useEffect, useRef } from 'preact/hooks';
import { CHECK_IN_FRESH_MS } from '../../../server/domain/assessment/attempt.js';
import { Alert } from '../components/form';
import { Link, pagePath } from '../router';
import type { AttemptView } from '../types';

/** Whether a checked-in attempt is too old to begin (by the server's clock: its own reading time). */
export const checkInExpired = (attempt: Pick<AttemptView, 'checkedInAt' | 'serverTime'>): boolean =>
  Date.parse(attempt.serverTime) - Date.parse(attempt.checkedInAt) > CHECK_IN_FRESH_MS;
import { minutesInWords, questionCount } from './format';

/**
 * What the candidate reads between check-in and the start: the time allowed, how many questions, whether
 * answers are final, and "Begin exam" (which starts the clock).
 */
export function ExamRules(props: {
  attempt: AttemptView;
  slug: string;
  busy: boolean;
  error: string | null;
  /** The check-in is too old to begin: the candidate checks in again instead. */
  expired: boolean;
  onBegin: () => void;
  onCheckInAgain: () => void;
}) {
  const { attempt } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const adaptive = attempt.mode === 'adaptive';
  return (
    <section class="card narrow exam-rules" aria-labelledby="rules-title">
      <p class="muted">{attempt.certificationTitle}</p>
      <h1 id="rules-title" tabIndex={-1} ref={heading} class="focus-target">
        Before you begin
      </h1>
      <p>You are checked in. Read these rules, then begin when you are ready.</p>
      <ul class="rules">
        <li>
          <strong>Time allowed: {minutesInWords(attempt.allowedMs / 60_000)}.</strong> The clock starts when
          you select Begin exam and keeps running if you leave the page; come back to this page to continue.
        </li>
        <li>
          <strong>The exam has {questionCount(attempt.questions)}.</strong>{' '}
          {adaptive
            ? 'Each question is chosen from your earlier answers, so the number you get depends on how you do.'
            : 'You can move between the questions, change your answers and mark questions to review before you submit.'}
        </li>
        {adaptive && (
          <li>
            <strong>Answers are final.</strong> Once you submit an answer you cannot go back to it or change
            it.
          </li>
        )}
        <li>
          Your answers are saved as you go. If the connection drops, carry on: they are sent when it returns.
        </li>
        {attempt.breaksAllowed > 0 && (
          <li>
            You may take {attempt.breaksAllowed} break{attempt.breaksAllowed === 1 ? '' : 's'}; the clock
            stops during a break.
          </li>
        )}
        <li>
          Begin within {minutesInWords(CHECK_IN_FRESH_MS / 60_000)} of checking in, or you will need to check
          in again.
        </li>
      </ul>
      <Alert message={props.error} />
      {props.expired ? (
        <>
          <p class="alert" data-check-in-expired>
            Your check-in has expired: check in again with your passkey to begin.
          </p>
          <button type="button" onClick={props.onCheckInAgain} disabled={props.busy}>
            {props.busy ? 'Waiting for your passkey…' : 'Check in again with your passkey'}
          </button>
        </>
      ) : (
        <button type="button" onClick={props.onBegin} disabled={props.busy}>
          {props.busy ? 'Starting…' : 'Begin exam'}
        </button>
      )}
      <p class="aside">
        <Link href={pagePath(props.slug, 'exams')}>Back to the exams</Link>
      </p>
    </section>
  );
}
