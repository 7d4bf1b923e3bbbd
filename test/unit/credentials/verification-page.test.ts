import { expect } from 'chai';
import type {
  PublicCredential,
  SignedCredentialVerification,
} from '../../../server/app/credentials/verify-credential.js';
import { escapeHtml, html } from '../../../server/http/views/html.js';
import { renderSignedResultPage } from '../../../server/http/views/signed-credential-page.js';
import {
  formatDate,
  renderIdResultPage,
  renderLookupPage,
  renderProblemPage,
  revocationReasonInWords,
} from '../../../server/http/views/verification-page.js';
import { SAMPLE_CERTIFICATE_ID, samplePublicCredential } from '../../support/public-credential.js';

const ID = SAMPLE_CERTIFICATE_ID;

const credential = samplePublicCredential;

const found = (overrides: Partial<PublicCredential> = {}) =>
  renderIdResultPage(ID, { outcome: 'found', credential: credential(overrides) });

/** The text a reader sees: tags dropped, entities decoded, white space collapsed. */
function textOf(page: string): string {
  return page
    .replace(/<style>[\s\S]*?<\/style>/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

const signedVerdict = (
  overrides: Partial<SignedCredentialVerification> = {},
): SignedCredentialVerification => ({
  valid: true,
  reason: null,
  checks: {
    format: { ok: true, message: 'A compact JWS.' },
    issuerKey: { ok: true, message: 'Signed with a published key of Acme Cloud Academy.' },
    signature: { ok: true, message: 'The RS256 signature matches.' },
    dates: { ok: true, message: 'Valid until 2026-11-22.' },
    status: { ok: true, message: 'In good standing with the issuer.' },
  },
  credential: credential(),
  ...overrides,
});

describe('verification pages (server-rendered HTML)', () => {
  describe('escaping', () => {
    it('escapes the five characters that matter in content and quoted attributes', () => {
      expect(escapeHtml(`<a href="x" title='y'>&</a>`)).to.equal(
        '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
      );
    });

    it('escapes every interpolated value unless it is already markup, lists included', () => {
      const inner = html`<b>${'<i>'}</b>`;
      expect(
        html`<p>${'<script>'}${inner}${['<x>', inner]}${null}${undefined}${false}${3}</p>`.markup,
      ).to.equal('<p>&lt;script&gt;<b>&lt;i&gt;</b>&lt;x&gt;<b>&lt;i&gt;</b>3</p>');
    });

    it('renders markup in a holder name, certification title, code, issuer name and typed ID as text', () => {
      const page = renderIdResultPage('<img src=x onerror=alert(2)>', {
        outcome: 'found',
        credential: credential({
          holderName: '<script>alert(1)</script>',
          certification: { code: '"><b>', title: 'Cloud <em>Practitioner</em>' },
          issuer: { ...credential().issuer, name: 'Acme </title><script>x</script>' },
          legacyId: 'OLD<1>',
        }),
      });
      expect(page).to.contain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(page).to.contain('Cloud &lt;em&gt;Practitioner&lt;/em&gt;');
      expect(page).to.contain('&quot;&gt;&lt;b&gt;');
      expect(page).to.contain('Acme &lt;/title&gt;&lt;script&gt;x&lt;/script&gt;');
      expect(page).to.not.match(/<script|<em>|<b>|onerror/i);
      const notFound = renderIdResultPage('"><script>alert(3)</script>', {
        outcome: 'not_found',
        message: 'No credential has this ID.',
      });
      expect(notFound).to.contain('value="&quot;&gt;&lt;script&gt;alert(3)&lt;/script&gt;"');
      expect(notFound).to.not.contain('<script');
    });

    it('puts no script, no inline event handler and no javascript: URL in any page', () => {
      const pages = [
        renderLookupPage(),
        renderLookupPage({ message: 'Type a certificate ID to check.' }),
        found(),
        found({ status: 'revoked', valid: false, revokedAt: '2026-03-03T10:00:00.000Z' }),
        renderIdResultPage(ID, { outcome: 'not_found', message: 'No credential has this ID.' }),
        renderIdResultPage(ID, { outcome: 'check_failed', message: 'Check the ID: a character is wrong.' }),
        renderSignedResultPage(signedVerdict(), { kind: 'badge', filename: 'badge.svg' }),
        renderSignedResultPage(signedVerdict({ valid: false, reason: 'x', credential: null }), {
          kind: 'pasted',
        }),
        renderProblemPage({ title: 'Too large', message: 'The badge image is larger than 512 KB.' }),
        found({ issuer: { ...credential().issuer, logoUrl: 'javascript:alert(1)' } }),
      ];
      for (const page of pages) {
        expect(page).to.match(/^<!doctype html><html lang="en">/);
        expect(page).to.contain('<meta name="viewport" content="width=device-width, initial-scale=1">');
        expect(page).to.not.match(/<script|\son[a-z]+\s*=|javascript:/i);
      }
    });
  });

  describe('status wording', () => {
    it('says Valid until the expiry date, or with no expiry; expiring is still Valid', () => {
      expect(textOf(found())).to.contain('Valid until 22 November 2026');
      expect(textOf(found({ status: 'expiring' }))).to.contain('Valid until 22 November 2026');
      expect(textOf(found({ expiresAt: null }))).to.contain('Valid — no expiry');
    });

    it('says Expired on the expiry date', () => {
      const text = textOf(found({ status: 'expired', valid: false, expiresAt: '2025-11-22T09:00:00.000Z' }));
      expect(text).to.contain('Expired on 22 November 2025');
      expect(text).to.not.contain('Valid until');
    });

    it('says Suspended, and since when', () => {
      const text = textOf(
        found({ status: 'suspended', valid: false, suspendedAt: '2026-02-01T12:00:00.000Z' }),
      );
      expect(text).to.contain('Suspended');
      expect(text).to.contain('suspended this credential on 1 February 2026');
    });

    it('says Revoked on the date, with the reason category in words', () => {
      const text = textOf(
        found({
          status: 'revoked',
          valid: false,
          revokedAt: '2026-03-03T23:59:00.000Z',
          revocationReason: 'issued_in_error',
        }),
      );
      expect(text).to.contain('Revoked on 3 March 2026');
      expect(text).to.contain('Reason: issued in error');
      expect(revocationReasonInWords('holder_request')).to.equal("at the holder's request");
      expect(revocationReasonInWords('some_new_reason')).to.equal('some new reason');
      expect(revocationReasonInWords('constructor')).to.equal('constructor');
      expect(revocationReasonInWords(null)).to.equal('no reason given');
    });

    it('says Not found with the ID as typed, and the check-character message for a typo', () => {
      const notFound = textOf(
        renderIdResultPage('acme 7k3f', { outcome: 'not_found', message: 'No credential has this ID.' }),
      );
      expect(notFound).to.contain('Not found');
      expect(notFound).to.contain('No credential has this ID.');
      expect(notFound).to.contain('You typed acme 7k3f');
      const typo = textOf(
        renderIdResultPage(ID, { outcome: 'check_failed', message: 'Check the ID: a character is wrong.' }),
      );
      expect(typo).to.contain('Check the ID: a character is wrong.');
    });

    it('states every status in a status region with text, the colour only doubling it', () => {
      for (const status of ['active', 'expired', 'suspended', 'revoked'] as const) {
        const page = found({ status, revokedAt: '2026-03-03T00:00:00.000Z' });
        const region =
          /<section class="card status tone-(\w+)" role="status"[^>]*>([\s\S]*?)<\/section>/.exec(page);
        expect(region, status).to.not.equal(null);
        expect(region?.[2]).to.match(/<h2 id="status-heading">\w+/);
        expect(region?.[2]).to.contain('aria-hidden="true"');
      }
    });

    it('formats dates in UTC as "22 November 2026"', () => {
      expect(formatDate('2026-11-22T23:30:00.000Z')).to.equal('22 November 2026');
      expect(formatDate('2026-01-01T00:30:00+02:00')).to.equal('31 December 2025');
    });
  });

  describe('what a found credential shows', () => {
    it('shows holder, certification title and code, issuer, dates, ID and the download link', () => {
      const page = found();
      const text = textOf(page);
      expect(text).to.contain('Ada Lovelace');
      expect(text).to.contain('Cloud Practitioner (ACP-A)');
      expect(text).to.contain('Acme Cloud Academy');
      expect(text).to.contain('Issued 22 November 2024');
      expect(text).to.contain('Expires 22 November 2026');
      expect(text).to.contain(ID);
      expect(page).to.contain(`href="https://certamen.example/verify/${ID}/credential.jwt"`);
      expect(text).to.contain('Download the signed credential');
      expect(page).to.contain('<meta name="robots" content="noindex">');
      expect(page, 'the lookup form stays on the page').to.contain('name="id"');
    });

    it('says the name is withheld when the issuer hides it, and shows initials as given', () => {
      const hidden = textOf(found({ holderName: null }));
      expect(hidden).to.contain('Name withheld by the issuer');
      expect(textOf(found({ holderName: 'A. L.' }))).to.contain('Holder A. L.');
    });

    it('names the legacy ID a credential was found by', () => {
      expect(textOf(found({ legacyId: 'OLD-12345' }))).to.contain('legacy ID OLD-12345');
    });

    it("brands the page with the issuer's colour, name and logo; neutral otherwise", () => {
      const branded = found({
        issuer: { ...credential().issuer, logoUrl: 'https://cdn.example/acme.png' },
      });
      expect(branded).to.contain('--accent:#8a1538');
      expect(branded).to.contain('--on-accent:#ffffff');
      expect(branded).to.contain('<img src="https://cdn.example/acme.png" alt="">');
      expect(textOf(branded)).to.contain('Acme Cloud Academy Credential verification');
      const light = found({ issuer: { ...credential().issuer, primaryColor: '#ffe066' } });
      expect(light, 'dark text on a light accent').to.contain('--on-accent:#101828');
      const neutral = renderLookupPage();
      expect(textOf(neutral)).to.contain('Certamen Credential verification');
      expect(neutral).to.not.contain('#8a1538');
      expect(neutral).to.not.contain('noindex');
    });

    it('ignores a primary colour that is not #rrggbb rather than writing it into the stylesheet', () => {
      const page = found({ issuer: { ...credential().issuer, primaryColor: 'red}</style><script>' } });
      expect(page).to.contain('--accent:#344054');
      expect(page).to.not.contain('<script');
    });
  });

  describe('forms', () => {
    it('has a labelled certificate ID field that does not autocorrect, and the signed-credential form', () => {
      const page = renderLookupPage();
      expect(page).to.contain('<label for="certificate-id">Certificate ID</label>');
      const input = /<input type="text" id="certificate-id"[^>]*>/.exec(page)?.[0] ?? '';
      expect(input).to.contain('autocapitalize="characters"');
      expect(input).to.contain('autocomplete="off"');
      expect(input).to.contain('spellcheck="false"');
      expect(page).to.contain(
        '<form method="post" action="/verify/credential" enctype="multipart/form-data"',
      );
      expect(page).to.match(/<textarea id="credential" name="credential"/);
      expect(page).to.match(/<input type="file" id="badge" name="badge"/);
      expect(page).to.contain('<label for="credential">');
      expect(page).to.contain('<label for="badge">');
    });
  });

  describe('signed-credential result', () => {
    it('lists every check with its outcome and message, and what the credential says', () => {
      const text = textOf(renderSignedResultPage(signedVerdict(), { kind: 'badge', filename: '<b>.svg' }));
      expect(text).to.contain('Valid signed credential');
      expect(text).to.contain('Format : ✓ Passed A compact JWS.');
      expect(text).to.contain('Standing with the issuer : ✓ Passed In good standing with the issuer.');
      expect(text).to.contain('Read from the badge image <b>.svg');
      expect(text).to.contain('Cloud Practitioner (ACP-A)');
    });

    it('says Not valid with the reason, and marks checks that were not run', () => {
      const page = renderSignedResultPage(
        signedVerdict({
          valid: false,
          reason: 'Signature check failed: the signature does not match the issuer key.',
          checks: {
            format: { ok: true, message: 'A compact JWS.' },
            issuerKey: { ok: true, message: 'The key is published.' },
            signature: {
              ok: false,
              message: 'Signature check failed: the signature does not match the issuer key.',
            },
            dates: null,
            status: null,
          },
          credential: null,
        }),
        { kind: 'pasted' },
      );
      const text = textOf(page);
      expect(text).to.contain('Not valid');
      expect(text).to.contain('Signature : ✕ Not passed Signature check failed');
      expect(text).to.contain('Dates : Not checked');
      expect(text).to.contain('Read from the pasted text.');
      expect(page, 'no issuer to brand with').to.contain('--accent:#344054');
    });
  });
});
