import { useState } from 'preact/hooks';
import { getOwnTenant, updateOwnTenant } from '../../api';
import { Alert, Checkbox, Field, SelectField, Status } from '../../components/form';
import { Subsection } from '../../components/subsection';
import { publishTenant, toPublicTenant } from '../../tenant-updates';
import type { Tenant, VerificationPrivacy } from '../../types';
import { useLoad } from '../../use-load';
import { useFieldErrors } from '../../use-field-errors';
import { useSubmit } from '../../use-submit';
import { ColourField } from './colour-field';

/** The fields of the settings form, by the JSON pointer of the value each sends. */
const SETTINGS_LABELS = new Map([
  ['/name', 'Programme name'],
  ['/branding/logoUrl', 'Logo URL'],
]);

const privacyOptions: readonly { value: VerificationPrivacy; label: string }[] = [
  { value: 'full', label: 'Full name' },
  { value: 'initials', label: 'Initials' },
  { value: 'hidden', label: 'Hidden' },
];

/** The programme's name, branding, registration and verification settings. */
export function ProgrammeSettings() {
  const tenant = useLoad(getOwnTenant);
  return (
    <Subsection title="Programme settings">
      {tenant.loading && !tenant.data && <p aria-busy="true">Loading settings…</p>}
      <Alert message={tenant.error} />
      {tenant.data && (
        <SettingsForm
          tenant={tenant.data.tenant}
          save={async (patch) => {
            const { tenant: saved } = await updateOwnTenant(patch);
            // The app applies the new branding (the --brand CSS variable) and header at once.
            publishTenant(toPublicTenant(saved));
            return saved;
          }}
        />
      )}
    </Subsection>
  );
}

/** A change of a tenant's name, branding and settings, as the settings form sends it. */
export interface TenantSettingsPatch {
  name: string;
  branding: { primaryColor: string; logoUrl: string | null };
  settings: { selfRegistration: boolean; verificationPrivacy: VerificationPrivacy };
}

/** A tenant's name, branding and settings as a form; `save` sends the change (own tenant or any, for platform admins). */
export function SettingsForm(props: {
  tenant: Tenant;
  save: (patch: TenantSettingsPatch) => Promise<Tenant>;
  nameLabel?: string;
}) {
  const { tenant } = props;
  const [name, setName] = useState(tenant.name);
  const [colour, setColour] = useState(tenant.branding.primaryColor);
  const [logoUrl, setLogoUrl] = useState(tenant.branding.logoUrl ?? '');
  const [selfRegistration, setSelfRegistration] = useState(tenant.settings.selfRegistration);
  const [privacy, setPrivacy] = useState(tenant.settings.verificationPrivacy);
  const { busy, error, status, run } = useSubmit();
  const fieldErrors = useFieldErrors(SETTINGS_LABELS);

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void run(async () => {
      await fieldErrors.guard(
        () =>
          props.save({
            name: name.trim(),
            branding: { primaryColor: colour.toLowerCase(), logoUrl: logoUrl.trim() || null },
            settings: { selfRegistration, verificationPrivacy: privacy },
          }),
        'The settings were not saved',
      );
      return 'Settings saved';
    });
  };

  return (
    <>
      <Alert message={error} />
      <form onSubmit={onSubmit}>
        <Field
          label={props.nameLabel ?? 'Programme name'}
          value={name}
          onInput={setName}
          required
          maxLength={80}
          errors={fieldErrors.at('/name')}
        />
        <ColourField label="Primary colour" value={colour} onInput={setColour} />
        <Field
          label="Logo URL"
          type="url"
          value={logoUrl}
          onInput={setLogoUrl}
          pattern="https?://.+"
          maxLength={2048}
          placeholder="https://"
          hint="An https:// address of an image; leave empty for no logo."
          errors={fieldErrors.at('/branding/logoUrl')}
        />
        <Checkbox
          label="Allow self-registration"
          checked={selfRegistration}
          onChange={setSelfRegistration}
          hint="When off, people join only through an invitation."
        />
        <SelectField
          label="Verification page shows holder names"
          value={privacy}
          options={privacyOptions}
          onChange={setPrivacy}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save settings'}
        </button>
      </form>
      <Status message={status} />
    </>
  );
}
