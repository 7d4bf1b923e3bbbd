import { expect } from 'chai';
import request from 'supertest';
import { parseCsv } from '../../server/domain/csv.js';
import { browserSession, hasChromium } from '../support/browser.js';
import { overflowsSideways, registerCandidateWithPasskey } from '../support/exam-player.js';

const ADMIN = { email: 'admin@acme.test', password: 'certamen-demo' };
/** A phone's viewport: checking in must work on one. */
const PHONE = { width: 390, height: 844 };
const FOUNDATIONS = 'Acme Cloud Platform Foundations';

/**
 * The programme makes the linear exam (ACP-F) need a voucher and creates a pool of one code (through the API, as
 * an admin's tools would). A new candidate on a phone finds the voucher field on the exam's card: a code that is
 * not valid is refused in words and uses nothing; the code from the pool, typed in lower case with spaces, checks
 * them in with their passkey, and the code is used up.
 */
describe('checking in with an exam voucher in Chromium (skipped when /usr/bin/chromium is missing)', function () {
  this.timeout(180_000);

  const session = browserSession();

  before(async function () {
    if (!hasChromium()) this.skip();
    await session.start();
  });

  after(() => session.close());

  it('refuses a code that is not valid and checks in with the pool code, using it up', async () => {
    const login = await request(session.url)
      .post('/api/v1/auth/login')
      .send({ tenant: 'acme', ...ADMIN })
      .expect(200);
    const admin = { Authorization: `Bearer ${login.body.accessToken}` };
    const certifications = await request(session.url).get('/api/v1/certifications').set(admin).expect(200);
    const foundations = certifications.body.certifications.find((c: { code: string }) => c.code === 'ACP-F');
    await request(session.url)
      .put(`/api/v1/certifications/${foundations.id}/candidate-policy`)
      .set(admin)
      .send({ prerequisites: [], retakeWaitHours: [24], maxAttemptsPerYear: 3, voucherRequired: true })
      .expect(200);
    const created = await request(session.url)
      .post(`/api/v1/certifications/${foundations.id}/voucher-pools`)
      .set(admin)
      .send({
        name: 'Launch seats',
        expiresOn: new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10),
        codes: 1,
        usesPerCode: 1,
      })
      .expect(201);
    const poolId = created.body.pool.id;
    const csv = await request(session.url)
      .get(`/api/v1/voucher-pools/${poolId}/codes.csv`)
      .set(admin)
      .expect(200);
    const [, line] = parseCsv(csv.text);
    const code = line?.[0] as string;
    expect(code).to.match(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    const remaining = async () => {
      const again = await request(session.url)
        .get(`/api/v1/voucher-pools/${poolId}/codes.csv`)
        .set(admin)
        .expect(200);
      return parseCsv(again.text)[1]?.[2];
    };

    const page = await session.freshPage({ viewport: PHONE });
    await registerCandidateWithPasskey(session, page, 'Vera Voucher');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Exams' }).click();
    await page.waitForURL('**/t/acme/exams');
    const card = page.getByRole('article', { name: new RegExp(`^${FOUNDATIONS}`) });
    const voucher = card.getByLabel('Voucher code', { exact: true });
    await voucher.waitFor();
    expect(await card.innerText()).to.contain('This exam needs a voucher: type the code you were given.');
    expect(await overflowsSideways(page), 'the catalogue scrolls sideways').to.equal(false);

    // A code that is not one of the programme's: refused in words, after the passkey; nothing is used up.
    const checkIn = card.getByRole('button', { name: 'Check in with your passkey', exact: true });
    await voucher.fill('ABCD-EFGH-JKLM');
    await checkIn.click();
    await card.getByRole('alert').getByText('This voucher code is not valid for this exam').waitFor();
    expect(page.url()).to.match(/\/t\/acme\/exams$/);
    expect(await remaining()).to.equal('1');

    // The pool's code as a person might type it: lower case, spaces for dashes.
    await voucher.fill(` ${code.toLowerCase().replaceAll('-', ' ')} `);
    await checkIn.click();
    await page.waitForURL(/\/t\/acme\/attempts\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Before you begin', level: 1 }).waitFor();
    expect(await remaining()).to.equal('0');
    expect(session.pageErrors, 'uncaught errors in the page').to.deep.equal([]);
  });
});
