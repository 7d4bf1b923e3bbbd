import { listCertifications, listUsers, refreshSession } from '../../api';
import '../../exam-admin/exam-admin.css';
import { Alert } from '../../components/form';
import { Subsection } from '../../components/subsection';
import { useSession } from '../../session';
import type { User } from '../../types';
import { useLoad } from '../../use-load';
import { UserRow } from './user-row';

/**
 * The tenant's members, each with a role editor and a Disable/Enable button; candidates also with their
 * accommodations and eligibility exceptions.
 */
export function Users() {
  const users = useLoad(listUsers);
  // Candidates' accommodations and exceptions name a certification; without the list they are not offered.
  const certifications = useLoad(() => listCertifications().catch(() => null));
  const session = useSession();
  const selfId = session?.user.id;

  const onChanged = (user: User) => {
    users.reload();
    // An admin who changed their own roles gets a fresh token, so the landing sections follow at once.
    if (user.id === selfId) refreshSession().catch(() => undefined);
  };

  const list = users.data?.users ?? [];
  return (
    <Subsection title="Users">
      {users.loading && !users.data && <p aria-busy="true">Loading users…</p>}
      <Alert message={users.error} />
      {users.data && list.length === 0 && <p class="empty">No users yet.</p>}
      {list.length > 0 && (
        <ul class="rows" aria-label="Users">
          {list.map((user) => (
            <UserRow
              key={user.id}
              user={user}
              isSelf={user.id === selfId}
              onChanged={onChanged}
              certifications={certifications.data?.certifications}
            />
          ))}
        </ul>
      )}
    </Subsection>
  );
}
