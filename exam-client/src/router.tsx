import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** Pages of the client, addressed as /t/<slug>/<page>. */
export type Page = 'sign-in' | 'register' | 'home' | 'passkeys';

const pages: readonly Page[] = ['sign-in', 'register', 'home', 'passkeys'];

/** Where the browser is, read from the URL. */
export interface Route {
  /** Tenant slug from /t/:slug/, or null when the path is not under /t/. */
  slug: string | null;
  /** The known page, '' for the tenant root, or null for an unknown page. */
  page: Page | '' | null;
  query: URLSearchParams;
}

/** Parse `/t/:slug/<page>` (a trailing slash is allowed). */
export function parseRoute(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  const match = /^\/t\/([^/]+)(?:\/(.*))?$/.exec(pathname);
  if (!match?.[1]) return { slug: null, page: null, query };
  const slug = decodeURIComponent(match[1]);
  const rest = (match[2] ?? '').replace(/\/+$/, '');
  const page = rest === '' ? '' : (pages.find((p) => p === rest) ?? null);
  return { slug, page, query };
}

/** The path of a page of a tenant. */
export function pagePath(slug: string, page: Page, query?: Record<string, string>): string {
  const qs = query ? `?${new URLSearchParams(query)}` : '';
  return `/t/${encodeURIComponent(slug)}/${page}${qs}`;
}

const NAVIGATE_EVENT = 'certamen:navigate';

/** Go to a path inside the app without reloading; `replace` keeps the back button sensible for redirects. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
  if (!options.replace) window.scrollTo(0, 0);
}

function currentRoute(): Route {
  return parseRoute(location.pathname, location.search);
}

/** The current route, updated on navigate() and on the back/forward buttons. */
export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATE_EVENT, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATE_EVENT, update);
    };
  }, []);
  return route;
}

/** An anchor that navigates inside the app; modified clicks (new tab, etc.) keep the browser's behaviour. */
export function Link(props: {
  href: string;
  class?: string;
  current?: boolean;
  children: ComponentChildren;
}) {
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(props.href);
  };
  return (
    <a
      href={props.href}
      class={props.class}
      aria-current={props.current ? 'page' : undefined}
      onClick={onClick}
    >
      {props.children}
    </a>
  );
}
