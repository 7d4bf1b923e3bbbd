import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { logout } from '../api';
import { Link, manageCredentialsPath, navigate, type Page, pagePath } from '../router';
import { clearSession, type Session } from '../session';
import type { Role, TenantPublic } from '../types';

/** Tenant logo and name, as shown at the top of every page. */
function Brand(props: { tenant: TenantPublic; href: string }) {
  const { tenant } = props;
  return (
    <Link href={props.href} class="brand">
      {tenant.branding.logoUrl && <img src={tenant.branding.logoUrl} alt="" class="logo" />}
      <span class="tenant-name">{tenant.name}</span>
    </Link>
  );
}

/** The id of every page's <main>, the target of "Skip to main content". */
export const MAIN_ID = 'main';

/**
 * "Skip to main content": the first focusable element of every page (WCAG 2.4.1). It moves focus to the
 * page's <main> without changing the app's URL.
 */
export function SkipLink() {
  const onClick = (event: MouseEvent) => {
    const main = document.getElementById(MAIN_ID);
    if (!main) return;
    event.preventDefault();
    main.focus();
    main.scrollIntoView({ block: 'start' });
  };
  return (
    <a href={`#${MAIN_ID}`} class="skip-link" onClick={onClick}>
      Skip to main content
    </a>
  );
}

/** A page's main region: the skip link's target, focusable by script only. */
export function Main(props: { class?: string; busy?: boolean; children: ComponentChildren }) {
  return (
    <main id={MAIN_ID} tabIndex={-1} class={props.class} aria-busy={props.busy ? 'true' : undefined}>
      {props.children}
    </main>
  );
}

/** Page frame for visitors who are not signed in. */
export function PublicLayout(props: { tenant: TenantPublic; children: ComponentChildren }) {
  return (
    <>
      <SkipLink />
      <header class="app-header">
        <Brand tenant={props.tenant} href={pagePath(props.tenant.slug, 'sign-in')} />
      </header>
      <Main class="narrow">{props.children}</Main>
    </>
  );
}

/** An entry of the main navigation. */
export type NavEntry = Page | 'manage-credentials';

/**
 * The main navigation, in one place: every page a signed-in user reaches from the header. An entry with
 * `roles` shows only to users holding one of them.
 */
const navItems: {
  entry: NavEntry;
  label: string;
  href: (slug: string) => string;
  roles?: readonly Role[];
}[] = [
  { entry: 'home', label: 'Home', href: (slug) => pagePath(slug, 'home') },
  { entry: 'exams', label: 'Exams', href: (slug) => pagePath(slug, 'exams'), roles: ['candidate'] },
  {
    entry: 'attempts',
    label: 'My attempts',
    href: (slug) => pagePath(slug, 'attempts'),
    roles: ['candidate'],
  },
  { entry: 'items', label: 'Item bank', href: (slug) => pagePath(slug, 'items'), roles: ['author', 'admin'] },
  {
    entry: 'certifications',
    label: 'Certifications',
    href: (slug) => pagePath(slug, 'certifications'),
    roles: ['author', 'admin'],
  },
  {
    entry: 'manage-credentials',
    label: 'Manage credentials',
    href: manageCredentialsPath,
    roles: ['admin'],
  },
  { entry: 'credentials', label: 'My credentials', href: (slug) => pagePath(slug, 'credentials') },
  { entry: 'passkeys', label: 'Passkeys', href: (slug) => pagePath(slug, 'passkeys') },
  { entry: 'outbox', label: 'Outbox', href: (slug) => pagePath(slug, 'outbox'), roles: ['admin'] },
];

/**
 * Page frame for signed-in users: tenant, navigation, who is signed in and "Sign out". `current` is the
 * navigation entry to mark, or null for a page the navigation does not list.
 */
export function AppLayout(props: {
  tenant: TenantPublic;
  session: Session;
  current: NavEntry | null;
  children: ComponentChildren;
}) {
  const { tenant, session } = props;
  const [signingOut, setSigningOut] = useState(false);

  const signOut = async () => {
    setSigningOut(true);
    try {
      await logout();
    } catch {
      // Signed out locally regardless: the in-memory token is dropped and the cookie expires on its own.
    }
    clearSession();
    navigate(pagePath(tenant.slug, 'sign-in'), { replace: true });
  };

  return (
    <>
      <SkipLink />
      <header class="app-header">
        <Brand tenant={tenant} href={pagePath(tenant.slug, 'home')} />
        <nav aria-label="Main" class="main-nav">
          {navItems
            .filter((item) => !item.roles || item.roles.some((role) => session.user.roles.includes(role)))
            .map((item) => (
              <Link key={item.entry} href={item.href(tenant.slug)} current={item.entry === props.current}>
                {item.label}
              </Link>
            ))}
        </nav>
        <div class="account">
          <span class="user-name">{session.user.displayName}</span>
          <button type="button" class="secondary" onClick={signOut} disabled={signingOut}>
            Sign out
          </button>
        </div>
      </header>
      <Main>{props.children}</Main>
    </>
  );
}
