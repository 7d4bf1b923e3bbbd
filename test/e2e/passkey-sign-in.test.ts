import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { CDPSession, Page } from 'playwright-core';
import { browserSession, hasChromium } from '../support/browser.js';
import { linkInEmail } from '../support/mailbox.js';

/** Register, enrol a passkey on Chromium's virtual authenticator, sign out, sign back in with only the passkey. */
describe('passkey sign-in in Chromium (skipped when /usr/bin/chromium is missing)', function () {
  this.timeout(180_000);

  const session = browserSession();
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId: string;

  before(async function () {
    if (!hasChromium()) this.skip();
    await session.start();
    page = await session.freshPage();

    // WebAuthn domain of the DevTools protocol: a platform authenticator that holds discoverable
    // credentials and verifies the user without a prompt.
    cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    }));
  });

  after(() => session.close());

  it('signs a registered candidate back in with a discoverable passkey and no e-mail', async () => {
    const url = session.url;
    const displayName = 'Ada Passkey';
    const email = `ada-${randomBytes(6).toString('hex')}@example.test`;

    // Register with a password: the page says to check the inbox, and nobody is signed in yet.
    const password = 'correct horse battery staple';
    await page.goto(`${url}/t/acme/register`);
    await page.getByLabel('Name', { exact: true }).fill(displayName);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Create account', exact: true }).click();
    await page.getByRole('heading', { name: 'Check your e-mail', exact: true }).waitFor();
    expect(await page.getByRole('status').textContent()).to.contain(email);

    // Signed in before confirming, the home page asks to confirm the address and offers a new link.
    await session.signIn(page, { email, password });
    const confirm = page.locator('[data-confirm-address]');
    expect(await confirm.textContent()).to.contain(`We sent a link to ${email}`);
    await confirm.getByRole('button', { name: 'Send a new link', exact: true }).click();
    await confirm.getByText(`We sent a new link to ${email}.`, { exact: false }).waitFor();

    // The e-mailed link (read from the outbox: no SMTP in tests) confirms the address.
    const link = await linkInEmail(session.db, email, 'email-verification');
    expect(link).to.match(new RegExp(`^${url}/t/acme/verify-email\\?token=`));
    await page.goto(link);
    await page.getByRole('heading', { name: 'Your e-mail address is confirmed', exact: true }).waitFor();
    await page.getByRole('link', { name: 'Go to your home page', exact: true }).click();
    await page.waitForURL('**/t/acme/home');
    await page.locator('[data-role-landing="candidate"]').waitFor();
    expect(await confirm.count(), 'no confirmation banner once confirmed').to.equal(0);

    // Enrol a passkey.
    await page.getByRole('link', { name: 'Passkeys', exact: true }).click();
    await page.waitForURL('**/t/acme/passkeys');
    await page.getByLabel('Passkey name', { exact: true }).fill('Virtual authenticator');
    await page.getByRole('button', { name: 'Add a passkey', exact: true }).click();
    await page.getByText('Passkey added', { exact: true }).waitFor();
    await page.getByRole('list', { name: 'Your passkeys' }).getByText('Virtual authenticator').waitFor();

    const enrolled = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(enrolled.credentials, 'credentials on the virtual authenticator').to.have.length(1);
    const credential = enrolled.credentials[0]!;
    expect(credential.isResidentCredential, 'the passkey is discoverable').to.equal(true);

    // Sign out, then sign in with the passkey alone.
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/t/acme/sign-in');
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).to.equal('');
    await page.getByRole('button', { name: 'Sign in with a passkey', exact: true }).click();
    await page.waitForURL('**/t/acme/home');

    const landing = page.locator('[data-role-landing="candidate"]');
    await landing.getByRole('heading', { name: 'My certifications' }).waitFor();
    expect(await page.locator('header').textContent()).to.contain(displayName);

    // The assertion was made by the enrolled credential (its counter moved) and no new one was created.
    const afterSignIn = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(afterSignIn.credentials).to.have.length(1);
    expect(afterSignIn.credentials[0]!.credentialId).to.equal(credential.credentialId);
    expect(afterSignIn.credentials[0]!.signCount).to.be.greaterThan(credential.signCount);
    expect(session.pageErrors, 'uncaught errors in the page').to.deep.equal([]);
  });
});
