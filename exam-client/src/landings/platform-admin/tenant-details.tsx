import { useEffect, useRef } from 'preact/hooks';
import { getTenant, tenantInvitations, updateTenant } from '../../api';
import { Alert } from '../../components/form';
import { useLoad } from '../../use-load';
import { Invitations } from '../admin/invitations';
import { SettingsForm } from '../admin/programme-settings';

/**
 * One tenant opened by a platform admin: its name, branding and settings to edit, its pending invitations,
 * and a form to invite a person into it (an admin by default: how a new tenant gets its first admin).
 */
export function TenantDetails(props: {
  id: string;
  headingId: string;
  onSaved: () => void;
  onClose: () => void;
}) {
  const tenant = useLoad(() => getTenant(props.id));
  const heading = useRef<HTMLHeadingElement>(null);
  const name = tenant.data?.tenant.name;

  // Opening a tenant takes the keyboard to it.
  useEffect(() => {
    if (name !== undefined) heading.current?.focus();
  }, [name !== undefined]);

  return (
    <section id={`tenant-${props.id}`} class="tenant-details" aria-labelledby={props.headingId}>
      <div class="tenant-details-header">
        <h3 id={props.headingId} ref={heading} tabIndex={-1}>
          {name ?? 'Tenant'}
        </h3>
        <button type="button" class="secondary" onClick={props.onClose}>
          Close
        </button>
      </div>
      {tenant.loading && !tenant.data && <p aria-busy="true">Loading the tenant…</p>}
      <Alert message={tenant.error} />
      {tenant.data && (
        <>
          <p class="muted">
            Address: <code>/t/{tenant.data.tenant.slug}/</code>
          </p>
          <SettingsForm
            tenant={tenant.data.tenant}
            nameLabel="Tenant name"
            save={async (patch) => {
              const { tenant: saved } = await updateTenant(props.id, patch);
              tenant.reload();
              props.onSaved();
              return saved;
            }}
          />
          <Invitations
            invitations={tenantInvitations(props.id)}
            inviteTitle="Invite an admin"
            initialRoles={['admin']}
          />
        </>
      )}
    </section>
  );
}
