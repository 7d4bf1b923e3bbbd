import type { CheckResult, SignedCredentialVerification } from '../../app/credentials/verify-credential.js';
import { html, page, type SafeHtml, statusRegion } from './html.js';
import { credentialCard, lookupForm, signedCredentialForm } from './verification-page.js';

// The result of `POST /verify/credential`: a signed credential (VC-JWT) checked step by step.

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
