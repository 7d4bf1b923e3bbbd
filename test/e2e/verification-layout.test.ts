import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import {
  MAX_CERTIFICATION_TITLE_CHARS,
  MAX_HOLDER_NAME_CHARS,
} from '../../server/domain/credentials/name-limits.js';
import { renderIdResultPage } from '../../server/http/views/verification-page.js';
import { hasChromium, launchChromium } from '../support/browser.js';
import { SAMPLE_CERTIFICATE_ID, samplePublicCredential } from '../support/public-credential.js';

const ID = SAMPLE_CERTIFICATE_ID;

describe('verification page layout in Chromium (skipped when /usr/bin/chromium is missing)', () => {
  let browser: Browser;
  before(async function () {
    if (!hasChromium()) this.skip();
    browser = await launchChromium();
  });
  after(() => browser?.close());

  it('wraps the longest unbroken title, name and issuer at 390 px instead of widening the page', async () => {
    const credential = samplePublicCredential({
      holderName: 'N'.repeat(MAX_HOLDER_NAME_CHARS),
      certification: { code: 'ACP-A', title: 'T'.repeat(MAX_CERTIFICATION_TITLE_CHARS) },
      issuer: { ...samplePublicCredential().issuer, name: 'I'.repeat(MAX_HOLDER_NAME_CHARS) },
    });
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
