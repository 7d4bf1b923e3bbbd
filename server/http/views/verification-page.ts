import type { IdVerification, PublicCredential } from '../../app/credentials/verify-credential.js';
import { html, page, type SafeHtml, type StatusView, statusRegion } from './html.js';

/*
 * The public verification pages: plain server-rendered HTML for employers and auditors, with no script and
 * no account. Every value goes through `html` (html.ts), which escapes it unless it is already markup;
 * nothing else builds markup. The signed-credential result page is in signed-credential-page.ts.
 */

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

function credentialStatusView(c: PublicCredential): StatusView {
  switch (c.status) {
    case 'not_yet_valid':
      return {
        tone: 'warning',
        icon: '!',
        word: 'Not yet valid',
        headline: html`Not valid before ${dateElement(c.issuedAt)}`,
        detail: html`The issuer dated this credential in the future. It is not valid until that date.`,
      };
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

// ------------------------------------------------------------------------------------------ forms

/** The certificate ID lookup form under `heading`; `typed` refills the field after a bad try. */
export function lookupForm(heading: string, typed = ''): SafeHtml {
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

/** The form that takes a signed credential, pasted or baked into an uploaded badge. */
export function signedCredentialForm(): SafeHtml {
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

/** The credential's details (holder, certification, issuer, dates, ID) in a card, with `links` below. */
export function credentialCard(c: PublicCredential, heading: string, links: SafeHtml): SafeHtml {
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
