import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { logout } from '../api';
import { Link, navigate, type Page, pagePath } from '../router';
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

/** Page frame for visitors who are not signed in. */
export function PublicLayout(props: { tenant: TenantPublic; children: ComponentChildren }) {
  return (
    <>
      <header class="app-header">
        <Brand tenant={props.tenant} href={pagePath(props.tenant.slug, 'sign-in')} />
      </header>
      <main class="narrow">{props.children}</main>
    </>
  );
}

/** Main navigation; an entry with `roles` shows only to users holding one of them. */
const navItems: { page: Page; label: string; roles?: readonly Role[] }[] = [
  { page: 'home', label: 'Home' },
  { page: 'items', label: 'Item bank', roles: ['author', 'admin'] },
  { page: 'certifications', label: 'Certifications', roles: ['author', 'admin'] },
  { page: 'credentials', label: 'My credentials' },
  { page: 'passkeys', label: 'Passkeys' },
  { page: 'outbox', label: 'Outbox', roles: ['admin'] },
];

/**
 * Page frame for signed-in users: tenant, navigation, who is signed in and "Sign out". `current` is the
 * navigation entry to mark, or null for a page the navigation does not list.
 */
export function AppLayout(props: {
  tenant: TenantPublic;
  session: Session;
  current: Page | null;
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
      <header class="app-header">
        <Brand tenant={tenant} href={pagePath(tenant.slug, 'home')} />
        <nav aria-label="Main" class="main-nav">
          {navItems
            .filter((item) => !item.roles || item.roles.some((role) => session.user.roles.includes(role)))
            .map((item) => (
              <Link
                key={item.page}
                href={pagePath(tenant.slug, item.page)}
                current={item.page === props.current}
              >
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
      <main>{props.children}</main>
    </>
  );
}
