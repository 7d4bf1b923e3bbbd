import { expect } from 'chai';
import { eq, sql } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { browserSession, hasChromium, hasFocusSoon } from '../support/browser.js';
import { attemptResponses, attempts } from '../../server/persistence/schema.js';
import {
  answerCorrectly,
  itemWithStem,
  overflowsSideways,
  registerCandidateWithPasskey,
  savesOf,
} from '../support/exam-player.js';

const PHONE = { width: 390, height: 844 };
const FOUNDATIONS = 'Acme Cloud Platform Foundations';
const LOST = 'Connection lost. Your answers are kept and will be sent when it returns.';

/**
 * A candidate on a phone sits the linear exam (ACP-F): answers questions, moves back and forth, marks one for
 * review, loses the connection (the browser goes offline) and answers two more meanwhile: the banner says the
 * answers are kept; when the connection returns the banner goes, a calm notice says so and the kept answers are
 * sent. Opened in a second tab, the exam is taken over there: the first window says so plainly at once, keeps
 * what is answered there meanwhile, and "Continue here" takes the exam back and sends what it kept. The review lists the unanswered and
 * marked questions; submitting asks first; the result follows. The database holds every answer given, offline
 * ones included, and the marks.
 */
describe('a linear exam with a lost connection in Chromium (skipped when /usr/bin/chromium is missing)', function () {
  this.timeout(300_000);

  const session = browserSession();
  let page: Page;

  before(async function () {
    if (!hasChromium()) this.skip();
    await session.start();
    page = await session.freshPage({ viewport: PHONE });
  });

  after(() => session.close());

  /** The question on screen, once its heading shows. */
  async function questionShown(position: number): Promise<Locator> {
    const heading = page.getByRole('heading', { level: 2, name: `Question ${position} of 30`, exact: true });
    await heading.waitFor();
    expect(await hasFocusSoon(heading), `question ${position} takes focus`).to.equal(true);
    return page.locator('section.question');
  }

  /** Answers the question on screen as its key says; returns its stem. */
  async function answerShown(question: Locator): Promise<string> {
    const stem = (await question.locator('.stem').textContent()) ?? '';
    await answerCorrectly(question, await itemWithStem(session.db, stem));
    return stem;
  }

  const next = (question: Locator) => question.getByRole('button', { name: 'Next', exact: true }).click();
  const saveState = () => page.locator('[data-save-state]').textContent();

  it('marks for review, keeps answers through a lost connection, reviews and submits', async () => {
    await registerCandidateWithPasskey(session, page, 'Lin Linear');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Exams' }).click();
    const card = page.getByRole('article', { name: new RegExp(`^${FOUNDATIONS}`) });
    expect(await card.locator('dl').innerText()).to.contain('30 questions');
    await card.getByRole('button', { name: 'Check in with your passkey', exact: true }).click();
    await page.getByRole('heading', { name: 'Before you begin', level: 1 }).waitFor();
    expect(await page.locator('main').innerText()).to.not.contain('Answers are final');
    await page.getByRole('button', { name: 'Begin exam', exact: true }).click();
    const attemptId = page.url().split('/').at(-1) as string;

    // Question 1 answered; question 2 answered and marked for review; back to 1 and forward again.
    let question = await questionShown(1);
    await answerShown(question);
    await next(question);
    question = await questionShown(2);
    await answerShown(question);
    const mark = question.getByRole('button', { name: 'Mark for review', exact: true });
    await mark.click();
    expect(await mark.getAttribute('aria-pressed')).to.equal('true');
    await question.getByRole('button', { name: 'Previous', exact: true }).click();
    question = await questionShown(1);
    await next(question);
    question = await questionShown(2);
    expect(await mark.getAttribute('aria-pressed'), 'the mark stays').to.equal('true');
    await next(question);
    question = await questionShown(3);
    await page.waitForFunction(
      () => document.querySelector('[data-save-state]')?.textContent === 'All answers saved',
    );
    expect(await overflowsSideways(page), 'the player scrolls sideways').to.equal(false);

    // The connection goes: the banner says the answers are kept, and two answers wait meanwhile.
    await page.context().setOffline(true);
    const banner = page.getByRole('alert').filter({ hasText: 'Connection lost.' });
    await banner.waitFor();
    expect((await banner.innerText()).replace(/\s+/g, ' ')).to.equal(LOST);
    await answerShown(question);
    await next(question);
    question = await questionShown(4);
    await answerShown(question);
    await next(question);
    question = await questionShown(5);
    await page.waitForFunction(() =>
      /^\d+ answers? waiting to be sent$/.test(
        document.querySelector('[data-save-state]')?.textContent ?? '',
      ),
    );
    expect(await saveState()).to.match(/waiting to be sent/);

    // It returns: the banner goes, a calm notice says so, and the kept answers are sent.
    await page.context().setOffline(false);
    await banner.waitFor({ state: 'detached', timeout: 20_000 });
    const notice = page.locator('[data-connection-notice]');
    await notice.getByText(/The connection is back/).waitFor();
    expect(await notice.getAttribute('role')).to.equal('status');
    await page.waitForFunction(
      () => document.querySelector('[data-save-state]')?.textContent === 'All answers saved',
    );

    // The exam opened in a second tab takes it over: this window is told at once, plainly, with "Continue here",
    // and takes no answer until the candidate continues here; then the mark made here is saved.
    const other = await page.context().newPage();
    await other.goto(page.url());
    // It opens at the first question not yet answered.
    await other.getByRole('heading', { level: 2, name: 'Question 5 of 30', exact: true }).waitFor();
    const held = page.getByRole('alert').filter({ hasText: 'This exam is open in another window or tab.' });
    await held.waitFor();
    const markHere = question.getByRole('button', { name: 'Mark for review', exact: true });
    expect(await markHere.isDisabled(), 'answering in the window that lost the exam').to.equal(true);
    await other.close();
    expect(await saveState()).to.equal('All answers saved');
    await held.getByRole('button', { name: 'Continue here', exact: true }).click();
    await held.waitFor({ state: 'detached' });
    await markHere.click();
    await answerShown(question);
    await page.waitForFunction(
      () => document.querySelector('[data-save-state]')?.textContent === 'All answers saved',
    );

    // The review lists the unanswered and the marked questions; submitting asks first.
    await page.getByRole('button', { name: 'Review and submit', exact: true }).click();
    const review = page.getByRole('heading', { name: 'Review your answers', level: 2 });
    await review.waitFor();
    expect(await hasFocusSoon(review)).to.equal(true);
    const reviewText = await page.locator('section.review').innerText();
    expect(reviewText).to.contain('You have answered 5 of 30 questions.');
    expect(reviewText).to.contain('Not answered (25)');
    expect(reviewText).to.contain('Marked for review (2)');
    const marked = page.locator('section.review ul.review-list').last();
    expect(await marked.getByRole('button').allTextContents()).to.deep.equal(['Question 2', 'Question 5']);
    expect(await overflowsSideways(page), 'the review scrolls sideways').to.equal(false);

    await page.getByRole('button', { name: 'Submit exam', exact: true }).click();
    const confirm = page.getByRole('heading', { name: 'Submit your exam now?', level: 3 });
    await confirm.waitFor();
    expect(await hasFocusSoon(confirm)).to.equal(true);
    expect(await page.locator('section.confirm-submit').innerText()).to.contain(
      '25 questions have no answer. 2 questions are marked for review.',
    );
    await page.getByRole('button', { name: 'Yes, submit my exam', exact: true }).click();

    // Five right answers of thirty: not a pass, with the retake date.
    const outcome = page.getByRole('heading', { level: 1, name: 'You did not pass' });
    await outcome.waitFor();
    const resultText = await page.locator('section.outcome').innerText();
    expect(resultText).to.contain('the pass mark is 70 %');
    expect(resultText).to.match(/You may retake this exam from .+\./);

    // Every answer given reached the database, the offline ones included, and question 2 is marked.
    const saves = await savesOf(session.db, attemptId);
    const latest = new Map(saves.map((save) => [save.position, save]));
    expect([...latest.keys()].sort((a, b) => a - b)).to.deep.equal([1, 2, 3, 4, 5]);
    expect([...latest.values()].every((save) => save.answer !== null)).to.equal(true);
    expect(latest.get(2)?.marked).to.equal(true);
    expect(latest.get(5)?.marked).to.equal(true);
    const seqs = saves.map((save) => save.seq);
    expect(new Set(seqs).size, 'each save stored once').to.equal(seqs.length);
    expect(session.pageErrors, 'uncaught errors in the page').to.deep.equal([]);
  });

  it('checks in again after an expired check-in, announces the last minutes, and shows the result when the time runs out', async () => {
    page = await session.freshPage({ viewport: PHONE });
    await registerCandidateWithPasskey(session, page, 'Tim Timeout');
    await page.goto(`${session.url}/t/acme/exams`);
    const card = page.getByRole('article', { name: new RegExp(`^${FOUNDATIONS}`) });
    await card.getByRole('button', { name: 'Check in with your passkey', exact: true }).click();
    await page.getByRole('button', { name: 'Begin exam', exact: true }).waitFor();

    // A check-in left unbegun for over ten minutes (moved back in the database) cannot begin: the rules page
    // says so and checks in again, which opens a new attempt.
    const expiredId = page.url().split('/').at(-1) as string;
    await session.db
      .update(attempts)
      .set({ checkedInAt: sql`now() - interval '11 minutes'` })
      .where(eq(attempts.id, expiredId));
    await page.reload();
    await page.locator('[data-check-in-expired]').waitFor();
    await page.getByRole('button', { name: 'Check in again with your passkey', exact: true }).click();
    await page.waitForURL((url) => !url.pathname.endsWith(expiredId));
    const [expired] = await session.db.select().from(attempts).where(eq(attempts.id, expiredId));
    expect(expired?.status, 'the expired check-in is voided').to.equal('voided');
    await page.getByRole('button', { name: 'Begin exam', exact: true }).click();
    const question = await questionShown(1);
    const attemptId = page.url().split('/').at(-1) as string;
    await answerShown(question);
    await page.waitForFunction(
      () => document.querySelector('[data-save-state]')?.textContent === 'All answers saved',
    );
    // "All answers saved" also reads so before the click's save is queued: wait for the answer in the log, until
    // its saves (one per click: a question may take several) have all arrived.
    let logged = 0;
    for (let tries = 0, steady = 0; tries < 150 && steady < 5; tries++) {
      if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 100));
      const now = (
        await session.db.select().from(attemptResponses).where(eq(attemptResponses.attemptId, attemptId))
      ).length;
      steady = now > 0 && now === logged ? steady + 1 : 0;
      logged = now;
    }
    expect(logged, 'the answer reached the response log').to.be.greaterThan(0);
    expect(await page.locator('[data-time-announcement]').textContent(), 'nothing to announce yet').to.equal(
      '',
    );

    // Most of the time goes by (the deadline is brought forward in the database): reopened, the player takes the
    // server's time left, says how little is left once, and counts down to the end.
    await session.db
      .update(attempts)
      .set({ deadline: sql`now() + interval '15 seconds'` })
      .where(eq(attempts.id, attemptId));
    await page.reload();
    const timer = page.getByRole('timer');
    await timer.waitFor();
    expect(await timer.textContent()).to.match(/^0:[01]\d$/);
    await page
      .locator('[data-time-announcement]')
      .getByText(/^\d+ seconds? left \(5 % of your time\)\.$/)
      .waitFor();
    await page.getByRole('alert').filter({ hasText: 'Time is up.' }).waitFor({ timeout: 30_000 });

    // The server submits the attempt at its deadline: the result shows, with the answer given counted.
    const outcome = page.getByRole('heading', { level: 1, name: 'You did not pass' });
    await outcome.waitFor({ timeout: 30_000 });
    expect(await page.locator('section.outcome').innerText()).to.match(/You answered [\d.]+ % correctly/);
    const [row] = await session.db.select().from(attempts).where(eq(attempts.id, attemptId));
    expect(row?.status).to.equal('scored');
    expect(row?.answeredCount).to.equal(1);
    expect(session.pageErrors, 'uncaught errors in the page').to.deep.equal([]);
  });
});
