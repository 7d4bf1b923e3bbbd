import { useEffect, useState } from 'preact/hooks';
import { getMe, verifyEmail } from '../api';
import { setTitle } from '../branding';
import { describeError } from '../errors';
import { Link, pagePath } from '../router';
import { getSession, setSession } from '../session';
import type { EmailVerified, TenantPublic } from '../types';

type Outcome =
  | { status: 'checking' }
  | { status: 'confirmed'; result: EmailVerified }
  | { status: 'already' }
  | { status: 'failed'; message: string };

/** How many credentials joined the account, in words. */
function credentialsSentence(count: number): string | null {
  if (count === 0) return null;
  return count === 1
    ? 'A credential issued to this address is now in your account.'
    : `${count} credentials issued to this address are now in your account.`;
}

/** The page a confirmation link opens (`?token=…`): confirms the address once and says so in plain words. */
export function VerifyEmailPage(props: { tenant: TenantPublic; token: string | null }) {
  const { tenant, token } = props;
  const [outcome, setOutcome] = useState<Outcome>({ status: 'checking' });

  useEffect(() => setTitle('Confirm your e-mail address', tenant.name), [tenant.name]);

  useEffect(() => {
    if (!token) {
      setOutcome({
        status: 'failed',
        message: 'This link is incomplete. Open the link from the e-mail again.',
      });
      return;
    }
    let live = true;
    verifyEmail(token).then(
      async (result) => {
        // A signed-in person's banner ("confirm your address") goes away at once.
        const session = getSession();
        if (session) {
          const { user } = await getMe();
          setSession({ accessToken: session.accessToken, user });
        }
        if (live) setOutcome({ status: 'confirmed', result });
      },
      async (failure: unknown) => {
        // A used link opened again (a reload, a second click) by someone whose address is confirmed: say so.
        const confirmedAt = getSession() ? (await getMe().catch(() => null))?.user.emailVerifiedAt : null;
        if (!live) return;
        setOutcome(
          confirmedAt ? { status: 'already' } : { status: 'failed', message: describeError(failure) },
        );
      },
    );
    return () => {
      live = false;
    };
  }, [token]);

  const next = getSession() ? (
    <Link href={pagePath(tenant.slug, 'home')}>Go to your home page</Link>
  ) : (
    <Link href={pagePath(tenant.slug, 'sign-in')}>Sign in</Link>
  );

  return (
    <section class="card" aria-labelledby="verify-title" aria-busy={outcome.status === 'checking'}>
      <h1 id="verify-title">
        {outcome.status === 'confirmed' || outcome.status === 'already'
          ? 'Your e-mail address is confirmed'
          : outcome.status === 'failed'
            ? 'We could not confirm your address'
            : 'Confirming your e-mail address…'}
      </h1>
      {outcome.status === 'confirmed' && (
        <p role="status">
          Thank you: <strong>{outcome.result.email}</strong> is confirmed for {tenant.name}.{' '}
          {credentialsSentence(outcome.result.credentialsLinked)}
        </p>
      )}
      {outcome.status === 'already' && (
        <p role="status">Your address was already confirmed. Nothing more to do.</p>
      )}
      {outcome.status === 'failed' && (
        <p role="alert" class="alert">
          {outcome.message}
        </p>
      )}
      {outcome.status !== 'checking' && <p>{next}</p>}
    </section>
  );
}
