import type { PublicCredential } from '../../app/credentials/verify-credential.js';
import { brandAccent, relativeLuminance } from '../../domain/tenants/brand-colour.js';

/*
 * The building blocks of the public verification pages: the `html` tag, which escapes every value unless
 * it is already markup, the page layout in the issuer's colour, and the status region each result opens
 * with. The stylesheet is inline (the CSP's style-src allows 'unsafe-inline'; script-src does not, and no
 * page has a script).
 */

// ------------------------------------------------------------------------------------------ escaping

/** Markup that is safe to put in a page as it is: made only by `html`. */
export class SafeHtml {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

/** What may fill a slot of `html`: text (escaped), markup, a list of either, or nothing. */
export type Slot = SafeHtml | string | number | null | undefined | false | readonly Slot[];

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

function fill(value: Slot): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.markup;
  if (typeof value === 'object') return value.map(fill).join('');
  return escapeHtml(String(value));
}

/** A template tag that escapes every interpolated value unless it is SafeHtml (escape by default). */
export function html(strings: TemplateStringsArray, ...values: Slot[]): SafeHtml {
  let markup = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) markup += fill(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(markup);
}

// ------------------------------------------------------------------------------------------ layout

/** White or near-black, whichever contrasts more with the accent (WCAG contrast ratio). */
function textOn(accent: string): string {
  const l = relativeLuminance(accent);
  const dark = '#101828';
  return 1.05 / (l + 0.05) >= (l + 0.05) / (relativeLuminance(dark) + 0.05) ? '#ffffff' : dark;
}

/** An http(s) logo address, or null for anything else (a `javascript:` or malformed URL shows no logo). */
function safeImageUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

// The colours come only from brandAccent (a `#rrggbb` check), so they cannot close the style element.
const stylesheet = (accent: string) => `
:root{--accent:${accent};--on-accent:${textOn(accent)}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;overflow-wrap:anywhere;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:1.125rem;line-height:1.5;color:#101828;background:#f2f4f7}
.masthead{background:var(--accent);color:var(--on-accent);border-bottom:4px solid rgba(0,0,0,.15)}
.masthead-inner,main,footer{max-width:42rem;margin:0 auto;padding:1rem}
.masthead-inner{display:flex;align-items:center;gap:.75rem;flex-wrap:wrap}
.masthead img{display:block;max-height:3rem;max-width:10rem;background:#fff;border-radius:.25rem;padding:.25rem}
.masthead p{margin:0;font-size:1.25rem;font-weight:700;line-height:1.25}
.masthead small{display:block;font-size:1rem;font-weight:400}
h1{font-size:1.625rem;line-height:1.25;margin:.5rem 0 1rem}
h2{font-size:1.25rem;line-height:1.3;margin:0 0 .75rem}
.card{background:#fff;border:1px solid #d0d5dd;border-radius:.5rem;padding:1rem 1.25rem;margin:0 0 1.25rem}
.status{display:flex;gap:1rem;align-items:flex-start;border-left-width:.5rem}
.status h2{font-size:1.5rem;margin:0}
.status p{margin:.25rem 0 0}
.status-icon{flex:none;display:inline-flex;align-items:center;justify-content:center;width:2.75rem;height:2.75rem;border-radius:50%;font-size:1.5rem;font-weight:700;color:#fff}
.tone-valid{border-left-color:#067647}.tone-valid .status-icon{background:#067647}
.tone-invalid{border-left-color:#b42318}.tone-invalid .status-icon{background:#b42318}
.tone-warning{border-left-color:#b54708}.tone-warning .status-icon{background:#b54708}
.tone-unknown{border-left-color:#475467}.tone-unknown .status-icon{background:#475467}
dl{margin:0}
dt{font-size:1rem;font-weight:600;color:#475467;margin-top:.75rem}
dt:first-child{margin-top:0}
dd{margin:0;overflow-wrap:anywhere}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:1rem;overflow-wrap:anywhere}
.muted{color:#475467}
.field{margin:0 0 1rem}
label{display:block;font-weight:600;margin:0 0 .25rem}
.hint{color:#475467;font-size:1rem;margin:0 0 .5rem}
input[type=text],textarea{display:block;width:100%;font:inherit;color:inherit;background:#fff;padding:.75rem;min-height:3rem;border:2px solid #667085;border-radius:.375rem}
textarea{min-height:8rem;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:1rem}
input[type=file]{display:block;width:100%;font:inherit;font-size:1rem;min-height:3rem;padding:.5rem 0}
button,.button-link{display:inline-block;font:inherit;font-weight:600;min-height:3rem;padding:.75rem 1.25rem;border-radius:.375rem;text-align:center}
button{width:100%;border:2px solid var(--accent);background:var(--accent);color:var(--on-accent);cursor:pointer}
.button-link{border:2px solid currentColor;color:#1849a9;text-decoration:none}
.button-link:hover{text-decoration:underline}
a{color:#1849a9}
:focus-visible{outline:3px solid #2e90fa;outline-offset:2px}
.or{font-weight:600;margin:.5rem 0 1rem}
.checks{list-style:none;margin:0;padding:0}
.checks li{padding:.75rem 0;border-top:1px solid #eaecf0}
.checks li:first-child{border-top:0;padding-top:0}
.check-outcome{font-weight:700}
.check-passed{color:#067647}.check-failed{color:#b42318}.check-skipped{color:#475467}
footer{color:#475467;font-size:1rem;padding-bottom:2rem}
@media (min-width:36rem){button{width:auto}.card{padding:1.25rem 1.5rem}}
`;

/** What the masthead shows: the issuer when a credential is on the page, Certamen otherwise. */
type Branding = PublicCredential['issuer'] | null;

interface PageParts {
  readonly title: string;
  readonly branding: Branding;
  /** Result pages are not for search engines. */
  readonly noindex: boolean;
  readonly heading: string;
  readonly body: SafeHtml;
  /** The masthead's second line; "Credential verification" unless the page is about something else. */
  readonly tagline?: string;
}

/** A whole HTML document: masthead in the issuer's colour (or Certamen's), the heading, the body, the footer. */
export function page({
  title,
  branding,
  noindex,
  heading,
  body,
  tagline = 'Credential verification',
}: PageParts): string {
  const accent = brandAccent(branding?.primaryColor);
  const logo = safeImageUrl(branding?.logoUrl ?? null);
  const masthead = branding
    ? html`${logo ? html`<img src="${logo}" alt="">` : ''}<p>${branding.name}<small>${tagline}</small></p>`
    : html`<p>Certamen<small>${tagline}</small></p>`;
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${noindex ? html`<meta name="robots" content="noindex">` : ''}
<title>${title}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style>${new SafeHtml(stylesheet(accent))}</style>
</head>
<body>
<header class="masthead"><div class="masthead-inner">${masthead}</div></header>
<main>
<h1>${heading}</h1>
${body}
</main>
<footer><p>Certamen credential verification. What this page says comes from the issuer's records at the moment you opened it.</p></footer>
</body>
</html>
`}`;
}

// ------------------------------------------------------------------------------------------ status

/** How a status looks: a tone (colour, never alone), a text icon, a headline and a sentence. */
export interface StatusView {
  readonly tone: 'valid' | 'invalid' | 'warning' | 'unknown';
  readonly icon: string;
  /** The status in a word or two, for the page title. */
  readonly word: string;
  readonly headline: SafeHtml;
  readonly detail: SafeHtml;
}

/** The card that opens a result page: the verdict as icon, headline and sentence, announced as a status. */
export function statusRegion(
  view: Pick<StatusView, 'tone' | 'icon' | 'headline' | 'detail'>,
  extra?: SafeHtml,
) {
  return html`<section class="card status tone-${view.tone}" role="status" aria-labelledby="status-heading">
<span class="status-icon" aria-hidden="true">${view.icon}</span>
<div><h2 id="status-heading">${view.headline}</h2><p>${view.detail}</p>${extra ?? ''}</div>
</section>`;
}
