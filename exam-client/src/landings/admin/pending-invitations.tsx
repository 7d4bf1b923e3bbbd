import { useRef, useState } from 'preact/hooks';
import type { InvitationsApi } from '../../api';
import { Alert, Status } from '../../components/form';
import { Subsection } from '../../components/subsection';
import type { Invitation } from '../../types';
import type { Loaded } from '../../use-load';
import { InvitationRow } from './invitation-row';

/**
 * The open invitations of a tenant (pending, or expired but still resendable), each with Resend and Cancel.
 * `list` is loaded by the parent, so an invitation form beside it can make it reload.
 */
export function PendingInvitations(props: {
  invitations: InvitationsApi;
  list: Loaded<{ invitations: Invitation[] }>;
  title?: string;
}) {
  const { list } = props;
  const [notice, setNotice] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  const onCancelled = (invitation: Invitation) => {
    setNotice(`Invitation to ${invitation.email} cancelled`);
    list.reload();
    // The row (and the button that had focus) goes away: keep the keyboard user at the outcome.
    requestAnimationFrame(() => noticeRef.current?.focus());
  };

  const rows = list.data?.invitations ?? [];
  return (
    <Subsection title={props.title ?? 'Pending invitations'}>
      {list.loading && !list.data && <p aria-busy="true">Loading invitations…</p>}
      <Alert message={list.error} />
      <div ref={noticeRef} tabIndex={-1} class="focus-target">
        <Status message={notice} />
      </div>
      {list.data && rows.length === 0 && <p class="empty">No pending invitations.</p>}
      {rows.length > 0 && (
        <ul class="rows" aria-label="Pending invitations">
          {rows.map((invitation) => (
            <InvitationRow
              key={invitation.id}
              invitation={invitation}
              invitations={props.invitations}
              onResent={() => {
                setNotice(null);
                list.reload();
              }}
              onCancelled={onCancelled}
            />
          ))}
        </ul>
      )}
    </Subsection>
  );
}
