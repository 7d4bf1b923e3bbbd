import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { CDPSession, Page } from 'playwright-core';
import { browserSession, hasChromium } from '../support/browser.js';

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

    // Register with a password and land on the candidate's home page.
    await page.goto(`${url}/t/acme/register`);
    await page.getByLabel('Name', { exact: true }).fill(displayName);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account', exact: true }).click();
    await page.waitForURL('**/t/acme/home');
    await page.locator('[data-role-landing="candidate"]').waitFor();

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
