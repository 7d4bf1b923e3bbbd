import { listUsers } from '../api';
import { Alert } from '../components/form';
import { useLoad } from '../use-load';

/** Programme administration: the tenant's users and their roles. */
export function AdminLanding() {
  const users = useLoad(listUsers);

  if (users.loading && !users.data) return <p aria-busy="true">Loading users…</p>;
  if (users.error) return <Alert message={users.error} />;
  const list = users.data?.users ?? [];

  return (
    <>
      <h3>Users</h3>
      {list.length === 0 ? (
        <p class="empty">No users yet.</p>
      ) : (
        <ul class="rows" aria-label="Users">
          {list.map((user) => (
            <li key={user.id} class="row">
              <div>
                <strong>{user.displayName}</strong>
                <div class="muted">{user.email}</div>
              </div>
              <div class="tags">
                {user.roles.map((role) => (
                  <span key={role} class="tag">
                    {role.replaceAll('_', ' ')}
                  </span>
                ))}
                {user.status !== 'active' && <span class="tag warn">{user.status}</span>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
