import { useEffect, useState } from 'preact/hooks';
import { MIN_PASSWORD_LENGTH } from '../../../server/domain/identity/account.js';
import { register } from '../api';
import { setTitle } from '../branding';
import { Alert, Field } from '../components/form';
import { Link, navigate, pagePath } from '../router';
import { setSession } from '../session';
import type { TenantPublic } from '../types';
import { useFieldErrors } from '../use-field-errors';
import { useSubmit } from '../use-submit';

/** The fields of the form, by the JSON pointer of the value each sends. */
const LABELS = new Map([
  ['/displayName', 'Name'],
  ['/email', 'Email'],
  ['/password', 'Password'],
]);

/** The password rules, said before anyone breaks them (the server's: account.ts). */
export const PASSWORD_RULES = `At least ${MIN_PASSWORD_LENGTH} characters, and not your e-mail address. A long passphrase is easiest; you can add a passkey after signing in.`;

/** Create an account; `?invitation=TOKEN` redeems an invitation (and works when self-registration is off). */
export function RegisterPage(props: { tenant: TenantPublic; invitationToken: string | null }) {
  const { tenant, invitationToken } = props;
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const fieldErrors = useFieldErrors(LABELS);
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
        const result = await fieldErrors.guard(
          () =>
            register({
              tenant: tenant.slug,
              email: email.trim(),
              password,
              displayName: displayName.trim(),
              ...(invitationToken ? { invitationToken } : {}),
            }),
          'The account was not created',
        );
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
      <form onSubmit={onSubmit} noValidate>
        <Field
          label="Name"
          value={displayName}
          onInput={setDisplayName}
          autocomplete="name"
          required
          errors={fieldErrors.at('/displayName')}
        />
        <Field
          label="Email"
          type="email"
          value={email}
          onInput={setEmail}
          autocomplete="email"
          required
          errors={fieldErrors.at('/email')}
        />
        <Field
          label="Password"
          type="password"
          value={password}
          onInput={setPassword}
          autocomplete="new-password"
          required
          hint={PASSWORD_RULES}
          errors={fieldErrors.at('/password')}
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Creating account…' : 'Create account'}
        </button>
      </form>
      {signInLink}
    </section>
  );
}
