import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { browserSession, hasChromium, hasFocusSoon } from '../support/browser.js';

const ADMIN = { email: 'admin@acme.test', password: 'certamen-demo' };
const PLATFORM_ADMIN = { email: 'platform@certamen.test', password: 'certamen-demo' };
const PHONE = { width: 390, height: 844 };

const uniqueEmail = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}@example.test`;

/** True when the page is wider than the viewport (something forces sideways scrolling). */
const overflows = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

/**
 * On a phone-sized screen: an admin sees pending invitations, resends one and cancels one with the keyboard;
 * a platform admin opens a new tenant, edits it and invites its first admin, who joins through the link.
 */
describe('invitations in Chromium at 390 px (skipped when /usr/bin/chromium is missing)', function () {
  this.timeout(180_000);

  const session = browserSession();
  const { freshPage, signIn, pageErrors } = session;

  before(async function () {
    if (!hasChromium()) this.skip();
    await session.start();
  });

  after(() => session.close());

  it('lists pending invitations, resends one and cancels one from the keyboard, asking first', async () => {
    const page = await freshPage({ viewport: PHONE });
    await signIn(page, ADMIN);
    const admin = page.locator('[data-role-landing="admin"]');
    const invite = admin.getByRole('region', { name: 'Invite someone' });
    const [first, second] = [uniqueEmail('first'), uniqueEmail('second')];
    for (const email of [first, second]) {
      await invite.getByLabel('Invitee email', { exact: true }).fill(email);
      await invite.getByLabel('candidate', { exact: true }).check();
      await invite.getByRole('button', { name: 'Send invitation', exact: true }).click();
      await invite.getByText(`Invitation e-mailed to ${email}`, { exact: true }).waitFor();
    }

    const pending = admin.getByRole('list', { name: 'Pending invitations' });
    const rowOf = (email: string) => pending.getByRole('listitem').filter({ hasText: email });
    await rowOf(second).waitFor();
    expect(await rowOf(first).locator('.tag').allTextContents()).to.deep.equal(['candidate', 'pending']);
    expect(await rowOf(first).textContent()).to.contain('Invited by Adrian Admin');

    // Resend: the row shows the new link.
    await rowOf(first)
      .getByRole('button', { name: `Resend the invitation to ${first}`, exact: true })
      .click();
    await rowOf(first).getByText('the previous link no longer works', { exact: false }).waitFor();
    const link = await rowOf(first).getByLabel('New invitation link', { exact: true }).inputValue();
    expect(link).to.match(/\/t\/acme\/register\?invitation=/);

    // Cancel asks first; Escape keeps the invitation and returns focus to the button.
    const cancelSecond = rowOf(second).getByRole('button', {
      name: `Cancel the invitation to ${second}`,
      exact: true,
    });
    await cancelSecond.focus();
    await page.keyboard.press('Enter');
    const question = rowOf(second).getByText(`Cancel the invitation to ${second}?`, { exact: false });
    await question.waitFor();
    // Focus moves in an effect right after the question renders: wait for it rather than race it.
    expect(await hasFocusSoon(question), 'focus on the question').to.equal(true);
    expect(await overflows(page), 'sideways scrolling at 390 px').to.equal(false);
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    expect(await hasFocusSoon(cancelSecond), 'focus back on Cancel').to.equal(true);

    // Enter, Tab to "Yes, cancel it", Enter: the invitation is gone and the outcome is announced.
    await page.keyboard.press('Enter');
    await question.waitFor();
    // Tab only once the effect has put focus on the question, or it would take focus back after the Tab.
    expect(await hasFocusSoon(question), 'focus on the question again').to.equal(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).to.equal('Yes, cancel it');
    await page.keyboard.press('Enter');
    await admin.getByText(`Invitation to ${second} cancelled`, { exact: true }).waitFor();
    await rowOf(second).waitFor({ state: 'detached' });
    await rowOf(first).waitFor();

    expect(await overflows(page), 'sideways scrolling at 390 px').to.equal(false);
    expect(pageErrors, 'uncaught errors in the pages').to.deep.equal([]);
  });

  it('lets a platform admin open a new tenant, edit it and invite its first admin, who joins as admin', async () => {
    const page = await freshPage({ viewport: PHONE });
    await signIn(page, PLATFORM_ADMIN, 'platform');
    const slug = `e2e-${randomBytes(4).toString('hex')}`;
    await page.getByLabel('Slug', { exact: true }).fill(slug);
    await page.getByLabel('Name', { exact: true }).fill('Initech Academy');
    await page.getByRole('button', { name: 'Create tenant', exact: true }).click();

    // The new tenant opens, with the keyboard at its heading.
    const heading = page.getByRole('heading', { name: 'Initech Academy', exact: true });
    await heading.waitFor();
    expect(await hasFocusSoon(heading), 'focus on the opened tenant').to.equal(true);
    // The region is named by its heading, which follows the name as it is saved.
    const details = page.locator('section.tenant-details');
    expect(await details.getAttribute('aria-labelledby')).to.equal(await heading.getAttribute('id'));
    await details.getByLabel('Tenant name', { exact: true }).fill('Initech Partner Academy');
    await details.getByLabel('Primary colour (hex)', { exact: true }).fill('#7a1f5c');
    await details.getByRole('button', { name: 'Save settings', exact: true }).click();
    await details.getByText('Settings saved', { exact: true }).waitFor();
    await details.getByRole('heading', { name: 'Initech Partner Academy', exact: true }).waitFor();
    await page
      .getByRole('list', { name: 'Tenants' })
      .getByRole('button', { name: 'Close Initech Partner Academy', exact: true })
      .waitFor();

    // Its first admin: the admin role is already chosen.
    const email = uniqueEmail('first-admin');
    const invite = details.getByRole('region', { name: 'Invite an admin' });
    expect(await invite.getByLabel('admin', { exact: true }).isChecked()).to.equal(true);
    await invite.getByLabel('Invitee email', { exact: true }).fill(email);
    await invite.getByRole('button', { name: 'Send invitation', exact: true }).click();
    await invite.getByText(`Invitation e-mailed to ${email}`, { exact: true }).waitFor();
    const link = await invite.getByLabel('Invitation link', { exact: true }).inputValue();
    const row = details
      .getByRole('list', { name: 'Pending invitations' })
      .getByRole('listitem')
      .filter({ hasText: email });
    // The list reloads after the invitation is sent: wait for the row rather than read it at once.
    await row.waitFor();
    expect(await row.locator('.tag').allTextContents()).to.deep.equal(['admin', 'pending']);
    expect(await overflows(page), 'sideways scrolling at 390 px').to.equal(false);

    // The invitee joins through the link and lands as the new tenant's admin.
    const invitee = await freshPage({ viewport: PHONE });
    await invitee.goto(link);
    await invitee.getByLabel('Name', { exact: true }).fill('Ines First');
    await invitee.getByLabel('Email', { exact: true }).fill(email);
    await invitee.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await invitee.getByRole('button', { name: 'Create account', exact: true }).click();
    await invitee.waitForURL(`**/t/${slug}/home`);
    await invitee
      .locator('[data-role-landing="admin"]')
      .getByRole('heading', { name: 'Programme administration' })
      .waitFor();
    expect(pageErrors, 'uncaught errors in the pages').to.deep.equal([]);
  });
});
