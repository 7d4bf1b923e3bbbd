import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** Pages of the client, addressed as /t/<slug>/<page>. */
export type Page =
  | 'sign-in'
  | 'register'
  | 'verify-email'
  | 'home'
  | 'passkeys'
  | 'items'
  | 'certifications'
  | 'credentials'
  | 'outbox'
  | 'exams'
  | 'attempts';

const pages: readonly Page[] = [
  'sign-in',
  'register',
  'verify-email',
  'home',
  'passkeys',
  'items',
  'certifications',
  'credentials',
  'outbox',
  'exams',
  'attempts',
];

/**
 * Pages that also take one path segment after their name: /t/<slug>/items/<id> (or items/new),
 * /t/<slug>/certifications/<id>, /t/<slug>/credentials/manage, /t/<slug>/outbox/<message id>,
 * /t/<slug>/attempts/<attempt id> (the exam player).
 */
const pagesWithId: readonly Page[] = ['items', 'certifications', 'credentials', 'outbox', 'attempts'];

/** Where the browser is, read from the URL. */
export interface Route {
  /** Tenant slug from /t/:slug/, or null when the path is not under /t/. */
  slug: string | null;
  /** The known page, '' for the tenant root, or null for an unknown page. */
  page: Page | '' | null;
  /** The segment after the page, for pages that take one (an item id, or 'new'); otherwise null. */
  id: string | null;
  query: URLSearchParams;
}

/** Parse `/t/:slug/<page>[/<id>]` (a trailing slash is allowed). */
export function parseRoute(pathname: string, search: string): Route {
  const query = new URLSearchParams(search);
  const match = /^\/t\/([^/]+)(?:\/(.*))?$/.exec(pathname);
  if (!match?.[1]) return { slug: null, page: null, id: null, query };
  const slug = decodeURIComponent(match[1]);
  const rest = (match[2] ?? '').replace(/\/+$/, '');
  const [name = '', id, ...extra] = rest.split('/');
  const known = pages.find((p) => p === name) ?? null;
  if (rest === '') return { slug, page: '', id: null, query };
  if (id === undefined) return { slug, page: known, id: null, query };
  const takesId = known !== null && pagesWithId.includes(known) && id !== '' && extra.length === 0;
  return takesId
    ? { slug, page: known, id: decodeURIComponent(id), query }
    : { slug, page: null, id: null, query };
}

/** The path of a page of a tenant. */
export function pagePath(slug: string, page: Page, query?: Record<string, string>): string {
  const qs = query ? `?${new URLSearchParams(query)}` : '';
  return `/t/${encodeURIComponent(slug)}/${page}${qs}`;
}

/** The path of one item's editor, or of a new item's with id 'new'. */
export function itemPath(slug: string, id: string): string {
  return `/t/${encodeURIComponent(slug)}/items/${encodeURIComponent(id)}`;
}

/** The path of one certification's page (its details and blueprint). */
export function certificationPath(slug: string, id: string): string {
  return `/t/${encodeURIComponent(slug)}/certifications/${encodeURIComponent(id)}`;
}

/** The path of one outgoing e-mail in the admins' outbox. */
export function outboxMessagePath(slug: string, id: string): string {
  return `/t/${encodeURIComponent(slug)}/outbox/${encodeURIComponent(id)}`;
}

/** The path of one attempt: its rules before it begins, the player while it runs, its result after. */
export function attemptPath(slug: string, id: string): string {
  return `/t/${encodeURIComponent(slug)}/attempts/${encodeURIComponent(id)}`;
}

/** The segment after `credentials` of the admins' page. */
export const MANAGE_CREDENTIALS = 'manage';

/** The path of the admins' credentials page (issue, import, suspend, revoke, signing keys). */
export function manageCredentialsPath(slug: string): string {
  return `/t/${encodeURIComponent(slug)}/credentials/${MANAGE_CREDENTIALS}`;
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
