import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { browserSession, hasChromium } from '../support/browser.js';
import { bankFile } from '../support/items.js';

const ADMIN = { email: 'admin@acme.test', password: 'certamen-demo' };
const AUTHOR = { email: 'author@acme.test', password: 'certamen-demo' };
/** A phone's viewport: the blueprint editor must work on one. */
const PHONE = { width: 390, height: 844 };
/**
 * The bank this test brings, in domains of its own so the counts below hold whatever else the tenant holds:
 * 12 active calibrated items in alpha-e2e and 10 in beta-e2e.
 */
const BANK = { 'alpha-e2e': 12, 'beta-e2e': 10 };

/**
 * An admin defines a certification (a malformed code is refused next to its field), writes a linear blueprint
 * that asks for more items than the bank has, checks it against the bank and reads what is short, fixes the
 * length and saves version 1; then switches to an adaptive exam and runs a simulation study of it. An author
 * reads the blueprint and may check it, but not save it.
 */
describe('certifications and blueprints in Chromium (skipped when /usr/bin/chromium is missing)', function () {
  this.timeout(180_000);

  const session = browserSession();
  const { freshPage, signIn, pageErrors } = session;

  /** Imports the test's bank through the API, as an admin would with a bank file. */
  async function importBank(): Promise<void> {
    const login = await fetch(`${session.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ tenant: 'acme', ...ADMIN }),
    });
    expect(login.status, 'API sign-in').to.equal(200);
    const { accessToken } = (await login.json()) as { accessToken: string };
    const imported = await fetch(`${session.url}/api/v1/item-bank/import`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
      body: JSON.stringify(bankFile(BANK)),
    });
    expect(imported.status, `bank import: ${await imported.clone().text()}`).to.equal(200);
  }

  /** Whether the page scrolls sideways (it must not, on a phone). */
  const overflowsSideways = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

  before(async function () {
    if (!hasChromium()) this.skip();
    await session.start();
    await importBank();
  });

  after(() => session.close());

  it('defines a certification, checks and saves its blueprint, and simulates an adaptive exam', async () => {
    const code = `E2E-${randomBytes(3).toString('hex').toUpperCase()}`;
    const title = 'End-to-end Cloud Specialist';

    // The admin opens the certifications from their landing.
    const admin = await freshPage({ viewport: PHONE });
    await signIn(admin, ADMIN);
    await admin
      .locator('[data-role-landing="admin"]')
      .getByRole('link', { name: 'Open certifications', exact: true })
      .click();
    await admin.waitForURL('**/t/acme/certifications');
    await admin.getByRole('heading', { name: 'Certifications', level: 1 }).waitFor();

    // A one-letter code and no title: the server's refusals sit next to those fields.
    const define = admin.getByRole('region', { name: 'Define a certification' });
    await define.getByLabel('Code', { exact: true }).fill('x');
    await define.getByLabel('Valid for (months)', { exact: true }).fill('24');
    await define.getByRole('button', { name: 'Define certification', exact: true }).click();
    const codeInput = define.getByLabel('Code', { exact: true });
    await define
      .locator('.field-error')
      .getByText(/^Code: use capital letters/)
      .waitFor();
    expect(await codeInput.getAttribute('aria-invalid'), 'the code is marked').to.equal('true');
    expect(await define.getByLabel('Title', { exact: true }).getAttribute('aria-invalid')).to.equal('true');
    const summary = define.getByRole('alert').filter({ hasText: 'The certification was not defined' });
    expect(await summary.textContent()).to.contain('Title: must not be empty');

    // Fixed, it is defined and its page opens.
    await codeInput.fill(code);
    await define.getByLabel('Title', { exact: true }).fill(title);
    await define.getByLabel('Description', { exact: true }).fill('Designs workloads on Acme Cloud.');
    await define.getByRole('button', { name: 'Define certification', exact: true }).click();
    await admin.getByText(`Certification ${code} defined: now write its exam blueprint.`).waitFor();
    expect(admin.url()).to.match(/\/t\/acme\/certifications\/[0-9a-f-]{36}$/);
    await admin.getByRole('heading', { name: `${code}: ${title}`, level: 1 }).waitFor();
    const editor = admin.getByRole('region', { name: 'Exam blueprint' });
    await editor.getByText('No blueprint saved yet.', { exact: true }).waitFor();

    // Two weighted domains and a linear exam of 30 items: each domain needs 15, the bank has 12 and 10.
    const first = editor.getByRole('group', { name: 'Domain 1', exact: true });
    await first.getByLabel('Code', { exact: true }).fill('alpha-e2e');
    await first.getByLabel('Title', { exact: true }).fill('Alpha');
    await first.getByLabel('Weight', { exact: true }).fill('0.5');
    await editor.getByRole('button', { name: 'Add domain', exact: true }).click();
    const second = editor.getByRole('group', { name: 'Domain 2', exact: true });
    await second.getByLabel('Code', { exact: true }).fill('beta-e2e');
    await second.getByLabel('Title', { exact: true }).fill('Beta');
    await second.getByLabel('Weight', { exact: true }).fill('0.5');
    expect(await editor.getByLabel('Delivery mode', { exact: true }).inputValue()).to.equal('linear');
    await editor.getByLabel('Items per form', { exact: true }).fill('30');
    await editor.getByRole('button', { name: 'Check against the bank', exact: true }).click();
    const verdict = editor.getByRole('alert').filter({ hasText: 'Not feasible' });
    await verdict.getByText('Domain Alpha needs 15 active items, has 12', { exact: true }).waitFor();
    await verdict.getByText('Domain Beta needs 15 active items, has 10', { exact: true }).waitFor();
    expect(await overflowsSideways(admin), 'the editor fits a phone').to.equal(false);

    // Saving it anyway is refused with the same problems, said plainly.
    await editor.getByRole('button', { name: 'Save blueprint', exact: true }).click();
    const refused = editor.getByRole('alert').filter({ hasText: 'Not saved' });
    await refused.getByText('Domain Beta needs 15 active items, has 10', { exact: true }).waitFor();

    // 20 items fit the bank: the check passes, and the blueprint is saved as version 1.
    await editor.getByLabel('Items per form', { exact: true }).fill('20');
    await editor.getByRole('button', { name: 'Check against the bank', exact: true }).click();
    await editor
      .getByText('Feasible: the active bank can deliver this blueprint.', { exact: true })
      .waitFor();
    await editor.getByRole('button', { name: 'Save blueprint', exact: true }).click();
    await editor.getByText('Blueprint saved as version 1', { exact: true }).waitFor();
    expect(await editor.locator('.saved-version').textContent()).to.contain('Current saved version: 1');
    await admin.getByText('Blueprint version 1', { exact: true }).waitFor();

    // The list shows it with its blueprint version.
    await admin.getByRole('link', { name: '← Certifications', exact: true }).click();
    await admin.waitForURL('**/t/acme/certifications');
    const row = admin
      .getByRole('region', { name: 'Certifications', exact: true })
      .getByRole('row')
      .filter({ hasText: code });
    await row.getByText('Version 1', { exact: true }).waitFor();
    expect(await row.textContent())
      .to.contain(title)
      .and.contain('24 months');
    await row.getByRole('link', { name: code, exact: true }).click();
    await admin.getByRole('heading', { name: `${code}: ${title}`, level: 1 }).waitFor();

    // Adaptive: scored on theta, stops between 10 and 16 items; a simulation study of 50 candidates.
    await editor.getByLabel('Delivery mode', { exact: true }).selectOption('adaptive');
    expect(await editor.getByLabel('Scoring method', { exact: true }).inputValue()).to.equal('theta');
    expect(await editor.getByLabel('Stopping rule', { exact: true }).inputValue()).to.equal('standard_error');
    await editor.getByLabel('Minimum length', { exact: true }).fill('10');
    await editor.getByLabel('Maximum length', { exact: true }).fill('16');
    const study = admin.getByRole('region', { name: 'Run a simulation study' });
    await study.getByLabel('Simulated candidates', { exact: true }).fill('50');
    await study.getByLabel('Seed', { exact: true }).fill('7');
    await study.getByRole('button', { name: 'Run the simulation', exact: true }).click();
    const figures = study.getByRole('region', { name: 'Simulation results' });
    const rmse = figures
      .getByRole('row')
      .filter({ has: admin.getByRole('rowheader', { name: 'RMSE', exact: true }) });
    await rmse.waitFor();
    expect(await rmse.textContent()).to.match(/\d\.\d{3} logits/);
    expect(await rmse.textContent()).to.contain('Typical error of the ability estimate, in logits');
    expect(await figures.locator('caption').textContent()).to.contain('50 simulated candidates');
    await figures.getByRole('rowheader', { name: 'Maximum exposure', exact: true }).waitFor();
    expect(await overflowsSideways(admin), 'the study fits a phone').to.equal(false);

    // An author reads the saved blueprint and may check it, but saves nothing.
    const author = await freshPage();
    await signIn(author, AUTHOR);
    await author
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Certifications' })
      .click();
    await author.getByRole('link', { name: code, exact: true }).click();
    await author.getByRole('heading', { name: `${code}: ${title}`, level: 1 }).waitFor();
    const authorEditor = author.getByRole('region', { name: 'Exam blueprint' });
    expect(await authorEditor.getByLabel('Items per form', { exact: true }).inputValue()).to.equal('20');
    await authorEditor.getByRole('button', { name: 'Check against the bank', exact: true }).click();
    await authorEditor
      .getByText('Feasible: the active bank can deliver this blueprint.', { exact: true })
      .waitFor();
    expect(await author.getByRole('button', { name: 'Save blueprint' }).count()).to.equal(0);
    expect(await author.getByRole('button', { name: 'Save details' }).count()).to.equal(0);
    expect(pageErrors, 'uncaught errors in the pages').to.deep.equal([]);
  });
});
