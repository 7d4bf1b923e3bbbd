import { useEffect } from 'preact/hooks';
import { listMyAttempts } from '../api';
import { setTitle } from '../branding';
import { Alert } from '../components/form';
import '../exam/exam.css';
import { STATUS_WORDS } from '../exam/format';
import { ResultDetails } from '../exam/outcome';
import { formatDateTime } from '../items/labels';
import '../items/items.css';
import { attemptPath, Link, pagePath } from '../router';
import type { AttemptSummary, TenantPublic } from '../types';
import { useLoad } from '../use-load';

/** The candidate's history at /t/<slug>/attempts: every attempt, newest first, with its result. */
export function MyAttemptsPage(props: { tenant: TenantPublic }) {
  useEffect(() => setTitle('My attempts', props.tenant.name), [props.tenant.name]);
  const history = useLoad(listMyAttempts);
  const attempts = history.data?.attempts ?? [];
  return (
    <>
      <h1>My attempts</h1>
      {history.loading && !history.data && <p aria-busy="true">Loading your attempts…</p>}
      <Alert message={history.error} />
      {history.data && attempts.length === 0 && (
        <section class="card">
          <p class="empty">
            You have not sat an exam yet.{' '}
            <Link href={pagePath(props.tenant.slug, 'exams')}>See the exams</Link> open to you.
          </p>
        </section>
      )}
      {attempts.length > 0 && (
        <ul class="attempt-history" aria-label="Your attempts">
          {attempts.map((attempt) => (
            <li key={attempt.id}>
              <AttemptRow attempt={attempt} slug={props.tenant.slug} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** What became of an attempt, in a few words. */
function outcomeText(attempt: AttemptSummary): string {
  if (attempt.result) {
    const score = attempt.result.scaledScore ?? `${attempt.result.percentCorrect} %`;
    return `${attempt.result.passed ? 'Passed' : 'Not passed'} (score ${score})`;
  }
  return STATUS_WORDS[attempt.status];
}

function AttemptRow(props: { attempt: AttemptSummary; slug: string }) {
  const { attempt } = props;
  const live = ['checked_in', 'in_progress', 'paused'].includes(attempt.status);
  const titleId = `attempt-${attempt.id}`;
  return (
    <article class="card attempt-row" aria-labelledby={titleId}>
      <h2 id={titleId}>{attempt.certificationTitle}</h2>
      <p class="attempt-outcome">
        {attempt.result && (
          <span class={`outcome-mark ${attempt.result.passed ? 'pass' : 'fail'}`} aria-hidden="true">
            {attempt.result.passed ? '✓' : '✕'}
          </span>
        )}
        <strong>{outcomeText(attempt)}</strong>
      </p>
      <p class="muted">
        Checked in {formatDateTime(attempt.checkedInAt)}
        {attempt.finishedAt ? ` · finished ${formatDateTime(attempt.finishedAt)}` : ''}
      </p>
      {attempt.voidReason && <p>Voided: {attempt.voidReason}</p>}
      {live && (
        <Link href={attemptPath(props.slug, attempt.id)} class="button">
          Resume
        </Link>
      )}
      {attempt.result && (
        <details class="attempt-details">
          <summary>Result and feedback</summary>
          <ResultDetails result={attempt.result} headingLevel={3} />
          {!attempt.result.passed && attempt.result.earliestRetakeAt && (
            <p class="retake">
              You may retake this exam from {formatDateTime(attempt.result.earliestRetakeAt)}.
            </p>
          )}
        </details>
      )}
    </article>
  );
}
