import { useEffect, useRef } from 'preact/hooks';
import { formatDateTime } from '../items/labels';
import { Link, pagePath } from '../router';
import type { AttemptResultView, AttemptView } from '../types';
import { RATING_WORDS } from './format';

/** A result's figures and per-domain feedback (the result page and the history share it). */
export function ResultDetails(props: { result: AttemptResultView; headingLevel: 2 | 3 }) {
  const { result } = props;
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <>
      <p class="result-summary">{result.summary}</p>
      <dl class="facts">
        {result.scaledScore !== null && (
          <div>
            <dt>Scaled score</dt>
            <dd>{result.scaledScore}</dd>
          </div>
        )}
        <div>
          <dt>Answered correctly</dt>
          <dd>{result.percentCorrect} %</dd>
        </div>
        <div>
          <dt>Scored</dt>
          <dd>{formatDateTime(result.scoredAt)}</dd>
        </div>
      </dl>
      {result.domains.length > 0 && (
        <>
          <Heading>How you did in each area</Heading>
          <ul class="domain-feedback">
            {result.domains.map((domain) => (
              <li key={domain.domain}>
                <p class="domain-title">
                  <strong>{domain.title}</strong>{' '}
                  <span class={`rating ${domain.rating}`}>{RATING_WORDS[domain.rating]}</span>
                </p>
                <p class="muted">
                  {domain.percentCorrect} % correct of {domain.items} question{domain.items === 1 ? '' : 's'}
                </p>
                <p>{domain.feedback}</p>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/**
 * The end of an attempt: pass or fail with the summary, score and feedback, the retake date after a failure and
 * the new credential after a pass; or why the attempt was voided. The heading takes focus when it appears.
 */
export function AttemptOutcome(props: { attempt: AttemptView; slug: string }) {
  const { attempt, slug } = props;
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const result = attempt.result;

  let title: string;
  if (attempt.status === 'voided') title = 'This attempt was voided';
  else if (!result) title = 'Your answers were submitted';
  else title = result.passed ? 'You passed' : 'You did not pass';

  return (
    <section
      class="card outcome"
      aria-labelledby="outcome-title"
      data-outcome={result ? (result.passed ? 'pass' : 'fail') : attempt.status}
    >
      <p class="muted outcome-exam">{attempt.certificationTitle}</p>
      <h1 id="outcome-title" tabIndex={-1} ref={heading} class="focus-target" aria-live="polite">
        {result && (
          <span class={`outcome-mark ${result.passed ? 'pass' : 'fail'}`} aria-hidden="true">
            {result.passed ? '✓' : '✕'}
          </span>
        )}
        {title}
      </h1>
      {attempt.status === 'voided' && <p>{attempt.voidReason ?? 'The programme voided this attempt.'}</p>}
      {attempt.status !== 'voided' && !result && (
        <p role="status">Your result is being worked out; it appears here in a moment.</p>
      )}
      {result && <ResultDetails result={result} headingLevel={2} />}
      {result && !result.passed && result.earliestRetakeAt && (
        <p class="retake">You may retake this exam from {formatDateTime(result.earliestRetakeAt)}.</p>
      )}
      {result?.passed && result.credentialId && (
        <p class="credential-link">
          Your new credential is ready:{' '}
          <Link href={pagePath(slug, 'credentials')}>see it in My credentials</Link>.
        </p>
      )}
      <p class="outcome-links">
        <Link href={pagePath(slug, 'attempts')}>My attempts</Link>
        <Link href={pagePath(slug, 'exams')}>Exams</Link>
      </p>
    </section>
  );
}
