import { useEffect, useState } from 'preact/hooks';
import { ApiError, getMe, getTenantPublic, refreshSession } from './api';
import { applyBranding, setTitle } from './branding';
import { AppLayout, Main, PublicLayout, SkipLink } from './components/layout';
import { describeError } from './errors';
import { AttemptPage } from './pages/attempt';
import { CertificationPage } from './pages/certification';
import { CertificationsPage } from './pages/certifications';
import { HomePage } from './pages/home';
import { ExamsPage } from './pages/exams';
import { ItemBankPage } from './pages/item-bank';
import { ItemEditorPage } from './pages/item-editor';
import { ManageCredentialsPage } from './pages/manage-credentials';
import { MyAttemptsPage } from './pages/my-attempts';
import { MyCredentialsPage } from './pages/my-credentials';
import { OutboxPage } from './pages/outbox';
import { PasskeysPage } from './pages/passkeys';
import { RegisterPage } from './pages/register';
import { SignInPage } from './pages/sign-in';
import { VerifyEmailPage } from './pages/verify-email';
import { Link, MANAGE_CREDENTIALS, navigate, type Page, pagePath, type Route, useRoute } from './router';
import { clearSession, type Session, useSession } from './session';
import { onTenantPublished } from './tenant-updates';
import type { TenantPublic } from './types';

type TenantState =
  | { status: 'loading' }
  | { status: 'ready'; tenant: TenantPublic }
  | { status: 'missing' }
  | { status: 'failed'; message: string };

/** Load a tenant's public profile and apply its branding; follow changes its admin saves later. */
function useTenant(slug: string | null): TenantState {
  const [state, setState] = useState<TenantState>({ status: 'loading' });
  useEffect(() => {
    if (slug === null) return;
    let live = true;
    setState({ status: 'loading' });
    getTenantPublic(slug).then(
      (tenant) => {
        if (!live) return;
        applyBranding(tenant);
        setState({ status: 'ready', tenant });
      },
      (failure: unknown) => {
        if (!live) return;
        applyBranding(null);
        setState(
          failure instanceof ApiError && failure.status === 404
            ? { status: 'missing' }
            : { status: 'failed', message: describeError(failure) },
        );
      },
    );
    return () => {
      live = false;
    };
  }, [slug]);
  useEffect(
    () =>
      onTenantPublished((tenant) => {
        if (tenant.slug !== slug) return;
        applyBranding(tenant);
        setState({ status: 'ready', tenant });
      }),
    [slug],
  );
  return state;
}

/**
 * Restore the session from the refresh cookie once, at load. A session that belongs to another
 * tenant than the one in the URL is dropped locally, so this tenant's sign-in page shows.
 */
function useRestoredSession(slug: string | null): boolean {
  const [restored, setRestored] = useState(false);
  useEffect(() => {
    (async () => {
      try {
        const session = await refreshSession();
        if (session && slug !== null) {
          const { tenant } = await getMe();
          if (tenant.slug !== slug) clearSession();
        }
      } catch {
        clearSession();
      } finally {
        setRestored(true);
      }
    })();
  }, []);
  return restored;
}

/** Replace the current URL (used for guards: the back button never returns to the redirecting page). */
function Redirect(props: { to: string }) {
  useEffect(() => navigate(props.to, { replace: true }), [props.to]);
  return null;
}

/** A page that only says something (no organisation to frame it in). */
function Message(props: { title: string; children?: string }) {
  useEffect(() => setTitle(props.title), [props.title]);
  return (
    <>
      <SkipLink />
      <Main class="narrow">
        <section class="card">
          <h1>{props.title}</h1>
          {props.children && <p>{props.children}</p>}
        </section>
      </Main>
    </>
  );
}

/**
 * "Not available", "Page not found" inside an organisation: in the organisation's frame (its navigation for
 * a signed-in user), with a link back home, or to sign-in for a visitor.
 */
function TenantMessage(props: {
  tenant: TenantPublic;
  session: Session | null;
  title: string;
  children: string;
}) {
  const { tenant, session } = props;
  useEffect(() => setTitle(props.title, tenant.name), [props.title, tenant.name]);
  const body = (
    <section class="card narrow">
      <h1>{props.title}</h1>
      <p>{props.children}</p>
      <p>
        {session ? (
          <Link href={pagePath(tenant.slug, 'home')}>Go to your home page</Link>
        ) : (
          <Link href={pagePath(tenant.slug, 'sign-in')}>Go to sign-in</Link>
        )}
      </p>
    </section>
  );
  if (!session) return <PublicLayout tenant={tenant}>{body}</PublicLayout>;
  return (
    <AppLayout tenant={tenant} session={session} current={null}>
      {body}
    </AppLayout>
  );
}

function Loading() {
  return (
    <Main class="narrow" busy>
      <p class="loading">Loading…</p>
    </Main>
  );
}

/** Root component: resolves the tenant from /t/:slug/, restores the session, and routes on the rest of the path. */
export function App() {
  const route = useRoute();
  const session = useSession();
  const tenant = useTenant(route.slug);
  const restored = useRestoredSession(route.slug);

  if (route.slug === null) {
    return (
      <Message title="Organisation not specified">
        Open the link your organisation gave you; it looks like /t/your-organisation/.
      </Message>
    );
  }
  if (tenant.status === 'missing') {
    return <Message title="Unknown organisation">No organisation uses this address. Check the link.</Message>;
  }
  if (tenant.status === 'failed') return <Message title="Cannot load this page">{tenant.message}</Message>;
  if (tenant.status === 'loading' || !restored) return <Loading />;

  return renderPage(route, tenant.tenant, session);
}

function renderPage(route: Route, tenant: TenantPublic, session: Session | null) {
  const home = pagePath(tenant.slug, 'home');
  const signIn = pagePath(tenant.slug, 'sign-in');

  switch (route.page) {
    case '':
      return <Redirect to={session ? home : signIn} />;
    case 'sign-in':
      if (session) return <Redirect to={home} />;
      return (
        <PublicLayout tenant={tenant}>
          <SignInPage tenant={tenant} />
        </PublicLayout>
      );
    case 'register':
      if (session) return <Redirect to={home} />;
      return (
        <PublicLayout tenant={tenant}>
          <RegisterPage tenant={tenant} invitationToken={route.query.get('invitation')} />
        </PublicLayout>
      );
    case 'verify-email':
      // Opened from an e-mail, signed in or not: the token alone confirms the address.
      return (
        <PublicLayout tenant={tenant}>
          <VerifyEmailPage tenant={tenant} token={route.query.get('token')} />
        </PublicLayout>
      );
    case 'home':
    case 'passkeys':
      if (!session) return <Redirect to={signIn} />;
      return (
        <AppLayout tenant={tenant} session={session} current={route.page satisfies Page}>
          {route.page === 'home' ? (
            <HomePage tenant={tenant} session={session} />
          ) : (
            <PasskeysPage tenant={tenant} next={route.query.get('next')} />
          )}
        </AppLayout>
      );
    case 'items':
      if (!session) return <Redirect to={signIn} />;
      if (!session.user.roles.some((role) => role === 'author' || role === 'admin')) {
        return (
          <TenantMessage tenant={tenant} session={session} title="Not available">
            The item bank is for authors and administrators.
          </TenantMessage>
        );
      }
      return (
        <AppLayout tenant={tenant} session={session} current="items">
          {route.id === null ? (
            <ItemBankPage tenant={tenant} query={route.query} />
          ) : (
            <ItemEditorPage key={route.id} tenant={tenant} session={session} id={route.id} />
          )}
        </AppLayout>
      );
    case 'certifications':
      if (!session) return <Redirect to={signIn} />;
      if (!session.user.roles.some((role) => role === 'author' || role === 'admin')) {
        return (
          <TenantMessage tenant={tenant} session={session} title="Not available">
            Certifications and blueprints are for authors and administrators.
          </TenantMessage>
        );
      }
      return (
        <AppLayout tenant={tenant} session={session} current="certifications">
          {route.id === null ? (
            <CertificationsPage tenant={tenant} session={session} />
          ) : (
            <CertificationPage key={route.id} tenant={tenant} session={session} id={route.id} />
          )}
        </AppLayout>
      );
    case 'credentials':
      if (!session) return <Redirect to={signIn} />;
      if (route.id === null) {
        return (
          <AppLayout tenant={tenant} session={session} current="credentials">
            <MyCredentialsPage tenant={tenant} />
          </AppLayout>
        );
      }
      if (route.id !== MANAGE_CREDENTIALS) {
        return (
          <TenantMessage tenant={tenant} session={session} title="Page not found">
            There is nothing at this address.
          </TenantMessage>
        );
      }
      if (!session.user.roles.includes('admin')) {
        return (
          <TenantMessage tenant={tenant} session={session} title="Not available">
            Managing credentials is for administrators.
          </TenantMessage>
        );
      }
      return (
        <AppLayout tenant={tenant} session={session} current="manage-credentials">
          <ManageCredentialsPage tenant={tenant} />
        </AppLayout>
      );
    case 'exams':
    case 'attempts':
      if (!session) return <Redirect to={signIn} />;
      if (!session.user.roles.includes('candidate')) {
        return (
          <TenantMessage tenant={tenant} session={session} title="Not available">
            Exams are for candidates.
          </TenantMessage>
        );
      }
      return (
        <AppLayout tenant={tenant} session={session} current={route.page}>
          {route.page === 'exams' ? (
            <ExamsPage tenant={tenant} />
          ) : route.id === null ? (
            <MyAttemptsPage tenant={tenant} />
          ) : (
            <AttemptPage key={route.id} tenant={tenant} id={route.id} />
          )}
        </AppLayout>
      );
    case 'outbox':
      if (!session) return <Redirect to={signIn} />;
      if (!session.user.roles.includes('admin')) {
        return <Message title="Not available">The outbox is for administrators.</Message>;
      }
      return (
        <AppLayout tenant={tenant} session={session} current="outbox">
          <OutboxPage key={route.id ?? 'list'} tenant={tenant} id={route.id} />
        </AppLayout>
      );
    default:
      return (
        <TenantMessage tenant={tenant} session={session} title="Page not found">
          There is nothing at this address.
        </TenantMessage>
      );
  }
}
