import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';
import type { Download, Page } from 'playwright-core';
import { browserSession, hasChromium, hasFocusSoon } from '../support/browser.js';

const ADMIN = { email: 'admin@acme.test', password: 'certamen-demo' };
const CANDIDATE = { email: 'candidate@acme.test', password: 'certamen-demo', name: 'Casey Candidate' };
/** A phone's viewport: both credential pages must work on one without scrolling sideways. */
const PHONE = { width: 390, height: 844 };
const ASSOCIATE = { code: 'ACP-A', title: 'Acme Cloud Platform Associate' };
/** A certificate ID as the server makes them for the tenant `acme`: `ACME-7K3F-9Q2M-X4TB-QZ`. */
const CERTIFICATE_ID = /ACME(?:-[0-9A-Z]{1,4}){4}/;

/**
 * An admin on a phone issues a credential to the demo candidate by hand (a malformed e-mail is refused next
 * to its field) and imports two holders from CSV (a bad row imports nobody; fixed, both are imported). The
 * candidate finds the credential under "My credentials" as Valid, downloads the PDF certificate and the
 * signed credential, copies and follows the verification link. The admin revokes it; the candidate then
 * sees it as Revoked.
 */
describe('credentials in Chromium (skipped when /usr/bin/chromium is missing)', function () {
  this.timeout(180_000);

  const session = browserSession();
  const { freshPage, signIn, pageErrors } = session;

  /** Whether the page scrolls sideways (it must not, on a phone). */
  const overflowsSideways = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

  /** Clicks a button that saves a file, and returns the download with its bytes. */
  async function downloadOf(
    page: Page,
    click: () => Promise<void>,
  ): Promise<{ file: Download; bytes: Buffer }> {
    const [file] = await Promise.all([page.waitForEvent('download'), click()]);
    return { file, bytes: await readFile(await file.path()) };
  }

  /** Opens the admins' credentials page from the admin landing. */
  async function openManagePage(page: Page): Promise<void> {
    await page
      .locator('[data-role-landing="admin"]')
      .getByRole('link', { name: 'Manage credentials', exact: true })
      .click();
    await page.waitForURL('**/t/acme/credentials/manage');
    await page.getByRole('heading', { name: 'Manage credentials', level: 1 }).waitFor();
  }

  before(async function () {
    if (!hasChromium()) this.skip();
    await session.start();
  });

  after(() => session.close());

  it('issues, imports, shows, downloads, verifies and revokes credentials', async () => {
    const url = session.url;
    const page = await freshPage({ viewport: PHONE });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });

    // The admin opens the credentials page from their landing.
    await signIn(page, ADMIN);
    await openManagePage(page);
    const list = page.getByRole('region', { name: 'Credentials', exact: true });

    // A malformed e-mail: the server's refusal sits next to the field.
    const issue = page.getByRole('region', { name: 'Issue a credential' });
    await issue
      .getByLabel('Certification', { exact: true })
      .selectOption({ label: `${ASSOCIATE.code}: ${ASSOCIATE.title}` });
    await issue.getByLabel('Holder name', { exact: true }).fill(CANDIDATE.name);
    const email = issue.getByLabel('Holder e-mail', { exact: true });
    await email.fill('casey-at-acme.test');
    const today = await issue.getByLabel('Issue date', { exact: true }).inputValue();
    expect(today, 'the issue date defaults to today').to.match(/^\d{4}-\d{2}-\d{2}$/);
    await issue.getByRole('button', { name: 'Issue credential', exact: true }).click();
    const emailField = issue
      .locator('.field')
      .filter({ has: page.getByLabel('Holder e-mail', { exact: true }) });
    await emailField.locator('.field-error').getByText('enter an e-mail address', { exact: false }).waitFor();
    expect(await email.getAttribute('aria-invalid'), 'the e-mail is marked').to.equal('true');
    await issue.getByRole('alert').filter({ hasText: 'The credential was not issued' }).waitFor();

    // Fixed, the credential is issued and listed.
    await email.fill(CANDIDATE.email);
    await issue.getByRole('button', { name: 'Issue credential', exact: true }).click();
    const issued = issue.getByText(/^Credential \S+ issued to Casey Candidate$/);
    await issued.waitFor();
    const certificateId = CERTIFICATE_ID.exec((await issued.textContent()) ?? '')?.[0] ?? '';
    expect(certificateId, 'the certificate ID in the confirmation').to.match(CERTIFICATE_ID);
    expect(await email.getAttribute('aria-invalid')).to.equal(null);
    const issuedRow = list.getByRole('row').filter({ hasText: certificateId });
    await issuedRow.getByText('Valid', { exact: true }).waitFor();
    expect(await issuedRow.textContent())
      .to.contain(CANDIDATE.email)
      .and.contain(ASSOCIATE.code);
    expect(await overflowsSideways(page), 'the admin page fits a phone').to.equal(false);

    // A CSV read from a file, with a malformed e-mail on line 3: nothing is imported.
    const run = randomBytes(3).toString('hex');
    const dana = `dana-${run}@example.org`;
    const header = 'name,email,certification,issued,legacy id';
    const danaRow = `Dana Import,${dana},ACP-F,2025-06-01,OLD-${run}-1`;
    const badCsv = `${header}\n${danaRow}\nEli Import,eli-${run}-at-example.org,ACP-A,2025-06-02,OLD-${run}-2\n`;
    const importer = page.getByRole('region', { name: 'Import holders from CSV' });
    await importer.getByLabel('Or read a CSV file', { exact: true }).setInputFiles({
      name: 'holders.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(badCsv),
    });
    const csvText = importer.getByLabel('Holders (CSV)', { exact: true });
    // The file is read asynchronously: wait until the text holds it.
    await page.waitForFunction(
      (expected) =>
        document.querySelector<HTMLTextAreaElement>('.holder-import textarea')?.value === expected,
      badCsv,
    );
    await importer.getByRole('button', { name: 'Import', exact: true }).click();
    const problems = importer.getByRole('alert').filter({ hasText: 'nothing was imported' });
    await problems.waitFor();
    const problemLines = await problems.getByRole('listitem').allTextContents();
    expect(problemLines).to.have.length(1);
    expect(problemLines[0]).to.match(/^line 3 \(email\): .*is not an e-mail address$/);
    expect(await list.getByText(dana).count(), 'nothing imported').to.equal(0);
    expect(await overflowsSideways(page), 'the problems fit a phone').to.equal(false);

    // Fixed: checked first (nothing imported yet), then imported, with the new certificate IDs listed.
    await csvText.fill(
      `${header}\n${danaRow}\nEli Import,eli-${run}@example.org,ACP-A,2025-06-02,OLD-${run}-2\n`,
    );
    await importer.getByRole('button', { name: 'Check', exact: true }).click();
    await importer.getByText('The file is ready: 2 holders can be imported.', { exact: true }).waitFor();
    expect(await list.getByText(dana).count(), 'a check imports nothing').to.equal(0);
    await importer.getByRole('button', { name: 'Import', exact: true }).click();
    await importer.getByText('Imported 2 holders.', { exact: true }).waitFor();
    const imported = importer.getByRole('table', { name: 'Imported holders' });
    const importedRows = imported.locator('tbody').getByRole('row');
    expect(await importedRows.count()).to.equal(2);
    for (const text of await importedRows.allTextContents()) expect(text).to.match(CERTIFICATE_ID);
    await list.getByRole('row').filter({ hasText: dana }).getByText('Valid', { exact: true }).waitFor();
    expect(await overflowsSideways(page), 'the imported holders fit a phone').to.equal(false);

    // Signing keys: the first issue made one; a rotation retires it.
    const keys = page.getByRole('region', { name: 'Signing keys' });
    const keyStatuses = keys.locator('tbody td[data-label="Status"]');
    await keyStatuses.getByText('Active', { exact: true }).waitFor();
    await keys.getByRole('button', { name: 'Rotate key', exact: true }).click();
    await keys.getByText(/^Key \S+ is now active/).waitFor();
    await keyStatuses.getByText('Retired', { exact: true }).first().waitFor();
    expect(await keyStatuses.getByText('Active', { exact: true }).count(), 'one active key').to.equal(1);
    expect(await overflowsSideways(page), 'the signing keys fit a phone').to.equal(false);

    // The admin signs out; the candidate signs in on the same phone and opens "My credentials".
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL('**/t/acme/sign-in');
    await signIn(page, CANDIDATE);
    await page
      .locator('[data-role-landing="candidate"]')
      .getByRole('link', { name: 'My credentials', exact: true })
      .click();
    await page.waitForURL('**/t/acme/credentials');
    await page.getByRole('heading', { name: 'My credentials', level: 1 }).waitFor();
    // The demo candidate may hold other credentials (the seed gives them one): the card is found by its ID.
    const card = page.getByRole('article', { name: ASSOCIATE.title }).filter({ hasText: certificateId });
    expect(await card.locator('.certificate-id').textContent()).to.equal(certificateId);
    await card.locator('.credential-status').getByText('Valid', { exact: true }).waitFor();
    expect(await card.textContent())
      .to.contain(ASSOCIATE.code)
      .and.contain('Acme')
      .and.contain('Expires');
    expect(await overflowsSideways(page), 'the credentials page fits a phone').to.equal(false);

    // The PDF certificate and the signed credential (a compact JWS) download under the certificate ID.
    const pdf = await downloadOf(page, () =>
      card.getByRole('button', { name: 'Download PDF certificate', exact: true }).click(),
    );
    expect(pdf.file.suggestedFilename()).to.equal(`${certificateId}.pdf`);
    expect(pdf.bytes.subarray(0, 4).toString('latin1')).to.equal('%PDF');
    const signed = await downloadOf(page, () =>
      card.getByRole('button', { name: 'Download signed credential', exact: true }).click(),
    );
    expect(signed.file.suggestedFilename()).to.equal(`${certificateId}.jwt`);
    expect(signed.bytes.toString('utf8')).to.match(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await card.getByText('Signed credential downloaded', { exact: true }).waitFor();

    // The verification link is copied, and "Verify" opens it.
    const verificationUrl = `${url}/verify/${certificateId}`;
    expect(await card.getByLabel('Verification link', { exact: true }).inputValue()).to.equal(
      verificationUrl,
    );
    await card.getByRole('button', { name: 'Copy verification link', exact: true }).click();
    await card.getByText(/^Copied/).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).to.equal(verificationUrl);
    const linkedIn = card.getByRole('link', { name: /^Add to LinkedIn profile/ });
    expect(await linkedIn.getAttribute('href')).to.match(/^https:\/\/www\.linkedin\.com\/profile\/add\?/);
    expect(await linkedIn.getAttribute('target')).to.equal('_blank');
    const [verifyPage] = await Promise.all([
      page.context().waitForEvent('page'),
      card.getByRole('link', { name: /^Verify/ }).click(),
    ]);
    await verifyPage.waitForLoadState('domcontentloaded');
    expect(verifyPage.url()).to.equal(verificationUrl);
    // The public page (server-rendered, not this client) says Valid; its JSON twin agrees.
    await verifyPage.getByRole('heading', { name: /^Valid\b/ }).waitFor();
    expect(await verifyPage.title()).to.match(/^Valid\b/);
    const twin = await fetch(`${url}/api/v1/verify/${encodeURIComponent(certificateId)}`);
    expect(twin.status).to.equal(200);
    const verdict = (await twin.json()) as { outcome: string; credential?: { status: string } };
    expect(verdict.outcome).to.equal('found');
    expect(verdict.credential?.status).to.equal('active');
    await verifyPage.close();

    // The admin revokes it (a confirmation first: revocation is final).
    const adminPage = await freshPage({ viewport: PHONE });
    await signIn(adminPage, ADMIN);
    await openManagePage(adminPage);
    const adminList = adminPage.getByRole('region', { name: 'Credentials', exact: true });
    await adminList
      .getByLabel('Search', { exact: true })
      .fill(certificateId.replaceAll('-', '').toLowerCase());
    await adminList.getByText(/^1 of \d+ credentials match$/).waitFor();
    const row = adminList.getByRole('row').filter({ hasText: certificateId });
    // The form opens in view with focus on its first field, and no reason chosen for the admin.
    await adminPage.evaluate(() => window.scrollTo(0, 0));
    await row.getByRole('button', { name: `Revoke ${certificateId}`, exact: true }).click();
    const revoke = adminList.getByRole('form', { name: `Revoke ${certificateId}` });
    const reason = revoke.getByLabel('Reason', { exact: true });
    await reason.waitFor();
    expect(await hasFocusSoon(reason), 'focus is on the reason').to.equal(true);
    const inView = await revoke.evaluate((form) => {
      const box = form.getBoundingClientRect();
      return box.top >= 0 && box.top < window.innerHeight;
    });
    expect(inView, 'the form is scrolled into view').to.equal(true);
    expect(await reason.inputValue(), 'no reason is chosen in advance').to.equal('');
    await revoke.getByRole('button', { name: 'Revoke credential', exact: true }).click();
    const reasonField = revoke
      .locator('.field')
      .filter({ has: adminPage.getByLabel('Reason', { exact: true }) });
    await reasonField
      .locator('.field-error')
      .getByText('Reason: choose one; verifiers see it.', { exact: true })
      .waitFor();
    expect(await reason.getAttribute('aria-invalid')).to.equal('true');
    expect(
      await revoke.getByText(`Revoke ${certificateId} of ${CANDIDATE.name}?`).count(),
      'no confirmation',
    ).to.equal(0);
    await reason.selectOption({ label: 'Issued in error' });
    await revoke.getByLabel('Note (optional)', { exact: true }).fill('Issued to the wrong person in a test.');
    await revoke.getByRole('button', { name: 'Revoke credential', exact: true }).click();
    await revoke.getByText(`Revoke ${certificateId} of ${CANDIDATE.name}?`).waitFor();
    await revoke.getByRole('button', { name: 'Yes, revoke it', exact: true }).click();
    await adminList.getByText(`Credential ${certificateId} revoked`, { exact: true }).waitFor();
    await row.getByText('Revoked', { exact: true }).waitFor();
    expect(await row.getByRole('button').count(), 'no change after revocation').to.equal(0);
    await adminList.getByLabel('Status', { exact: true }).selectOption({ label: 'Revoked' });
    await adminList.getByLabel('Search', { exact: true }).fill('');
    await adminList.getByText(/^1 of \d+ credentials match$/).waitFor();
    expect(await overflowsSideways(adminPage), 'the revoked row fits a phone').to.equal(false);

    // The candidate reloads: Revoked, with the public reason, and nothing to add to LinkedIn.
    await page.reload();
    const revoked = page.getByRole('article', { name: ASSOCIATE.title }).filter({ hasText: certificateId });
    await revoked.locator('.credential-status').getByText('Revoked', { exact: true }).waitFor();
    expect(await revoked.textContent()).to.contain('Issued in error');
    expect(await revoked.getByRole('link', { name: /^Add to LinkedIn profile/ }).count()).to.equal(0);
    expect(await overflowsSideways(page), 'the revoked card fits a phone').to.equal(false);
    expect(pageErrors, 'uncaught errors in the pages').to.deep.equal([]);
  });
});
