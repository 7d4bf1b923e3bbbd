import { getCatalogue } from '../api';
import '../items/items.css';
import { attemptPath, Link, pagePath } from '../router';
import { useLoad } from '../use-load';

/** The candidate's exams in a line: how many they may start, an attempt to resume, and the way to them. */
export function ExamsLanding(props: { slug: string }) {
  const catalogue = useLoad(getCatalogue);
  const entries = catalogue.data?.certifications;
  const open = entries?.filter((entry) => entry.eligibility.eligible).length ?? 0;
  const live = entries?.find((entry) => entry.eligibility.liveAttemptId !== null);
  return (
    <>
      <p>
        {entries === undefined && 'Check in for an exam with your passkey, and see your results.'}
        {entries?.length === 0 && 'No exams are open yet.'}
        {entries !== undefined &&
          entries.length > 0 &&
          `${open} of ${entries.length} exam${entries.length === 1 ? '' : 's'} open to you now.`}
      </p>
      <div class="item-bank-links">
        {live?.eligibility.liveAttemptId && (
          <Link href={attemptPath(props.slug, live.eligibility.liveAttemptId)} class="button">
            Resume {live.title}
          </Link>
        )}
        <Link href={pagePath(props.slug, 'exams')} class={live ? undefined : 'button'}>
          Exams
        </Link>
        <Link href={pagePath(props.slug, 'attempts')}>My attempts</Link>
      </div>
    </>
  );
}
