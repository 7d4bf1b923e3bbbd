import { useRef, useState } from 'preact/hooks';
import { createTenant, listTenants } from '../api';
import { Alert, Field, Status } from '../components/form';
import { useFieldErrors } from '../use-field-errors';
import { useLoad } from '../use-load';
import { useSubmit } from '../use-submit';
import { TenantDetails } from './platform-admin/tenant-details';

/** The fields of "Create a tenant", by the JSON pointer of the value each sends. */
const TENANT_LABELS = new Map([
  ['/slug', 'Slug'],
  ['/name', 'Name'],
]);

/**
 * Platform administration: every tenant, each of which opens to edit its name, branding and settings and to
 * invite its admins, and a form to create a tenant (which then opens, ready for its first admin).
 */
export function PlatformAdminLanding() {
  const tenants = useLoad(listTenants);
  const [slug, setSlug] = useState('');
  const [name, setName] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);
  const openButtons = useRef(new Map<string, HTMLButtonElement>());
  const { busy, error, status, run } = useSubmit();
  const fieldErrors = useFieldErrors(TENANT_LABELS);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void run(async () => {
      const { tenant } = await fieldErrors.guard(
        () => createTenant({ slug: slug.trim(), name: name.trim() }),
        'The tenant was not created',
      );
      setSlug('');
      setName('');
      tenants.reload();
      setOpenId(tenant.id);
      return `Tenant ${tenant.name} created: invite its first admin below`;
    });
  };

  const close = () => {
    const button = openId ? openButtons.current.get(openId) : undefined;
    setOpenId(null);
    button?.focus();
  };

  const list = tenants.data?.tenants ?? [];
  return (
    <>
      <h3>Tenants</h3>
      {tenants.loading && !tenants.data && <p aria-busy="true">Loading tenants…</p>}
      <Alert message={tenants.error} />
      {tenants.data && list.length === 0 && <p class="empty">No tenants yet.</p>}
      {list.length > 0 && (
        <ul class="rows" aria-label="Tenants">
          {list.map((tenant) => (
            <li key={tenant.id} class="row">
              <span>
                <strong>{tenant.name}</strong> <code>{tenant.slug}</code>
              </span>
              <button
                ref={(button) => {
                  if (button) openButtons.current.set(tenant.id, button);
                }}
                type="button"
                class="secondary"
                aria-expanded={openId === tenant.id}
                aria-controls={openId === tenant.id ? `tenant-${tenant.id}` : undefined}
                aria-label={`${openId === tenant.id ? 'Close' : 'Open'} ${tenant.name}`}
                onClick={() => (openId === tenant.id ? close() : setOpenId(tenant.id))}
              >
                {openId === tenant.id ? 'Close' : 'Open'}
              </button>
            </li>
          ))}
        </ul>
      )}
      {openId && (
        <TenantDetails
          key={openId}
          id={openId}
          headingId={`tenant-heading-${openId}`}
          onSaved={tenants.reload}
          onClose={close}
        />
      )}
      <h3>Create a tenant</h3>
      <Alert message={error} />
      <Status message={status} />
      <form onSubmit={onSubmit} class="inline-form">
        <Field
          label="Slug"
          value={slug}
          onInput={setSlug}
          required
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
          hint="Lower-case letters, digits and hyphens; used in addresses: /t/<slug>/"
          errors={fieldErrors.at('/slug')}
        />
        <Field label="Name" value={name} onInput={setName} required errors={fieldErrors.at('/name')} />
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create tenant'}
        </button>
      </form>
    </>
  );
}
