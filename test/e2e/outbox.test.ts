import { expect } from 'chai';
import { browserSession, hasChromium } from '../support/browser.js';

const ADMIN = { email: 'admin@acme.test', password: 'certamen-demo' };

/**
 * With no SMTP server configured, the e-mail the demo seed caused (Casey's credential) waits in the outbox;
 * an admin finds it under "Outbox" and reads what would have been sent.
 */
describe('the outbox in Chromium (skipped when /usr/bin/chromium is missing)', function () {
  this.timeout(180_000);

  const session = browserSession();
  const { freshPage, signIn, pageErrors } = session;

  before(async function () {
    if (!hasChromium()) this.skip();
    await session.start();
  });

  after(() => session.close());

  it('shows an admin the e-mails kept without SMTP, and one e-mail with its text', async () => {
    const page = await freshPage({ viewport: { width: 390, height: 844 } });
    await signIn(page, ADMIN);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Outbox' }).click();
    await page.waitForURL('**/t/acme/outbox');
    await page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();
    await page.getByText('When the server has no SMTP server configured', { exact: false }).waitFor();

    const list = page.getByRole('region', { name: 'Outgoing e-mails' });
    const subject = 'Your Acme Cloud Platform Foundations credential from';
    const row = list.getByRole('row').filter({ hasText: 'candidate@acme.test' });
    expect(await row.getByText('Waiting', { exact: true }).count()).to.equal(1);
    await row.getByRole('link', { name: subject, exact: false }).click();
    await page.waitForURL(/\/t\/acme\/outbox\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: subject, exact: false, level: 1 }).waitFor();
    const text = await page.locator('pre.outbox-text').innerText();
    expect(text).to.contain('Congratulations, Casey Candidate!');
    expect(text).to.match(/Certificate ID: [A-Z0-9-]+/);

    await page.getByRole('link', { name: '← Back to the outbox' }).click();
    await page.waitForURL('**/t/acme/outbox');
    expect(pageErrors).to.deep.equal([]);
  });
});
