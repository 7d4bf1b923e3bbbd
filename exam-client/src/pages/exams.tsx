import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, getCatalogue } from '../api';
import { setTitle } from '../branding';
import { Alert, Field } from '../components/form';
import { describeError } from '../errors';
import { checkInWithPasskey } from '../exam/check-in';
import '../exam/exam.css';
import { MODE_LABELS, minutesInWords, questionCount } from '../exam/format';
import '../items/items.css';
import { attemptPath, Link, navigate, pagePath } from '../router';
import type { CatalogueEntry, TenantPublic } from '../types';
import { useLoad } from '../use-load';

/** The catalogue at /t/<slug>/exams: every certification open to the candidate, and checking in to one. */
export function ExamsPage(props: { tenant: TenantPublic }) {
  useEffect(() => setTitle('Exams', props.tenant.name), [props.tenant.name]);
  const catalogue = useLoad(getCatalogue);
  const entries = catalogue.data?.certifications ?? [];
  return (
    <>
      <h1>Exams</h1>
      <p class="muted">
        Certifications you can sit, how their exams work, and whether you may start one now.
      </p>
      {catalogue.loading && !catalogue.data && <p aria-busy="true">Loading the exams…</p>}
      <Alert message={catalogue.error} />
      {catalogue.data && entries.length === 0 && (
        <section class="card">
          <p class="empty">No exams are open yet. Your programme will publish them here.</p>
        </section>
      )}
      {entries.length > 0 && (
        <ul class="exam-cards" aria-label="Certifications">
          {entries.map((entry) => (
            <li key={entry.id}>
              <ExamCard entry={entry} slug={props.tenant.slug} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** One certification: the exam's format, and the way in (check in, resume) or what stands in the way. */
function ExamCard(props: { entry: CatalogueEntry; slug: string }) {
  const { entry, slug } = props;
  const titleId = `exam-${entry.id}`;
  const { eligibility, exam } = entry;
  return (
    <article class="card exam-card" aria-labelledby={titleId}>
      <h2 id={titleId}>
        {entry.title} <span class="muted code">{entry.code}</span>
      </h2>
      {entry.description && <p>{entry.description}</p>}
      <dl class="facts">
        <div>
          <dt>Format</dt>
          <dd>{MODE_LABELS[exam.mode]}</dd>
        </div>
        <div>
          <dt>Time limit</dt>
          <dd>{minutesInWords(exam.timeLimitMin)}</dd>
        </div>
        <div>
          <dt>Questions</dt>
          <dd>{capitalise(questionCount(exam.questions))}</dd>
        </div>
      </dl>
      {exam.mode === 'adaptive' && (
        <p class="hint">Questions adapt to your answers, and each answer is final once submitted.</p>
      )}
      {entry.prerequisites.length > 0 && <p class="hint">Requires: {entry.prerequisites.join(', ')}.</p>}
      {eligibility.liveAttemptId ? (
        <div class="exam-entry">
          <p>
            <strong>You have an attempt under way.</strong>
          </p>
          <Link href={attemptPath(slug, eligibility.liveAttemptId)} class="button">
            Resume
          </Link>
        </div>
      ) : eligibility.eligible ? (
        <CheckIn entry={entry} slug={slug} titleId={titleId} />
      ) : (
        <div class="exam-entry">
          <p>
            <strong>You cannot start this exam now:</strong>
          </p>
          <ul class="reasons">
            {eligibility.reasons.map((reason) => (
              <li key={reason.rule}>{reason.message}</li>
            ))}
          </ul>
        </div>
      )}
    </article>
  );
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * "Check in with your passkey": the passkey (with user verification) proves who sits the exam; the attempt is
 * created checked in and its rules page opens. Without a passkey the candidate is sent to add one.
 */
function CheckIn(props: { entry: CatalogueEntry; slug: string; titleId: string }) {
  const { entry, slug } = props;
  const [voucher, setVoucher] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [needsPasskey, setNeedsPasskey] = useState<string | null>(null);
  const needsVoucher = entry.eligibility.voucherRequired;

  const onSubmit = async (event: SubmitEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setNeedsPasskey(null);
    try {
      const attempt = await checkInWithPasskey(entry.id, needsVoucher ? voucher.trim() : undefined);
      navigate(attemptPath(slug, attempt.id));
    } catch (failure) {
      if (failure instanceof ApiError && failure.code === 'passkey_required')
        setNeedsPasskey(failure.message);
      else setError(describeError(failure));
      setBusy(false);
    }
  };

  if (!browserSupportsWebAuthn()) {
    return <p class="alert">Checking in needs a passkey, and this browser cannot use passkeys.</p>;
  }
  return (
    <form class="exam-entry" onSubmit={onSubmit}>
      <p>
        <strong>You may start now.</strong> You check in with your passkey; the clock starts only when you
        begin.
      </p>
      {needsPasskey && (
        <div role="alert" class="alert">
          <p>{needsPasskey}.</p>
          <Link href={pagePath(slug, 'passkeys', { next: 'exams' })}>Add a passkey</Link>
        </div>
      )}
      <Alert message={error} />
      {needsVoucher && (
        <Field
          label="Voucher code"
          value={voucher}
          onInput={setVoucher}
          required
          maxLength={64}
          autocomplete="off"
          hint="This exam needs a voucher: type the code you were given."
        />
      )}
      <button type="submit" disabled={busy} aria-describedby={props.titleId}>
        {busy ? 'Waiting for your passkey…' : 'Check in with your passkey'}
      </button>
    </form>
  );
}
