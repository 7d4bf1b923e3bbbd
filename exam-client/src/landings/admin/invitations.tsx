import type { InvitationsApi } from '../../api';
import type { Role } from '../../types';
import { useLoad } from '../../use-load';
import { InviteSomeone } from './invite-someone';
import { PendingInvitations } from './pending-invitations';

/** Inviting people into a tenant and its pending invitations; a new invitation shows in the list at once. */
export function Invitations(props: {
  invitations: InvitationsApi;
  inviteTitle?: string;
  initialRoles?: readonly Role[];
}) {
  const list = useLoad(props.invitations.list);
  return (
    <>
      <InviteSomeone
        invitations={props.invitations}
        title={props.inviteTitle}
        initialRoles={props.initialRoles}
        onInvited={list.reload}
      />
      <PendingInvitations invitations={props.invitations} list={list} />
    </>
  );
}
