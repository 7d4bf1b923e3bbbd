import { useEffect, useRef, useState } from 'preact/hooks';
import { Alert } from '../components/form';
import type { OpenedAttempt } from '../types';
import { useSubmit } from '../use-submit';
import { AdaptivePlayer } from './adaptive-player';
import type { AttemptLink, LinkSnapshot } from './attempt-link';
import { isFinal } from './attempt-versions';
import { remainingAt, remainingInWords } from './exam-clock';
import { ExamTimer } from './exam-timer';
import { FormPlayer } from './form-player';
import { formatTime } from './format';
import { AttemptOutcome } from './outcome';
import { useAttemptLink } from './use-attempt-link';

/** How often the player asks for the attempt once its time is up, until the server has submitted it. */
const TIME_UP_POLL_MS = 2_000;
/** How often the player asks for the result of a submitted attempt, should the server's word of it be lost. */
const RESULT_POLL_MS = 3_000;
/** How long the "connection is back" notice stays. */
const RESTORED_NOTICE_MS = 10_000;

/**
 * The exam player of a running attempt: the timer and save state, the connection banners, the question (one
 * at a time) and, once the attempt is over, its result.
 */
export function AttemptPlayer(props: { opened: OpenedAttempt; slug: string }) {
  const { link, snapshot } = useAttemptLink(props.opened);
  const { attempt } = snapshot;
  const final = isFinal(attempt);
  const [timeUp, setTimeUp] = useState(false);
  const restored = useRestoredNotice(snapshot);
  const pending = snapshot.queue.saves.length;

  // Once the time is up, ask until the server has submitted the attempt (its deadline has a small grace).
  useSyncEvery(link, timeUp && !final ? TIME_UP_POLL_MS : null, true);
  useEffect(() => {
    if (snapshot.clock && remainingAt(snapshot.clock, performance.now()) > 0) setTimeUp(false);
  }, [snapshot.clock]);
  // Submitted: the result follows in a moment (the server says so); asked for too, should that word be lost.
  useSyncEvery(link, attempt.status === 'submitted' ? RESULT_POLL_MS : null, false);

  // Closing the tab would lose answers not yet sent: the browser asks first.
  useEffect(() => {
    if (pending === 0 || final) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [pending > 0, final]);

  if (final) return <AttemptOutcome attempt={attempt} slug={props.slug} />;

  if (snapshot.fatal) {
    return (
      <section class="card narrow">
        <h1>The exam cannot be opened</h1>
        <Alert message={snapshot.fatal} />
      </section>
    );
  }

  const blocked = snapshot.heldElsewhere !== null || timeUp;
  const adaptive = attempt.mode === 'adaptive';
  const current = attempt.current;
  const answeredNow = adaptive
    ? attempt.answered
    : (attempt.form ?? []).filter((entry) => {
        const queued = snapshot.queue.saves.filter((s) => s.position === entry.position).at(-1);
        return (queued ? queued.answer : entry.answer) !== null;
      }).length;

  return (
    <div class="player" data-connection={snapshot.connection} data-pending={pending}>
      <h1 class="player-title">{attempt.certificationTitle}</h1>
      {/* The timer, progress and save state, and the lost-connection banner, stay in view while the page scrolls. */}
      <div class="exam-sticky">
        <section class="exam-bar" aria-label="Exam status">
          <ExamTimer clock={snapshot.clock} allowedMs={attempt.allowedMs} onTimeUp={() => setTimeUp(true)} />
          <p class="exam-progress">
            {adaptive
              ? `${attempt.answered} answered`
              : `${answeredNow} of ${attempt.questions.max} answered`}
          </p>
          <p class="save-state" data-save-state>
            {saveState(snapshot)}
          </p>
        </section>

        {snapshot.connection === 'lost' && !snapshot.heldElsewhere && (
          <div class="banner offline" role="alert">
            <strong>Connection lost.</strong> Your answers are kept and will be sent when it returns.
          </div>
        )}
      </div>
      <p role="status" class="status restored" data-connection-notice>
        {restored
          ? pending > 0
            ? 'The connection is back: sending your answers…'
            : 'The connection is back. All your answers are saved.'
          : ''}
      </p>
      {snapshot.heldElsewhere && <HeldElsewhere link={link} message={snapshot.heldElsewhere} />}
      {timeUp && (
        <p class="banner" role="alert">
          Time is up. Your answers are being submitted…
        </p>
      )}
      <Alert message={snapshot.error} />

      {attempt.status === 'paused' ? (
        <Break snapshot={snapshot} onResume={() => link.pauseOrResume('resume')} />
      ) : adaptive ? (
        <AdaptivePlayer
          attempt={attempt}
          pending={snapshot.queue.saves.find((s) => s.position === current?.position)}
          connection={snapshot.connection}
          disabled={blocked}
          onSubmitAnswer={(position, answer, timeOnItemMs) =>
            link.save(position, answer, false, timeOnItemMs)
          }
        />
      ) : (
        <FormPlayer
          form={attempt.form ?? []}
          queue={snapshot.queue}
          connection={snapshot.connection}
          disabled={blocked}
          submitting={snapshot.submitting}
          onSave={(position, answer, marked, timeOnItemMs) =>
            link.save(position, answer, marked, timeOnItemMs)
          }
          onSubmit={() => link.submit()}
        />
      )}
      {attempt.status === 'in_progress' && attempt.breaksTaken < attempt.breaksAllowed && (
        <p class="aside">
          <button
            type="button"
            class="secondary"
            disabled={blocked || snapshot.connection !== 'open'}
            onClick={() => link.pauseOrResume('pause')}
          >
            Take a break ({attempt.breaksAllowed - attempt.breaksTaken} left)
          </button>
        </p>
      )}
    </div>
  );
}

/** Reads the attempt again every `everyMs` (and at once when `atOnce`) while `everyMs` is not null. */
function useSyncEvery(link: AttemptLink, everyMs: number | null, atOnce: boolean): void {
  useEffect(() => {
    if (everyMs === null) return;
    if (atOnce) link.sync();
    const timer = setInterval(() => link.sync(), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
}

/** The save state in a few words (visible; not announced on every change). */
function saveState(snapshot: LinkSnapshot): string {
  const pending = snapshot.queue.saves.length;
  if (snapshot.connection === 'connecting') return 'Connecting…';
  if (pending === 0) return 'All answers saved';
  if (snapshot.connection === 'lost' || snapshot.heldElsewhere)
    return `${pending} answer${pending === 1 ? '' : 's'} waiting to be sent`;
  return 'Saving…';
}

/** True for a while after the connection came back (the calm notice after the "lost" banner). */
function useRestoredNotice(snapshot: LinkSnapshot): boolean {
  const previous = useRef(snapshot.connection);
  const [restored, setRestored] = useState(false);
  useEffect(() => {
    const was = previous.current;
    previous.current = snapshot.connection;
    if (snapshot.connection === 'lost') {
      setRestored(false);
      return;
    }
    if (was !== 'lost' || snapshot.connection !== 'open') return;
    setRestored(true);
    const timer = setTimeout(() => setRestored(false), RESTORED_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [snapshot.connection]);
  return restored;
}

/** Another window or tab holds the exam: say so plainly, and offer to continue here. */
function HeldElsewhere(props: { link: AttemptLink; message: string }) {
  const { busy, error, run } = useSubmit();
  return (
    <div class="banner held" role="alert">
      <p>
        <strong>This exam is open in another window or tab.</strong> To answer here, continue here: any answer
        not yet saved from this window is sent then. ({props.message})
      </p>
      <Alert message={error} />
      <button
        type="button"
        disabled={busy}
        onClick={() =>
          run(async () => {
            await props.link.continueHere();
            return undefined;
          })
        }
      >
        {busy ? 'Taking the exam back…' : 'Continue here'}
      </button>
    </div>
  );
}

/** A permitted break: the clock is stopped until the candidate resumes. */
function Break(props: { snapshot: LinkSnapshot; onResume: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const { clock, attempt } = props.snapshot;
  return (
    <section class="card" aria-labelledby="break-title">
      <h2 id="break-title" tabIndex={-1} ref={heading} class="focus-target">
        You are on a break
      </h2>
      <p>
        The clock is stopped{clock ? ` with ${remainingInWords(clock.remainingMs)} left` : ''}. The questions
        are hidden until you resume.
        {attempt.breakEndsAt &&
          ` The break ends by itself at ${formatTime(attempt.breakEndsAt)}: the exam then continues and the clock runs again.`}
        {attempt.breaksAllowed - attempt.breaksTaken > 0 &&
          ` You have ${attempt.breaksAllowed - attempt.breaksTaken} more break${attempt.breaksAllowed - attempt.breaksTaken === 1 ? '' : 's'}.`}
      </p>
      <button type="button" onClick={props.onResume} disabled={props.snapshot.connection !== 'open'}>
        Resume exam
      </button>
    </section>
  );
}
