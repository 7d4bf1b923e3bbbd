import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { browserSession, hasChromium } from '../support/browser.js';

const ADMIN = { email: 'admin@acme.test', password: 'certamen-demo' };
/** A brand colour unlike the demo tenant's, and how the browser reports it once applied. */
const NEW_BRAND = { hex: '#2a6f3b', rgb: 'rgb(42, 111, 59)' };

/**
 * An admin closes self-registration and invites a proctor; the invitee registers through the link alone,
 * and the admin then sees them in the users list.
 */
describe('admin invitation in Chromium (skipped when /usr/bin/chromium is missing)', function () {
  this.timeout(180_000);

  const session = browserSession();
  const { freshPage, signIn, pageErrors } = session;

  before(async function () {
    if (!hasChromium()) this.skip();
    await session.start();
  });

  after(() => session.close());

  it('invites a proctor into an invitation-only tenant, who registers through the link', async () => {
    const url = session.url;
    const invitee = { name: 'Ines Invited', email: `ines-${randomBytes(6).toString('hex')}@example.test` };

    // The admin signs in and closes self-registration; the new colour reaches the header at once.
    const adminPage = await freshPage();
    await adminPage.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
    await signIn(adminPage, ADMIN);
    const admin = adminPage.locator('[data-role-landing="admin"]');
    await admin.getByRole('heading', { name: 'Programme administration' }).waitFor();
    const settings = admin.getByRole('region', { name: 'Programme settings' });
    const selfRegistration = settings.getByLabel('Allow self-registration', { exact: true });
    expect(await selfRegistration.isChecked(), 'the demo tenant starts with self-registration').to.equal(
      true,
    );
    await selfRegistration.uncheck();
    await settings.getByLabel('Primary colour (hex)', { exact: true }).fill(NEW_BRAND.hex);
    await settings.getByRole('button', { name: 'Save settings', exact: true }).click();
    await settings.getByText('Settings saved', { exact: true }).waitFor();
    const headerColour = await adminPage
      .locator('header')
      .evaluate((header) => getComputedStyle(header).backgroundColor);
    expect(headerColour, 'header background after saving').to.equal(NEW_BRAND.rgb);

    // Invite the proctor and read the link.
    const invite = admin.getByRole('region', { name: 'Invite someone' });
    await invite.getByLabel('Invitee email', { exact: true }).fill(invitee.email);
    await invite.getByLabel('proctor', { exact: true }).check();
    expect(await invite.getByLabel('Valid for (days)', { exact: true }).inputValue()).to.equal('14');
    await invite.getByRole('button', { name: 'Send invitation', exact: true }).click();
    await invite.getByText(`Invitation e-mailed to ${invitee.email}`, { exact: true }).waitFor();
    const link = await invite.getByLabel('Invitation link', { exact: true }).inputValue();
    expect(link).to.match(new RegExp(`^${url}/t/acme/register\\?invitation=[^&]+$`));
    await invite.getByRole('button', { name: 'Copy link', exact: true }).click();
    await invite.getByText('Link copied', { exact: true }).waitFor();
    expect(await adminPage.evaluate(() => navigator.clipboard.readText()), 'clipboard').to.equal(link);

    // Sign out; the invitee opens the link in a browser that has never seen the tenant.
    await adminPage.getByRole('button', { name: 'Sign out', exact: true }).click();
    await adminPage.waitForURL('**/t/acme/sign-in');
    const inviteePage = await freshPage();
    await inviteePage.goto(link);
    await inviteePage.getByText('You have been invited to Acme Partner Academy.', { exact: true }).waitFor();
    await inviteePage.getByLabel('Name', { exact: true }).fill(invitee.name);
    await inviteePage.getByLabel('Email', { exact: true }).fill(invitee.email);
    await inviteePage.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await inviteePage.getByRole('button', { name: 'Create account', exact: true }).click();
    await inviteePage.waitForURL('**/t/acme/home');
    await inviteePage
      .locator('[data-role-landing="proctor"]')
      .getByRole('heading', { name: 'Proctor console' })
      .waitFor();
    expect(await inviteePage.locator('[data-role-landing]').count(), 'landing sections').to.equal(1);

    // Back as admin: the invitee is a member with the proctor role.
    await signIn(adminPage, ADMIN);
    const row = adminPage
      .getByRole('list', { name: 'Users' })
      .getByRole('listitem')
      .filter({ hasText: invitee.email });
    await row.waitFor();
    expect(await row.locator('.tag').allTextContents()).to.deep.equal(['proctor', 'active']);

    // Roles and status change inline; the API's refusal to lock the admin out shows as an alert.
    await row.getByRole('button', { name: `Edit roles of ${invitee.name}`, exact: true }).click();
    await row.getByLabel('author', { exact: true }).check();
    await row.getByRole('button', { name: 'Save roles', exact: true }).click();
    await row.getByText(`Roles of ${invitee.name} saved`, { exact: true }).waitFor();
    await row.getByText('author', { exact: true }).waitFor();
    await row.getByRole('button', { name: `Disable ${invitee.name}`, exact: true }).click();
    await row.getByRole('button', { name: `Enable ${invitee.name}`, exact: true }).waitFor();
    expect(await row.locator('.tag').allTextContents()).to.deep.equal(['proctor', 'author', 'disabled']);

    const own = adminPage
      .getByRole('list', { name: 'Users' })
      .getByRole('listitem')
      .filter({ hasText: ADMIN.email });
    await own.getByRole('button', { name: 'Edit roles of Adrian Admin', exact: true }).click();
    await own.getByLabel('admin', { exact: true }).uncheck();
    await own.getByLabel('candidate', { exact: true }).check();
    await own.getByRole('button', { name: 'Save roles', exact: true }).click();
    expect(await own.getByRole('alert').textContent()).to.contain('cannot remove your own admin role');

    // Without an invitation, the register page now says the tenant is invitation-only.
    const visitorPage = await freshPage();
    await visitorPage.goto(`${url}/t/acme/register`);
    await visitorPage
      .getByText('Acme Partner Academy registers people by invitation.', { exact: false })
      .waitFor();
    expect(await visitorPage.getByRole('button', { name: 'Create account' }).count()).to.equal(0);
    expect(pageErrors, 'uncaught errors in the pages').to.deep.equal([]);
  });
});
