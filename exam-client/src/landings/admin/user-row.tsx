import { useState } from 'preact/hooks';
import { updateUser } from '../../api';
import { Alert, Status } from '../../components/form';
import { AccommodationsPanel } from '../../exam-admin/accommodations';
import { ExceptionPanel } from '../../exam-admin/exception-form';
import type { Certification, Role, User, UserStatus } from '../../types';
import { useSubmit } from '../../use-submit';
import { RolePicker } from './role-picker';
import { roleLabel } from './roles';

/** A panel that opens under a candidate's row. */
type CandidatePanel = 'accommodations' | 'exception';

/**
 * One member: name, e-mail, roles and status, an inline role editor and a Disable/Enable button; a candidate
 * also gets their accommodations and "grant an exception" (given the programme's certifications).
 */
export function UserRow(props: {
  user: User;
  isSelf: boolean;
  onChanged: (user: User) => void;
  certifications?: readonly Certification[];
}) {
  const { user, isSelf } = props;
  const [editing, setEditing] = useState(false);
  const [panel, setPanel] = useState<CandidatePanel | null>(null);
  const panelId = `${panel ?? 'panel'}-of-${user.id}`;
  const isCandidate = user.roles.includes('candidate') && props.certifications !== undefined;
  const togglePanel = (which: CandidatePanel) => setPanel(panel === which ? null : which);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const { busy, busyWith, error, status, setError, setStatus, run } = useSubmit<'roles' | 'status'>();
  const editorId = `roles-of-${user.id}`;

  const save = (kind: 'roles' | 'status', patch: { roles?: Role[]; status?: UserStatus }, done: string) =>
    run(
      async () => {
        const { user: updated } = await updateUser(user.id, patch);
        setEditing(false);
        props.onChanged(updated);
        return done;
      },
      { kind },
    );

  const toggleEditor = () => {
    setRoles(user.roles);
    setError(null);
    setStatus(null);
    setEditing(!editing);
  };

  const onSaveRoles = (event: SubmitEvent) => {
    event.preventDefault();
    if (roles.length === 0) {
      setError('Choose at least one role.');
      return;
    }
    void save('roles', { roles }, `Roles of ${user.displayName} saved`);
  };

  const active = user.status === 'active';
  const onToggleStatus = () =>
    save(
      'status',
      { status: active ? 'disabled' : 'active' },
      `${user.displayName} ${active ? 'disabled' : 'enabled'}`,
    );

  return (
    <li class="user">
      <div class="user-summary">
        <div>
          <strong>{user.displayName}</strong>
          {isSelf && <span class="muted"> (you)</span>}
          <div class="muted">{user.email}</div>
        </div>
        <div class="tags">
          {user.roles.map((role) => (
            <span key={role} class="tag">
              {roleLabel(role)}
            </span>
          ))}
          <span class={active ? 'tag ok' : 'tag warn'}>{user.status}</span>
        </div>
        <div class="actions">
          <button
            type="button"
            class="secondary"
            onClick={toggleEditor}
            aria-expanded={editing}
            aria-controls={editing ? editorId : undefined}
            aria-label={`Edit roles of ${user.displayName}`}
          >
            Edit roles
          </button>
          {isCandidate && (
            <>
              <button
                type="button"
                class="secondary"
                onClick={() => togglePanel('accommodations')}
                aria-expanded={panel === 'accommodations'}
                aria-controls={panel === 'accommodations' ? panelId : undefined}
                aria-label={`Accommodations of ${user.displayName}`}
              >
                Accommodations
              </button>
              <button
                type="button"
                class="secondary"
                onClick={() => togglePanel('exception')}
                aria-expanded={panel === 'exception'}
                aria-controls={panel === 'exception' ? panelId : undefined}
                aria-label={`Grant ${user.displayName} an exception`}
              >
                Grant an exception
              </button>
            </>
          )}
          {/* The server refuses to let admins disable themselves; the button is not offered. */}
          {!isSelf && (
            <button
              type="button"
              class={active ? 'secondary' : undefined}
              onClick={onToggleStatus}
              disabled={busy}
              aria-label={`${active ? 'Disable' : 'Enable'} ${user.displayName}`}
            >
              {busyWith === 'status' ? 'Saving…' : active ? 'Disable' : 'Enable'}
            </button>
          )}
        </div>
      </div>
      <Alert message={error} />
      <Status message={status} />
      {isCandidate && panel === 'accommodations' && (
        <AccommodationsPanel id={panelId} user={user} certifications={props.certifications ?? []} />
      )}
      {isCandidate && panel === 'exception' && (
        <ExceptionPanel id={panelId} user={user} certifications={props.certifications ?? []} />
      )}
      {editing && (
        <form id={editorId} class="role-editor" onSubmit={onSaveRoles}>
          <RolePicker legend={`Roles of ${user.displayName}`} selected={roles} onChange={setRoles} />
          <div class="actions">
            <button type="submit" disabled={busy}>
              {busyWith === 'roles' ? 'Saving…' : 'Save roles'}
            </button>
            <button type="button" class="secondary" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
