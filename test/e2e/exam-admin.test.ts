import { readFile } from 'node:fs/promises';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { parseCsv } from '../../server/domain/csv.js';
import { browserSession, hasChromium, hasFocusSoon } from '../support/browser.js';
import { SoftAuthenticator } from '../support/soft-authenticator.js';

const ADMIN = { email: 'admin@acme.test', password: 'certamen-demo' };
const CANDIDATE = { email: 'candidate@acme.test', password: 'certamen-demo', name: 'Casey Candidate' };
/** A phone's viewport: the certification page's admin sections must work on one. */
const PHONE = { width: 390, height: 844 };

/**
 * An admin on a phone opens ACP-A, creates a voucher pool (a count of 0 is refused at its field), downloads
 * its codes as CSV, and voids the demo candidate's running attempt as a technical fault after saying why and
 * confirming. Under the candidate's row in Users, the admin grants an exception, sees it listed, and revokes it.
 */
describe('exam administration in Chromium (skipped when /usr/bin/chromium is missing)', function () {
  this.timeout(180_000);

  const session = browserSession();
  const { freshPage, signIn, pageErrors } = session;

  const overflowsSideways = (page: Page) =>
    page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

  async function apiToken(account: { email: string; password: string }): Promise<string> {
    const res = await request(session.url)
      .post('/api/v1/auth/login')
      .send({ tenant: 'acme', email: account.email, password: account.password })
      .expect(200);
    return res.body.accessToken;
  }

  /** The demo candidate enrols a passkey and checks in for the certification through the API. */
  async function candidateChecksIn(certificationId: string): Promise<string> {
    const auth = { Authorization: `Bearer ${await apiToken(CANDIDATE)}` };
    const authenticator = new SoftAuthenticator();
    const start = await request(session.url)
      .post('/api/v1/me/passkeys/options')
      .set(auth)
      .send({})
      .expect(200);
    await request(session.url)
      .post('/api/v1/me/passkeys')
      .set(auth)
      .send({
        challengeId: start.body.challengeId,
        response: authenticator.createCredential(start.body.options, session.url),
        label: 'Laptop',
      })
      .expect(201);
    const options = await request(session.url)
      .post(`/api/v1/certifications/${certificationId}/check-in/options`)
      .set(auth)
      .send({})
      .expect(200);
    const assertion = authenticator.getAssertion(
      options.body.options as PublicKeyCredentialRequestOptionsJSON,
      session.url,
    );
    const attempt = await request(session.url)
      .post(`/api/v1/certifications/${certificationId}/attempts`)
      .set(auth)
      .send({ challengeId: options.body.challengeId, response: assertion });
    expect(attempt.status, attempt.text).to.equal(201);
    return attempt.body.attempt.id;
  }

  before(async function () {
    if (!hasChromium()) this.skip();
    await session.start();
  });

  after(() => session.close());

  it('creates a voucher pool and downloads its codes, and voids an attempt', async () => {
    const certifications = await request(session.url)
      .get('/api/v1/certifications')
      .set('Authorization', `Bearer ${await apiToken(ADMIN)}`)
      .expect(200);
    const associate = certifications.body.certifications.find((c: { code: string }) => c.code === 'ACP-A');
    const attemptId = await candidateChecksIn(associate.id);

    const page = await freshPage({ viewport: PHONE, acceptDownloads: true });
    await signIn(page, ADMIN);
    await page.goto(`${session.url}/t/acme/certifications/${associate.id}`);
    await page.getByRole('heading', { name: 'ACP-A: Acme Cloud Platform Associate', level: 1 }).waitFor();

    // A pool of no codes is refused at the field, in a sentence.
    const vouchers = page.getByRole('region', { name: 'Exam vouchers' });
    await vouchers.getByLabel('Pool name', { exact: true }).fill('Globex Q1');
    await vouchers.getByLabel('Partner reference (optional)', { exact: true }).fill('PO-4711');
    const codes = vouchers.getByLabel('Number of codes', { exact: true });
    await codes.fill('0');
    await vouchers.getByRole('button', { name: 'Create pool', exact: true }).click();
    await vouchers
      .locator('.field-error')
      .getByText('Number of codes: enter a whole number from 1 to 10,000.', { exact: true })
      .waitFor();
    expect(await codes.getAttribute('aria-invalid')).to.equal('true');

    await codes.fill('5');
    await vouchers.getByRole('button', { name: 'Create pool', exact: true }).click();
    await vouchers.getByText(/^Pool Globex Q1 created with 5 codes/).waitFor();
    const row = vouchers.getByRole('row').filter({ hasText: 'Globex Q1' });
    await row.waitFor();
    const cells = (await row.getByRole('cell').allInnerTexts()).map((text) => text.trim());
    expect(cells.slice(0, 3)).to.deep.equal(['5 codes × 1 attempt', '0', '5']);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('button', { name: 'Download the codes of Globex Q1 (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).to.equal('vouchers-acp-a-globex-q1.csv');
    const [header, ...lines] = parseCsv(await readFile(await download.path(), 'utf8'));
    expect(header).to.deep.equal(['code', 'uses', 'remaining', 'pool', 'certification', 'expires']);
    expect(lines).to.have.length(5);
    for (const line of lines) {
      expect(line[0]).to.match(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
      expect(line.slice(1, 5)).to.deep.equal(['0', '1', 'Globex Q1', 'ACP-A']);
    }
    expect(await overflowsSideways(page), 'the page scrolls sideways at 390 px').to.equal(false);

    // The candidate's attempt is listed as checked in; voiding it asks for a reason, then for confirmation.
    const attempts = page.getByRole('region', { name: 'Attempts and results' });
    const attemptRow = attempts.getByRole('row').filter({ hasText: CANDIDATE.name });
    await attemptRow.getByText('Checked in', { exact: true }).waitFor();
    await attemptRow.getByRole('button', { name: `Void the attempt of ${CANDIDATE.name}` }).click();
    const form = page.getByRole('form', { name: `Void the attempt of ${CANDIDATE.name}` });
    const reason = form.getByLabel('Reason', { exact: true });
    expect(await hasFocusSoon(reason), 'the reason has focus when the form opens').to.equal(true);
    await form.getByRole('button', { name: 'Void attempt', exact: true }).click();
    await form
      .locator('.field-error')
      .getByText('Reason: say why the attempt is voided, in a few words.', { exact: true })
      .waitFor();
    await reason.fill('The test centre lost power');
    await form.getByLabel('Technical fault', { exact: true }).check();
    await form.getByRole('button', { name: 'Void attempt', exact: true }).click();
    await form.getByText(`Void the attempt of ${CANDIDATE.name}?`).waitFor();
    await form.getByRole('button', { name: 'Yes, void it', exact: true }).click();
    await attempts.getByText(`The attempt of ${CANDIDATE.name} was voided`, { exact: true }).waitFor();
    await attemptRow.getByText('Voided (technical fault)').waitFor();
    await attemptRow.getByText('The test centre lost power').waitFor();
    expect(await overflowsSideways(page), 'the page scrolls sideways at 390 px').to.equal(false);

    const stored = await request(session.url)
      .get(`/api/v1/attempts/${attemptId}`)
      .set('Authorization', `Bearer ${await apiToken(ADMIN)}`)
      .expect(200);
    expect(stored.body.attempt).to.include({ status: 'voided', voidReason: 'The test centre lost power' });
    expect(pageErrors).to.deep.equal([]);
  });

  it('grants a candidate an exception, lists it, and revokes it before any check-in uses it', async () => {
    const page = await freshPage({ viewport: PHONE });
    await signIn(page, ADMIN);
    const row = page
      .getByRole('list', { name: 'Users' })
      .getByRole('listitem')
      .filter({ hasText: CANDIDATE.email });
    await row.getByRole('button', { name: `Grant ${CANDIDATE.name} an exception`, exact: true }).click();
    const panel = row.getByRole('region', { name: `Eligibility exceptions of ${CANDIDATE.name}` });
    await panel.getByText('No open exceptions.', { exact: true }).waitFor();

    const form = panel.getByRole('form', { name: `Grant ${CANDIDATE.name} an exception` });
    await form
      .getByLabel('Certification', { exact: true })
      .selectOption({ label: 'ACP-A: Acme Cloud Platform Associate' });
    await form
      .getByLabel('Rule to waive', { exact: true })
      .selectOption({ label: 'Exam voucher (sit without one)' });
    await form.getByLabel('Reason', { exact: true }).fill('Sponsored seat for the partner launch');
    await form.getByRole('button', { name: 'Grant exception', exact: true }).click();
    await panel
      .getByText(`Exception granted to ${CANDIDATE.name} for ACP-A: Exam voucher (sit without one).`, {
        exact: false,
      })
      .waitFor();
    const listed = panel.getByRole('list', { name: 'Open exceptions' }).getByRole('listitem');
    await listed.filter({ hasText: 'Sponsored seat for the partner launch' }).waitFor();
    expect(await listed.count()).to.equal(1);
    expect(await overflowsSideways(page), 'the page scrolls sideways at 390 px').to.equal(false);

    const admin = { Authorization: `Bearer ${await apiToken(ADMIN)}` };
    const users = await request(session.url).get('/api/v1/users').set(admin).expect(200);
    const candidateId = users.body.users.find((u: { email: string }) => u.email === CANDIDATE.email).id;
    const openNow = async () =>
      (
        await request(session.url)
          .get(`/api/v1/eligibility-exceptions?userId=${candidateId}`)
          .set(admin)
          .expect(200)
      ).body.exceptions as unknown[];
    expect(await openNow()).to.have.length(1);

    await panel
      .getByRole('button', {
        name: 'Revoke the ACP-A exception: Exam voucher (sit without one)',
        exact: true,
      })
      .click();
    await panel
      .getByText(/^Exception revoked: .+ next check-in at ACP-A is judged by every rule again\.$/)
      .waitFor();
    await panel.getByText('No open exceptions.', { exact: true }).waitFor();
    expect(await openNow()).to.deep.equal([]);
    expect(pageErrors).to.deep.equal([]);
  });
});
