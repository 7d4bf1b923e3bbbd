import { browserSupportsWebAuthn, startAuthentication } from '@simplewebauthn/browser';
import { useEffect, useState } from 'preact/hooks';
import { login, passkeySignInOptions, passkeySignInVerify } from '../api';
import { setTitle } from '../branding';
import { Alert, Field } from '../components/form';
import { Link, navigate, pagePath } from '../router';
import { setSession } from '../session';
import type { AuthResult, TenantPublic } from '../types';
import { useSubmit } from '../use-submit';

/** Sign in with e-mail and password, or with a discoverable passkey (no e-mail needed). */
export function SignInPage(props: { tenant: TenantPublic }) {
  const { tenant } = props;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, busyWith, error, run } = useSubmit<'password' | 'passkey'>();

  useEffect(() => setTitle('Sign in', tenant.name), [tenant.name]);

  const signInWith = (kind: 'password' | 'passkey', signIn: () => Promise<AuthResult>) =>
    run(
      async () => {
        setSession(await signIn());
        navigate(pagePath(tenant.slug, 'home'), { replace: true });
      },
      { kind, keepBusy: true },
    );

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    void signInWith('password', () => login({ tenant: tenant.slug, email: email.trim(), password }));
  };

  const onPasskey = () =>
    signInWith('passkey', async () => {
      const { challengeId, options } = await passkeySignInOptions({ tenant: tenant.slug });
      const response = await startAuthentication({ optionsJSON: options });
      return passkeySignInVerify({ tenant: tenant.slug, challengeId, response });
    });

  return (
    <section class="card" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">Sign in to {tenant.name}</h1>
      <Alert message={error} />
      <form onSubmit={onSubmit}>
        <Field label="Email" type="email" value={email} onInput={setEmail} autocomplete="username" required />
        <Field
          label="Password"
          type="password"
          value={password}
          onInput={setPassword}
          autocomplete="current-password"
          required
        />
        <button type="submit" disabled={busy}>
          {busyWith === 'password' ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {browserSupportsWebAuthn() && (
        <>
          <p class="divider">
            <span>or</span>
          </p>
          <button type="button" class="secondary" onClick={onPasskey} disabled={busy}>
            {busyWith === 'passkey' ? 'Waiting for your passkey…' : 'Sign in with a passkey'}
          </button>
        </>
      )}
      {tenant.selfRegistration && (
        <p class="aside">
          New here? <Link href={pagePath(tenant.slug, 'register')}>Create an account</Link>
        </p>
      )}
    </section>
  );
}
