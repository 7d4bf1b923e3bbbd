import { useEffect, useState } from 'preact/hooks';
import { register } from '../api';
import { setTitle } from '../branding';
import { Alert, Field } from '../components/form';
import { Link, navigate, pagePath } from '../router';
import { setSession } from '../session';
import type { TenantPublic } from '../types';
import { useSubmit } from '../use-submit';

/** Create an account; `?invitation=TOKEN` redeems an invitation (and works when self-registration is off). */
export function RegisterPage(props: { tenant: TenantPublic; invitationToken: string | null }) {
  const { tenant, invitationToken } = props;
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();

  useEffect(() => setTitle('Create an account', tenant.name), [tenant.name]);

  const signInLink = (
    <p class="aside">
      Already have an account? <Link href={pagePath(tenant.slug, 'sign-in')}>Sign in</Link>
    </p>
  );

  if (!tenant.selfRegistration && !invitationToken) {
    return (
      <section class="card" aria-labelledby="register-title">
        <h1 id="register-title">Create an account</h1>
        <p>{tenant.name} registers people by invitation. Open the link in your invitation e-mail.</p>
        {signInLink}
      </section>
    );
  }

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void run(
      async () => {
        const result = await register({
          tenant: tenant.slug,
          email: email.trim(),
          password,
          displayName: displayName.trim(),
          ...(invitationToken ? { invitationToken } : {}),
        });
        if ('accessToken' in result) {
          setSession(result);
          navigate(pagePath(tenant.slug, 'home'), { replace: true });
        } else {
          setSentTo(result.email);
        }
        return undefined;
      },
      { keepBusy: true },
    );
  };

  if (sentTo !== null) {
    return (
      <section class="card" aria-labelledby="register-title">
        <h1 id="register-title">Check your e-mail</h1>
        <p role="status">
          We sent a message to <strong>{sentTo}</strong> with what to do next: follow its link to confirm your
          address, then sign in. The link works for 48 hours.
        </p>
        <p class="aside">
          Nothing arrived? Look in your spam folder, or sign in and ask for a new link.{' '}
          <Link href={pagePath(tenant.slug, 'sign-in')}>Sign in</Link>
        </p>
      </section>
    );
  }

  return (
    <section class="card" aria-labelledby="register-title">
      <h1 id="register-title">Create an account</h1>
      {invitationToken && <p>You have been invited to {tenant.name}.</p>}
      <Alert message={error} />
      <form onSubmit={onSubmit}>
        <Field label="Name" value={displayName} onInput={setDisplayName} autocomplete="name" required />
        <Field label="Email" type="email" value={email} onInput={setEmail} autocomplete="email" required />
        <Field
          label="Password"
          type="password"
          value={password}
          onInput={setPassword}
          autocomplete="new-password"
          required
          hint="Use a long passphrase; you can add a passkey after signing in."
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      {signInLink}
    </section>
  );
}
