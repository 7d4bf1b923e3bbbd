import type {
  CheckResult,
  IdVerification,
  PublicCredential,
  SignedCredentialVerification,
} from '../../app/credentials/verify-credential.js';

/*
 * The public verification pages: plain server-rendered HTML for employers and auditors, with no script and
 * no account. Every value goes through `html`, which escapes it unless it is already markup; nothing else
 * builds markup. The stylesheet is inline (the CSP's style-src allows 'unsafe-inline'; script-src does not,
 * and no page has a script).
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

// ------------------------------------------------------------------------------------------ wording

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** A date as people read it, in UTC: "22 November 2026". */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : DATE_FORMAT.format(date);
}

function dateElement(iso: string): SafeHtml {
  return html`<time datetime="${iso.slice(0, 10)}">${formatDate(iso)}</time>`;
}

const REASON_WORDS: Readonly<Record<string, string>> = {
  misconduct: 'misconduct',
  issued_in_error: 'issued in error',
  exam_invalidated: 'the exam was invalidated',
  superseded: 'superseded by a newer credential',
  holder_request: "at the holder's request",
  other: 'other',
};

/** A revocation reason category in words ("issued_in_error" → "issued in error"). */
export function revocationReasonInWords(reason: string | null): string {
  if (!reason) return 'no reason given';
  return Object.hasOwn(REASON_WORDS, reason) ? (REASON_WORDS[reason] as string) : reason.replace(/_/g, ' ');
}

/** How a status looks: a tone (colour, never alone), a text icon, a headline and a sentence. */
interface StatusView {
  readonly tone: 'valid' | 'invalid' | 'warning' | 'unknown';
  readonly icon: string;
  /** The status in a word or two, for the page title. */
  readonly word: string;
  readonly headline: SafeHtml;
  readonly detail: SafeHtml;
}

function credentialStatusView(c: PublicCredential): StatusView {
  switch (c.status) {
    case 'active':
    case 'expiring':
      return {
        tone: 'valid',
        icon: '✓',
        word: 'Valid',
        headline: c.expiresAt ? html`Valid until ${dateElement(c.expiresAt)}` : html`Valid — no expiry`,
        detail: html`The issuer's records show this credential in good standing.`,
      };
    case 'expired':
      return {
        tone: 'invalid',
        icon: '!',
        word: 'Expired',
        headline: html`Expired on ${c.expiresAt ? dateElement(c.expiresAt) : 'an unknown date'}`,
        detail: html`This credential is no longer valid.`,
      };
    case 'suspended':
      return {
        tone: 'warning',
        icon: '‖',
        word: 'Suspended',
        headline: html`Suspended`,
        detail: html`The issuer suspended this credential${
          c.suspendedAt ? html` on ${dateElement(c.suspendedAt)}` : ''
        }. It is not valid while it is suspended.`,
      };
    case 'revoked':
      return {
        tone: 'invalid',
        icon: '✕',
        word: 'Revoked',
        headline: html`Revoked${c.revokedAt ? html` on ${dateElement(c.revokedAt)}` : ''}`,
        detail: html`Reason: ${revocationReasonInWords(c.revocationReason)}. The issuer has withdrawn this credential; it is not valid.`,
      };
  }
}

// ------------------------------------------------------------------------------------------ layout

const NEUTRAL_ACCENT = '#344054';
const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/** WCAG 2.x relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const linear = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(1) + 0.7152 * linear(3) + 0.0722 * linear(5);
}

/** White or near-black, whichever contrasts more with the accent (WCAG contrast ratio). */
function textOn(accent: string): string {
  const l = luminance(accent);
  const dark = '#101828';
  return 1.05 / (l + 0.05) >= (l + 0.05) / (luminance(dark) + 0.05) ? '#ffffff' : dark;
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

// The colours come only from the HEX_COLOR check above, so they cannot close the style element.
const stylesheet = (accent: string) => `
:root{--accent:${accent};--on-accent:${textOn(accent)}}
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:1.125rem;line-height:1.5;color:#101828;background:#f2f4f7}
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
}

function page({ title, branding, noindex, heading, body }: PageParts): string {
  const accent = branding && HEX_COLOR.test(branding.primaryColor) ? branding.primaryColor : NEUTRAL_ACCENT;
  const logo = safeImageUrl(branding?.logoUrl ?? null);
  const masthead = branding
    ? html`${logo ? html`<img src="${logo}" alt="">` : ''}<p>${branding.name}<small>Credential verification</small></p>`
    : html`<p>Certamen<small>Credential verification</small></p>`;
  return `<!doctype html>${html`<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${noindex ? html`<meta name="robots" content="noindex">` : ''}
<title>${title}</title>
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

function statusRegion(view: Pick<StatusView, 'tone' | 'icon' | 'headline' | 'detail'>, extra?: SafeHtml) {
  return html`<section class="card status tone-${view.tone}" role="status" aria-labelledby="status-heading">
<span class="status-icon" aria-hidden="true">${view.icon}</span>
<div><h2 id="status-heading">${view.headline}</h2><p>${view.detail}</p>${extra ?? ''}</div>
</section>`;
}

// ------------------------------------------------------------------------------------------ forms

function lookupForm(heading: string, typed = ''): SafeHtml {
  return html`<section class="card" aria-labelledby="lookup-heading">
<h2 id="lookup-heading">${heading}</h2>
<form method="get" action="/verify" accept-charset="UTF-8">
<div class="field">
<label for="certificate-id">Certificate ID</label>
<p class="hint" id="certificate-id-hint">As printed on the certificate, for example ACME-7K3F-9Q2M-X4TB-QZ. Capitals, spaces and dashes do not matter.</p>
<input type="text" id="certificate-id" name="id" value="${typed}" required maxlength="100" autocapitalize="characters" autocomplete="off" autocorrect="off" spellcheck="false" aria-describedby="certificate-id-hint">
</div>
<button type="submit">Verify</button>
</form>
</section>`;
}

function signedCredentialForm(): SafeHtml {
  return html`<section class="card" aria-labelledby="signed-heading">
<h2 id="signed-heading">Verify a signed credential</h2>
<p class="hint">If you were given the signed credential itself (a VC-JWT) or a badge image with the credential baked in, this checks its signature with the issuer's published key, its dates and its standing.</p>
<form method="post" action="/verify/credential" enctype="multipart/form-data" accept-charset="UTF-8">
<div class="field">
<label for="credential">Signed credential</label>
<p class="hint" id="credential-hint">Paste the text; it starts with "eyJ".</p>
<textarea id="credential" name="credential" rows="6" autocomplete="off" autocapitalize="off" spellcheck="false" aria-describedby="credential-hint"></textarea>
</div>
<p class="or">or</p>
<div class="field">
<label for="badge">Badge image</label>
<p class="hint" id="badge-hint">An SVG or PNG badge with the credential baked in, up to 512 KB.</p>
<input type="file" id="badge" name="badge" accept=".svg,.png,image/svg+xml,image/png" aria-describedby="badge-hint">
</div>
<button type="submit">Verify signed credential</button>
</form>
</section>`;
}

// ------------------------------------------------------------------------------------------ pages

/** `GET /verify`: the certificate ID lookup and the signed-credential form; `message` explains a bad try. */
export function renderLookupPage(options: { message?: string; typed?: string } = {}): string {
  const problem = options.message
    ? statusRegion({
        tone: 'unknown',
        icon: '?',
        headline: html`Nothing checked yet`,
        detail: html`${options.message}`,
      })
    : '';
  return page({
    title: 'Verify a certificate — Certamen',
    branding: null,
    noindex: false,
    heading: 'Verify a certificate',
    body: html`${problem}${lookupForm('Check a certificate ID', options.typed)}${signedCredentialForm()}`,
  });
}

function credentialDetails(c: PublicCredential): SafeHtml {
  return html`<dl>
<dt>Holder</dt><dd>${c.holderName ?? html`<span class="muted">Name withheld by the issuer</span>`}</dd>
<dt>Certification</dt><dd>${c.certification.title} <span class="muted">(${c.certification.code})</span></dd>
<dt>Issuer</dt><dd>${c.issuer.name}</dd>
<dt>Issued</dt><dd>${dateElement(c.issuedAt)}</dd>
<dt>Expires</dt><dd>${c.expiresAt ? dateElement(c.expiresAt) : 'No expiry'}</dd>
<dt>Certificate ID</dt><dd><code>${c.certificateId}</code>${
    c.legacyId ? html`<br><span class="muted">Found by legacy ID <code>${c.legacyId}</code></span>` : ''
  }</dd>
</dl>`;
}

function credentialCard(c: PublicCredential, heading: string, links: SafeHtml): SafeHtml {
  return html`<section class="card" aria-labelledby="credential-heading">
<h2 id="credential-heading">${heading}</h2>
${credentialDetails(c)}
${links}
</section>`;
}

const downloadLink = (c: PublicCredential) =>
  html`<p><a class="button-link" href="${c.signedCredentialUrl}" download>Download the signed credential</a></p>
<p class="hint">A VC-JWT file: check it again here later, or with any Open Badges 3.0 verifier.</p>`;

/** `GET /verify/:id`: what a typed certificate ID stands for, with the lookup form to try another. */
export function renderIdResultPage(typed: string, result: IdVerification): string {
  if (result.outcome === 'found') {
    const c = result.credential;
    const view = credentialStatusView(c);
    return page({
      title: `${view.word}: ${c.certificateId} — Certificate verification`,
      branding: c.issuer,
      noindex: true,
      heading: 'Certificate verification',
      body: html`${statusRegion(view)}${credentialCard(c, 'The credential', downloadLink(c))}${lookupForm('Check another certificate ID')}`,
    });
  }
  const notFound = result.outcome === 'not_found';
  const typedLine = html`<p>You typed <code>${typed}</code>.</p>`;
  return page({
    title: `${notFound ? 'Not found' : 'Check the ID'} — Certificate verification`,
    branding: null,
    noindex: true,
    heading: 'Certificate verification',
    body: html`${statusRegion(
      {
        tone: notFound ? 'unknown' : 'warning',
        icon: '?',
        headline: notFound ? html`Not found` : html`Check the ID`,
        detail: html`${result.message}`,
      },
      typedLine,
    )}${lookupForm('Try the ID again', typed)}${signedCredentialForm()}`,
  });
}

/** Where a signed credential came from: pasted as text, or baked into an uploaded badge. */
export type CredentialSource =
  | { readonly kind: 'pasted' }
  | { readonly kind: 'badge'; readonly filename: string };

const CHECK_NAMES: Readonly<Record<keyof SignedCredentialVerification['checks'], string>> = {
  format: 'Format',
  issuerKey: 'Issuer key',
  signature: 'Signature',
  dates: 'Dates',
  status: 'Standing with the issuer',
};

function checkItem(name: string, check: CheckResult | null): SafeHtml {
  const [outcome, css] = !check
    ? ['Not checked', 'check-skipped']
    : check.ok
      ? ['✓ Passed', 'check-passed']
      : ['✕ Not passed', 'check-failed'];
  return html`<li><strong>${name}</strong>: <span class="check-outcome ${css}">${outcome}</span><br>${
    check?.message ?? 'Not checked: an earlier check failed.'
  }</li>`;
}

/** `POST /verify/credential`: the verdict on a signed credential, check by check, and what it says. */
export function renderSignedResultPage(
  result: SignedCredentialVerification,
  source: CredentialSource,
): string {
  const c = result.credential;
  const from =
    source.kind === 'badge'
      ? html`<p>Read from the badge image <code>${source.filename || 'without a name'}</code>.</p>`
      : html`<p>Read from the pasted text.</p>`;
  const view = result.valid
    ? {
        tone: 'valid' as const,
        icon: '✓',
        headline: html`Valid signed credential`,
        detail: html`Every check passed: the issuer signed it, it is in date and in good standing.`,
      }
    : {
        tone: 'invalid' as const,
        icon: '✕',
        headline: html`Not valid`,
        detail: html`${result.reason ?? 'A check failed.'}`,
      };
  const checks = (Object.keys(CHECK_NAMES) as (keyof typeof CHECK_NAMES)[]).map((key) =>
    checkItem(CHECK_NAMES[key], result.checks[key]),
  );
  const credential = c
    ? credentialCard(
        c,
        'What the credential says',
        html`<p><a href="${c.verificationUrl}">See this credential's verification page</a></p>`,
      )
    : '';
  return page({
    title: `${result.valid ? 'Valid' : 'Not valid'}: signed credential — Certificate verification`,
    branding: c?.issuer ?? null,
    noindex: true,
    heading: 'Signed credential verification',
    body: html`${statusRegion(view, from)}<section class="card" aria-labelledby="checks-heading">
<h2 id="checks-heading">Checks</h2>
<ul class="checks">${checks}</ul>
</section>${credential}${signedCredentialForm()}${lookupForm('Check a certificate ID')}`,
  });
}

/** A page for a request that could not be answered (nothing to verify, too large, too many requests…). */
export function renderProblemPage(problem: { readonly title: string; readonly message: string }): string {
  return page({
    title: `${problem.title} — Certificate verification`,
    branding: null,
    noindex: true,
    heading: 'Certificate verification',
    body: html`${statusRegion({
      tone: 'unknown',
      icon: '?',
      headline: html`${problem.title}`,
      detail: html`${problem.message}`,
    })}${signedCredentialForm()}${lookupForm('Check a certificate ID')}`,
  });
}
