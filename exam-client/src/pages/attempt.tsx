import { useEffect, useState } from 'preact/hooks';
import { ApiError, getAttempt, openAttemptSession, startAttempt } from '../api';
import { setTitle } from '../branding';
import { Alert } from '../components/form';
import { describeError } from '../errors';
import '../exam/exam.css';
import { AttemptOutcome } from '../exam/outcome';
import { AttemptPlayer } from '../exam/player';
import { checkInWithPasskey } from '../exam/check-in';
import { checkInExpired, ExamRules } from '../exam/rules';
import '../items/items.css';
import { attemptPath, Link, navigate, pagePath } from '../router';
import type { AttemptView, OpenedAttempt, TenantPublic } from '../types';
import { useSubmit } from '../use-submit';

type Stage =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  | { kind: 'rules'; attempt: AttemptView; expired: boolean }
  | { kind: 'live'; opened: OpenedAttempt }
  | { kind: 'over'; attempt: AttemptView };

const LIVE = ['in_progress', 'paused'];

/**
 * One attempt at /t/<slug>/attempts/<id>: the rules between check-in and the start ("Begin exam"), the player
 * while it runs (opened with POST /session, so this window holds it), and the result once it is over.
 */
export function AttemptPage(props: { tenant: TenantPublic; id: string }) {
  const { tenant, id } = props;
  const [stage, setStage] = useState<Stage>({ kind: 'loading' });
  const begin = useSubmit();

  useEffect(() => {
    let live = true;
    (async () => {
      const { attempt } = await getAttempt(id);
      if (attempt.status === 'checked_in')
        return { kind: 'rules', attempt, expired: checkInExpired(attempt) } as const;
      if (LIVE.includes(attempt.status))
        return { kind: 'live', opened: await openAttemptSession(id) } as const;
      return { kind: 'over', attempt } as const;
    })().then(
      (next) => {
        if (!live) return;
        // The session may find the attempt over meanwhile (its time ran out).
        if (next.kind === 'live' && !LIVE.includes(next.opened.attempt.status))
          setStage({ kind: 'over', attempt: next.opened.attempt });
        else setStage(next);
      },
      (failure: unknown) => {
        if (!live) return;
        setStage({
          kind: 'failed',
          message:
            failure instanceof ApiError && failure.status === 404
              ? 'There is no such attempt among yours.'
              : describeError(failure),
        });
      },
    );
    return () => {
      live = false;
    };
  }, [id]);

  const title =
    stage.kind === 'rules'
      ? 'Before you begin'
      : stage.kind === 'live'
        ? `Exam: ${stage.opened.attempt.certificationTitle}`
        : stage.kind === 'over'
          ? 'Exam result'
          : 'Exam';
  useEffect(() => setTitle(title, tenant.name), [title, tenant.name]);

  switch (stage.kind) {
    case 'loading':
      return <p aria-busy="true">Opening the exam…</p>;
    case 'failed':
      return (
        <section class="card narrow">
          <h1>The exam cannot be opened</h1>
          <Alert message={stage.message} />
          <p>
            <Link href={pagePath(tenant.slug, 'exams')}>Back to the exams</Link>
          </p>
        </section>
      );
    case 'rules':
      return (
        <ExamRules
          attempt={stage.attempt}
          slug={tenant.slug}
          busy={begin.busy}
          error={begin.error}
          expired={stage.expired}
          onBegin={() =>
            begin.run(async () => {
              try {
                const opened = await startAttempt(id);
                setStage({ kind: 'live', opened });
              } catch (failure) {
                // Left too long on this page: the server says the check-in expired.
                if (failure instanceof ApiError && failure.code === 'challenge_invalid')
                  setStage({ ...stage, expired: true });
                else throw failure;
              }
              return undefined;
            })
          }
          onCheckInAgain={() =>
            begin.run(
              async () => {
                const attempt = await checkInWithPasskey(stage.attempt.certificationId);
                navigate(attemptPath(tenant.slug, attempt.id), { replace: true });
                return undefined;
              },
              { keepBusy: true },
            )
          }
        />
      );
    case 'live':
      return <AttemptPlayer opened={stage.opened} slug={tenant.slug} />;
    case 'over':
      return <AttemptOutcome attempt={stage.attempt} slug={tenant.slug} />;
  }
}
