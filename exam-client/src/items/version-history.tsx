import { listUsers } from '../api';
import type { Session } from '../session';
import type { ItemView } from '../types';
import { useLoad } from '../use-load';
import { formatDateTime, StatusTag } from './labels';

/** Names of the tenant's members for admins (who may list them); others see "you" or a short id. */
function useReviewerNames(session: Session): ReadonlyMap<string, string> {
  const isAdmin = session.user.roles.includes('admin');
  const users = useLoad(() => (isAdmin ? listUsers() : Promise.resolve({ users: [] })));
  return new Map((users.data?.users ?? []).map((user) => [user.id, user.displayName]));
}

function personName(id: string | null, session: Session, names: ReadonlyMap<string, string>): string {
  if (id === null) return '';
  if (id === session.user.id) return 'You';
  return names.get(id) ?? `Member ${id.slice(0, 8)}`;
}

/** Every version of an item, newest first: status, who reviewed it, when, and what they said. */
export function VersionHistory(props: { versions: readonly ItemView[]; session: Session }) {
  const names = useReviewerNames(props.session);
  const newestFirst = [...props.versions].sort((a, b) => b.version - a.version);
  return (
    <section class="card" aria-labelledby="item-history-title">
      <h2 id="item-history-title">Version history</h2>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard. */}
      <section class="table-scroll" aria-labelledby="item-history-title" tabIndex={0}>
        <table class="data-table">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Author</th>
              <th scope="col">Reviewer</th>
              <th scope="col">Reviewed at</th>
              <th scope="col">Comment</th>
            </tr>
          </thead>
          <tbody>
            {newestFirst.map((version) => (
              <tr key={version.version}>
                <th scope="row">{version.version}</th>
                <td>
                  <StatusTag status={version.status} />
                </td>
                <td>{personName(version.authorId, props.session, names)}</td>
                <td>{personName(version.reviewerId, props.session, names)}</td>
                <td>{formatDateTime(version.reviewedAt)}</td>
                <td class="comment">{version.reviewComment ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}
