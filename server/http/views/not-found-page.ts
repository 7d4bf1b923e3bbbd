import { html, page, statusRegion } from './html.js';

/**
 * The page for an address nothing answers (outside the API, whose misses are JSON): says so in words,
 * shows the path as typed, and links home and to certificate verification.
 */
export function renderNotFoundPage(path: string): string {
  return page({
    title: 'Page not found — Certamen',
    branding: null,
    noindex: true,
    heading: 'Page not found',
    tagline: 'Certification and assessment',
    body: html`${statusRegion({
      tone: 'unknown',
      icon: '?',
      headline: html`There is no page at this address`,
      detail: html`Nothing is found at <code>${path}</code>. The link may be old, or the address mistyped.`,
    })}<nav class="card" aria-label="Where to go next">
<p><a class="button-link" href="/">Go to the home page</a></p>
<p><a href="/verify">Verify a certificate</a></p>
</nav>`,
  });
}
