import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import type { PublicCredential } from '../../server/app/credentials/verify-credential.js';
import {
  MAX_CERTIFICATION_TITLE_CHARS,
  MAX_HOLDER_NAME_CHARS,
} from '../../server/domain/credentials/name-limits.js';
import { renderIdResultPage } from '../../server/http/views/verification-page.js';
import { hasChromium, launchChromium } from '../support/browser.js';

const ID = 'ACME-7K3F-9Q2M-X4TB-QZ';

describe('verification page layout in Chromium (skipped when /usr/bin/chromium is missing)', () => {
  let browser: Browser;
  before(async function () {
    if (!hasChromium()) this.skip();
    browser = await launchChromium();
  });
  after(() => browser?.close());

  it('wraps the longest unbroken title, name and issuer at 390 px instead of widening the page', async () => {
    const credential: PublicCredential = {
      certificateId: ID,
      status: 'active',
      valid: true,
      holderName: 'N'.repeat(MAX_HOLDER_NAME_CHARS),
      certification: { code: 'ACP-A', title: 'T'.repeat(MAX_CERTIFICATION_TITLE_CHARS) },
      issuer: {
        id: 'https://certamen.example/issuers/acme',
        name: 'I'.repeat(MAX_HOLDER_NAME_CHARS),
        logoUrl: null,
        primaryColor: '#8a1538',
      },
      issuedAt: '2024-11-22T09:00:00.000Z',
      expiresAt: '2026-11-22T09:00:00.000Z',
      suspendedAt: null,
      revokedAt: null,
      revocationReason: null,
      verificationUrl: `https://certamen.example/verify/${ID}`,
      signedCredentialUrl: `https://certamen.example/verify/${ID}/credential.jwt`,
      legacyId: null,
    };
    const page = await browser.newPage({ viewport: { width: 390, height: 800 } });
    try {
      await page.setContent(renderIdResultPage(ID, { outcome: 'found', credential }));
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        view: document.documentElement.clientWidth,
      }));
      expect(widths.page).to.be.at.most(widths.view);
    } finally {
      await page.close();
    }
  });
});
