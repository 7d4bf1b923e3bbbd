import { ownInvitations } from '../api';
import { Subsection } from '../components/subsection';
import { Invitations } from './admin/invitations';
import { ProgrammeSettings } from './admin/programme-settings';
import { Users } from './admin/users';
import { CertificationsLanding } from './certifications';
import { ManageCredentialsLanding } from './credentials';
import { ItemBankLanding } from './item-bank';

/**
 * Programme administration: invitations (sent, pending, resent, cancelled), the tenant's users and their roles, programme settings, the item
 * bank, certifications and their blueprints, and credentials.
 */
export function AdminLanding(props: { slug: string }) {
  return (
    <>
      <Invitations invitations={ownInvitations} />
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
