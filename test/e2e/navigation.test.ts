import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { browserSession, hasChromium } from '../support/browser.js';

const ADMIN = { email: 'admin@acme.test', password: 'certamen-demo' };
const CANDIDATE = { email: 'candidate@acme.test', password: 'certamen-demo' };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

/** WCAG 2.x contrast ratio of two CSS colours as the browser computes them (`rgb(r, g, b)`). */
function contrast(a: string, b: string): number {
  const luminance = (color: string) => {
    const [r = 0, g = 0, bl = 0] = (color.match(/[\d.]+/g) ?? []).map(Number).map((channel) => {
      const c = channel / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The colour behind an element: the first ancestor (or itself) with an opaque background. */
function backgroundBehind(page: Page, selector: string): Promise<string> {
  return page.evaluate((css) => {
    for (let node = document.querySelector(css); node; node = node.parentElement) {
      const color = getComputedStyle(node).backgroundColor;
      if (color !== 'rgba(0, 0, 0, 0)' && color !== 'transparent') return color;
    }
    return getComputedStyle(document.documentElement).backgroundColor;
  }, selector);
}

/**
 * What a new user needs to find their way: a skip link first on every page, a visible focus ring, a way back
 * from "Page not found" and "Not available", the admins' pages in the navigation, and a registration form
 * that states its password rules and says at each field what is wrong with it.
 */
describe('navigation and forms for a new user in Chromium (skipped when /usr/bin/chromium is missing)', function () {
  this.timeout(180_000);

  const session = browserSession();
  const { freshPage, signIn, pageErrors } = session;

  before(async function () {
    if (!hasChromium()) this.skip();
    await session.start();
  });

  after(() => session.close());

  it('offers "Skip to main content" first, and a focus ring of at least 3:1 on the sign-in page', async () => {
    const page = await freshPage({ viewport: PHONE });
    await page.goto(`${session.url}/t/acme/sign-in`);
    await page.getByRole('heading', { name: /^Sign in to / }).waitFor();

    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => document.activeElement?.textContent?.trim());
    expect(first, 'the first focusable element').to.equal('Skip to main content');
    expect(await page.getByRole('link', { name: 'Skip to main content' }).isVisible()).to.equal(true);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.tagName)).to.equal('MAIN');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).to.equal(
      'email',
    );

    // The ring around the focused e-mail field, against the card it sits on.
    const ring = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement as Element);
      return {
        color: style.outlineColor,
        width: Number.parseFloat(style.outlineWidth),
        style: style.outlineStyle,
      };
    });
    expect(ring.style).to.equal('solid');
    expect(ring.width).to.be.at.least(2);
    const behind = await backgroundBehind(page, 'main .card');
    expect(contrast(ring.color, behind), `focus ring ${ring.color} on ${behind}`).to.be.at.least(3);

    // The same on the primary button (the ring sits on the card, outside the brand-coloured button).
    await page.getByRole('button', { name: 'Sign in', exact: true }).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const buttonRing = await page.evaluate(
      () => getComputedStyle(document.activeElement as Element).outlineColor,
    );
    expect(contrast(buttonRing, behind)).to.be.at.least(3);
  });

  it('links back to sign-in or home from "Page not found" and "Not available"', async () => {
    const visitor = await freshPage({ viewport: PHONE });
    await visitor.goto(`${session.url}/t/acme/no-such-page`);
    await visitor.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor();
    await visitor.getByRole('link', { name: 'Go to sign-in', exact: true }).click();
    await visitor.waitForURL('**/t/acme/sign-in');

    const candidate = await freshPage({ viewport: PHONE });
    await signIn(candidate, CANDIDATE);
    await candidate.goto(`${session.url}/t/acme/items`);
    await candidate.getByRole('heading', { name: 'Not available', level: 1 }).waitFor();
    expect(await candidate.getByRole('navigation', { name: 'Main' }).isVisible(), 'the navigation').to.equal(
      true,
    );
    await candidate.keyboard.press('Tab');
    expect(await candidate.evaluate(() => document.activeElement?.textContent?.trim())).to.equal(
      'Skip to main content',
    );
    await candidate.getByRole('link', { name: 'Go to your home page', exact: true }).click();
    await candidate.waitForURL('**/t/acme/home');
    expect(
      await candidate
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Manage credentials' })
        .count(),
      'not for candidates',
    ).to.equal(0);

    await candidate.goto(`${session.url}/t/acme/credentials/nothing-here`);
    await candidate.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor();
    await candidate.getByRole('link', { name: 'Go to your home page', exact: true }).waitFor();
  });

  it('puts "Manage credentials" in the admins’ navigation, at 1280 px and on a phone', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const admin = await freshPage({ viewport });
      await signIn(admin, ADMIN);
      const nav = admin.getByRole('navigation', { name: 'Main' });
      await nav.getByRole('link', { name: 'Manage credentials', exact: true }).click();
      await admin.waitForURL('**/t/acme/credentials/manage');
      await admin.getByRole('heading', { name: 'Manage credentials', level: 1 }).waitFor();
      const current = nav.getByRole('link', { name: 'Manage credentials', exact: true });
      expect(await current.getAttribute('aria-current')).to.equal('page');
      expect(await nav.getByRole('link', { name: 'Item bank', exact: true }).count()).to.equal(1);
      expect(await nav.getByRole('link', { name: 'Certifications', exact: true }).count()).to.equal(1);
    }
  });

  it('states the password rules before the first failure, and says at each field what is wrong', async () => {
    const page = await freshPage({ viewport: PHONE });
    await page.goto(`${session.url}/t/acme/register`);
    await page.getByRole('heading', { name: 'Create an account', level: 1 }).waitFor();
    const password = page.getByLabel('Password', { exact: true });
    const passwordField = page.locator('.field').filter({ has: password });
    expect(await passwordField.locator('.hint').textContent()).to.contain('At least 10 characters');

    await page.getByLabel('Name', { exact: true }).fill('Nova Newcomer');
    const email = page.getByLabel('Email', { exact: true });
    await email.fill('nova-at-example.org');
    await password.fill('short');
    await page.getByRole('button', { name: 'Create account', exact: true }).click();
    const emailField = page.locator('.field').filter({ has: email });
    await emailField
      .locator('.field-error')
      .getByText('Email: enter an e-mail address, such as name@example.org.', { exact: true })
      .waitFor();
    expect(await email.getAttribute('aria-invalid')).to.equal('true');
    await page.getByRole('alert').getByText('The account was not created: see the marked fields.').waitFor();
    expect(await page.locator('body').textContent(), 'no JSON pointers').not.to.match(/\/(email|password)\b/);

    await email.fill(`nova-${randomBytes(3).toString('hex')}@example.org`);
    await page.getByRole('button', { name: 'Create account', exact: true }).click();
    await passwordField
      .locator('.field-error')
      .getByText('Password: must be at least 10 characters.', { exact: true })
      .waitFor();
    expect(await email.getAttribute('aria-invalid'), 'the fixed e-mail is no longer marked').to.equal(null);
    expect(pageErrors, 'uncaught errors in the pages').to.deep.equal([]);
  });
});
