import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { browserSession, hasChromium } from '../support/browser.js';

const AUTHOR = { email: 'author@acme.test', password: 'certamen-demo' };
const ADMIN = { email: 'admin@acme.test', password: 'certamen-demo' };
/** A phone's viewport: the author works on one. */
const PHONE = { width: 390, height: 844 };

/**
 * An author writes a single-choice item on a phone-sized screen: the server's refusal of an item without a
 * key shows next to the key, the fixed item is saved and submitted for review, and the author's own approval
 * is refused; an admin then approves it and the bank lists it as active.
 */
describe('item authoring in Chromium (skipped when /usr/bin/chromium is missing)', function () {
  this.timeout(180_000);

  const session = browserSession();
  const { freshPage, signIn, pageErrors } = session;

  /** Whether the page scrolls sideways (it must not, on a phone). */
  const overflowsSideways = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

  before(async function () {
    if (!hasChromium()) this.skip();
    await session.start();
  });

  after(() => session.close());

  it('writes, fixes, submits and approves a single-choice item', async () => {
    const externalId = `E2E-${randomBytes(4).toString('hex').toUpperCase()}`;

    // The author opens the bank from their landing.
    const author = await freshPage({ viewport: PHONE });
    await signIn(author, AUTHOR);
    const landing = author.locator('[data-role-landing="author"]');
    await landing.getByRole('link', { name: 'Open the item bank', exact: true }).click();
    await author.waitForURL('**/t/acme/items');
    await author.getByRole('heading', { name: 'Item bank', level: 1 }).waitFor();
    await author.getByRole('region', { name: 'Items' }).waitFor();
    await author.getByRole('link', { name: 'New item', exact: true }).click();
    await author.waitForURL('**/t/acme/items/new');

    // A single-choice item with an empty option and no key chosen.
    await author.getByLabel('Type', { exact: true }).selectOption('single_choice');
    await author.getByLabel('External id', { exact: true }).fill(externalId);
    await author.getByLabel('Domain', { exact: true }).fill('networking');
    await author.getByLabel('Tags', { exact: true }).fill('dns, basics');
    await author.getByLabel('Stem', { exact: true }).fill('Which port does DNS use by default?');
    await author.getByLabel('Option 1', { exact: true }).fill('53');
    await author.getByLabel('Option 2', { exact: true }).fill('80');
    await author.getByLabel('Option 4', { exact: true }).fill('443');
    await author.getByRole('button', { name: 'Remove option 4', exact: true }).click();
    expect(await author.getByLabel('Option 4', { exact: true }).count(), 'rows after Remove').to.equal(0);
    await author.getByRole('button', { name: 'Create item', exact: true }).click();

    // The server's errors sit next to the fields their paths name, and the summary links to them.
    const key = author.getByRole('group', { name: 'Correct answer', exact: true });
    await key
      .locator('.field-error')
      .getByText('Answer key: choose the correct answer.', { exact: true })
      .waitFor();
    const optionThree = author.getByLabel('Option 3', { exact: true });
    expect(await optionThree.getAttribute('aria-invalid'), 'the empty option is marked').to.equal('true');
    const summary = author.getByRole('alert').filter({ hasText: 'The item was not created' });
    expect(await summary.textContent()).to.contain('Answer key: choose the correct answer.');
    expect(await summary.textContent()).to.contain('Option 3: must not be empty.');
    expect(await summary.textContent(), 'no raw validator text').not.to.match(
      /correct is required|\/content/,
    );
    expect(author.url(), 'nothing was created').to.match(/\/items\/new$/);
    expect(await overflowsSideways(author), 'the editor fits a phone').to.equal(false);

    // Fix both and save: the editor of the new item opens.
    await optionThree.fill('25');
    await key.getByLabel('53', { exact: true }).check();
    await author.getByRole('button', { name: 'Create item', exact: true }).click();
    await author.getByText(`Item ${externalId} created as a draft`, { exact: true }).waitFor();
    expect(author.url()).to.match(/\/t\/acme\/items\/[0-9a-f-]{36}$/);
    await author.getByRole('heading', { name: `Item ${externalId}`, level: 1 }).waitFor();
    expect(await author.locator('[aria-invalid="true"]').count(), 'no field is marked any more').to.equal(0);
    expect(await author.getByLabel('Option 3', { exact: true }).inputValue()).to.equal('25');
    expect(await key.getByLabel('53', { exact: true }).isChecked()).to.equal(true);

    // An edit is saved in place (still version 1), then submitted for review.
    await author.getByLabel('Stem', { exact: true }).fill('Which UDP port does DNS use by default?');
    await author.getByRole('button', { name: 'Save changes', exact: true }).click();
    await author.getByText('Changes saved', { exact: true }).waitFor();
    const review = author.getByRole('region', { name: 'Review' });
    await review.getByRole('button', { name: 'Submit for review', exact: true }).click();
    await review.getByText('Version 1 submitted for review', { exact: true }).waitFor();
    expect(
      await author.getByText('Changes saved', { exact: true }).count(),
      'the save notice is gone',
    ).to.equal(0);

    // The author is not offered the review of their own version: nobody reviews their own item.
    await review
      .getByText(/You wrote it, so another author or an administrator approves or rejects it/)
      .waitFor();
    expect(await review.getByRole('button', { name: 'Approve', exact: true }).count()).to.equal(0);
    expect(await review.getByRole('button', { name: 'Reject', exact: true }).count()).to.equal(0);
    expect(await review.getByLabel('Review comment', { exact: true }).count()).to.equal(0);
    const history = author.getByRole('region', { name: 'Version history' });
    expect(await history.locator('tbody tr').count()).to.equal(1);
    expect(await history.locator('tbody tr').first().textContent()).to.contain('In review');
    expect(await overflowsSideways(author), 'the editor fits a phone').to.equal(false);

    // An admin finds it waiting for review (the demo bank's own items are all active), and approves it.
    const admin = await freshPage();
    await signIn(admin, ADMIN);
    await admin
      .locator('[data-role-landing="admin"]')
      .getByRole('link', { name: /^\d+\+? items? waiting for review$/ })
      .click();
    await admin.waitForURL('**/t/acme/items?status=in_review');
    const items = admin.getByRole('region', { name: 'Items' });
    await items.getByRole('link', { name: externalId, exact: true }).click();
    await admin.getByRole('heading', { name: `Item ${externalId}`, level: 1 }).waitFor();
    const adminReview = admin.getByRole('region', { name: 'Review' });
    await adminReview.getByLabel('Review comment', { exact: true }).fill('Clear and correct.');
    await adminReview.getByRole('button', { name: 'Approve', exact: true }).click();
    await adminReview.getByText('Version 1 approved: it is now active', { exact: true }).waitFor();
    await adminReview.getByRole('button', { name: 'Retire', exact: true }).waitFor();
    const adminHistory = admin.getByRole('region', { name: 'Version history' });
    await adminHistory.getByText('Clear and correct.', { exact: true }).waitFor();
    const approved = await adminHistory.locator('tbody tr').first().textContent();
    expect(approved).to.contain('Active').and.contain('Avery Author').and.contain('You');

    // Back in the bank, unfiltered: the item is active; the bank says how many items it holds in all.
    await admin.getByRole('link', { name: '← Item bank', exact: true }).click();
    await admin.waitForURL('**/t/acme/items');
    const count = admin.getByText(/^Showing 50 of \d+ items$/);
    await count.waitFor();
    const total = Number(/of (\d+)/.exec((await count.textContent()) ?? '')?.[1]);
    expect(total, 'the 160 demo items and this one at least').to.be.at.least(161);
    await admin.getByRole('button', { name: 'Show 50 more', exact: true }).click();
    await admin.getByText(`Showing 100 of ${total} items`, { exact: true }).waitFor();
    const row = admin.getByRole('region', { name: 'Items' }).getByRole('row').filter({ hasText: externalId });
    await row.getByText('Active', { exact: true }).waitFor();
    expect(await row.textContent())
      .to.contain('Single choice')
      .and.contain('networking');

    // The author's bank, filtered to active items in the domain and searched for the id, shows it alone.
    await author.goto(`${session.url}/t/acme/items`);
    await author.getByLabel('Status', { exact: true }).selectOption('active');
    const domainFilter = author.getByLabel('Domain', { exact: true });
    // The domains arrive with the bank's summary: wait for them before reading the options.
    await domainFilter.locator('option', { hasText: 'networking' }).waitFor({ state: 'attached' });
    const domains = await domainFilter.locator('option').allTextContents();
    expect(domains, "the bank's domains are offered").to.include('networking').and.include('Any domain');
    await domainFilter.selectOption('networking');
    await author.getByLabel('Search', { exact: true }).fill(externalId);
    await author.getByRole('button', { name: 'Filter', exact: true }).click();
    await author.waitForURL(`**/t/acme/items?status=active&domain=networking&q=${externalId}`);
    const authorRow = author.getByRole('row').filter({ hasText: externalId });
    await authorRow.getByText('Active', { exact: true }).waitFor();
    expect(await author.getByRole('row').count(), 'header and one item').to.equal(2);
    expect(pageErrors, 'uncaught errors in the pages').to.deep.equal([]);
  });
});
