import { InviteSomeone } from './admin/invite-someone';
import { ProgrammeSettings } from './admin/programme-settings';
import { Users } from './admin/users';

/** Programme administration: invitations, the tenant's users and their roles, and programme settings. */
export function AdminLanding() {
  return (
    <>
      <InviteSomeone />
      <Users />
      <ProgrammeSettings />
    </>
  );
}
