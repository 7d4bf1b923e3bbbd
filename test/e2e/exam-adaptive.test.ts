import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { browserSession, hasChromium, hasFocusSoon } from '../support/browser.js';
import {
  addPasskeyOnPage,
  addVirtualAuthenticator,
  answerCorrectly,
  itemWithStem,
  overflowsSideways,
  registerCandidate,
} from '../support/exam-player.js';

/** A phone's viewport: the whole exam must work on one without scrolling sideways. */
const PHONE = { width: 390, height: 844 };
const ASSOCIATE = 'Acme Cloud Platform Associate';

/**
 * A new candidate on a phone registers and finds the adaptive exam (ACP-A) in the catalogue; checking in without
 * a passkey sends them to add one, and back. They check in with the passkey, read the rules, and sit the exam to
 * its end, one question at a time, answering each as its key says (read from the test server's bank by the stem
 * shown). The result says they passed, with the summary, scaled score and per-domain feedback; the new credential
 * is under "My credentials"; "My attempts" lists the attempt as passed.
 */
describe('an adaptive exam in Chromium (skipped when /usr/bin/chromium is missing)', function () {
  this.timeout(300_000);

  const session = browserSession();
  let page: Page;

  before(async function () {
    if (!hasChromium()) this.skip();
    await session.start();
    page = await session.freshPage({ viewport: PHONE });
  });

  after(() => session.close());

  it('is sent to add a passkey, checks in with it, sits the adaptive exam to the end at 390 px and earns the credential', async () => {
    await addVirtualAuthenticator(page);
    await registerCandidate(session, page, 'Ada Adaptive');

    // The catalogue, from the candidate's landing: the exam's format and that they may start now.
    const landing = page.locator('[data-role-landing="candidate"]');
    await landing.getByRole('link', { name: 'Exams', exact: true }).click();
    await page.waitForURL('**/t/acme/exams');
    const card = page.getByRole('article', { name: new RegExp(`^${ASSOCIATE}`) });
    const facts = await card.locator('dl').innerText();
    expect(facts).to.contain('Adaptive');
    expect(facts).to.contain('1 hour');
    expect(facts).to.contain('Between 22 and 32 questions');
    expect(await card.innerText()).to.contain('You may start now.');
    expect(await overflowsSideways(page), 'the catalogue scrolls sideways').to.equal(false);

    // Without a passkey the check-in says so and leads to the passkeys page, and back once one is added.
    const checkIn = card.getByRole('button', { name: 'Check in with your passkey', exact: true });
    await checkIn.click();
    const noPasskey = card.getByRole('alert').filter({ hasText: 'Checking in needs a passkey' });
    await noPasskey.waitFor();
    await noPasskey.getByRole('link', { name: 'Add a passkey', exact: true }).click();
    await page.waitForURL('**/t/acme/passkeys?next=exams');
    await addPasskeyOnPage(page);
    await page.getByRole('link', { name: 'Back to the exams to check in', exact: true }).click();
    await page.waitForURL('**/t/acme/exams');

    // Check in with the passkey: the rules come next, and the clock has not started.
    await checkIn.click();
    await page.waitForURL(/\/t\/acme\/attempts\/[0-9a-f-]{36}$/);
    const rules = page.getByRole('heading', { name: 'Before you begin', level: 1 });
    await rules.waitFor();
    expect(await hasFocusSoon(rules), 'the rules heading takes focus').to.equal(true);
    const rulesText = await page.locator('main').innerText();
    expect(rulesText).to.contain('Time allowed: 1 hour.');
    expect(rulesText).to.contain('between 22 and 32 questions');
    expect(rulesText).to.contain('Answers are final.');
    await page.getByRole('button', { name: 'Begin exam', exact: true }).click();

    // One question at a time, answered and submitted for good, until the engine stops.
    const timer = page.getByRole('timer');
    await timer.waitFor();
    expect(await timer.textContent()).to.match(/^(1:00:00|59:\d\d)$/);
    const outcome = page.getByRole('heading', { level: 1, name: /You passed|You did not pass/ });
    let asked = 0;
    for (;;) {
      const heading = page.getByRole('heading', { level: 2, name: /^Question \d+ of at most 32$/ });
      await Promise.race([heading.waitFor(), outcome.waitFor()]);
      if (await outcome.isVisible()) break;
      const position = Number((await heading.textContent())?.match(/\d+/)?.[0]);
      expect(position, 'questions come in order').to.equal(asked + 1);
      expect(await hasFocusSoon(heading), `question ${position} takes focus`).to.equal(true);
      const question = page.locator('section.question');
      const stem = (await question.locator('.stem').textContent()) ?? '';
      await answerCorrectly(question, await itemWithStem(session.db, stem));
      if (asked === 0) expect(await overflowsSideways(page), 'the player scrolls sideways').to.equal(false);
      await question.getByRole('button', { name: 'Submit answer and continue', exact: true }).click();
      asked += 1;
      // The answer is final: the next question replaces this one (or the result comes).
      await page
        .getByRole('heading', { level: 2, name: `Question ${position} of at most 32`, exact: true })
        .waitFor({ state: 'detached' });
      expect(asked, 'the exam stops by its maximum length').to.be.at.most(32);
    }
    expect(asked, 'at least the minimum length was asked').to.be.at.least(22);

    // The result: a pass, its summary, scaled score and feedback per domain, and the credential.
    expect(await outcome.textContent()).to.contain('You passed');
    expect(await hasFocusSoon(outcome), 'the result heading takes focus').to.equal(true);
    const result = page.locator('section.outcome');
    const resultText = await result.innerText();
    expect(resultText).to.contain('Scaled score');
    expect(resultText).to.match(/Scaled score\s+\d{3,4}/);
    expect(resultText).to.contain('How you did in each area');
    for (const domain of ['Networking', 'Security', 'Compute and storage', 'Operations']) {
      expect(resultText, domain).to.contain(domain);
    }
    expect(await result.locator('.domain-feedback .rating').count()).to.equal(4);
    expect(resultText).to.not.contain('You may retake');
    expect(await overflowsSideways(page), 'the result scrolls sideways').to.equal(false);

    await result.getByRole('link', { name: 'see it in My credentials', exact: true }).click();
    await page.waitForURL('**/t/acme/credentials');
    const credentials = page.getByRole('list', { name: 'Your credentials' });
    await credentials.getByText(ASSOCIATE).first().waitFor();
    expect(await credentials.innerText()).to.contain('Valid');

    // The history lists the attempt as passed.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My attempts' }).click();
    await page.waitForURL('**/t/acme/attempts');
    const history = page.getByRole('list', { name: 'Your attempts' });
    await history.getByRole('heading', { name: ASSOCIATE }).waitFor();
    expect(await history.innerText()).to.match(/Passed \(score \d+\)/);

    // The catalogue now says why the exam cannot be started again.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Exams' }).click();
    const again = page.getByRole('article', { name: new RegExp(`^${ASSOCIATE}`) });
    await again.getByText('You cannot start this exam now:').waitFor();
    expect(session.pageErrors, 'uncaught errors in the page').to.deep.equal([]);
  });
});
