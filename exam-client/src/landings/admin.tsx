import { Subsection } from '../components/subsection';
import { InviteSomeone } from './admin/invite-someone';
import { ProgrammeSettings } from './admin/programme-settings';
import { Users } from './admin/users';
import { CertificationsLanding } from './certifications';
import { ManageCredentialsLanding } from './credentials';
import { ItemBankLanding } from './item-bank';

/**
 * Programme administration: invitations, the tenant's users and their roles, programme settings, the item
 * bank, certifications and their blueprints, and credentials.
 */
export function AdminLanding(props: { slug: string }) {
  return (
    <>
      <InviteSomeone />
      <Users />
      <ProgrammeSettings />
      <Subsection title="Item bank">
        <ItemBankLanding slug={props.slug} />
      </Subsection>
      <Subsection title="Certifications">
        <CertificationsLanding slug={props.slug} />
      </Subsection>
      <Subsection title="Credentials">
        <ManageCredentialsLanding slug={props.slug} />
      </Subsection>
    </>
  );
}
