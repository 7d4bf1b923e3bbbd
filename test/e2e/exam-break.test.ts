import { expect } from 'chai';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { upsertAccommodation } from '../../server/persistence/repositories/accommodations.js';
import { listCertifications } from '../../server/persistence/repositories/certifications.js';
import { findTenantBySlug } from '../../server/persistence/repositories/tenants.js';
import { findUserByEmail } from '../../server/persistence/repositories/users.js';
import { attempts } from '../../server/persistence/schema.js';
import { browserSession, hasChromium } from '../support/browser.js';
import { registerCandidateWithPasskey } from '../support/exam-player.js';

const PHONE = { width: 390, height: 844 };
const FOUNDATIONS = 'Acme Cloud Platform Foundations';
const MIN = 60_000;

/**
 * A candidate whose accommodation allows two breaks sits the linear exam on a phone: takes a break (the questions
 * go, the page says when the break ends by itself), resumes at the same question, takes the second break and
 * stays away longer than a break may last: on coming back the exam is running again, with no break left.
 */
describe('breaks in an exam in Chromium (skipped when /usr/bin/chromium is missing)', function () {
  this.timeout(300_000);

  const session = browserSession();
  let page: Page;

  before(async function () {
    if (!hasChromium()) this.skip();
    await session.start();
    page = await session.freshPage({ viewport: PHONE });
  });

  after(() => session.close());

  const firstQuestion = () =>
    page.getByRole('heading', { level: 2, name: 'Question 1 of 30', exact: true }).waitFor();
  const onBreak = () => page.getByRole('heading', { level: 2, name: 'You are on a break', exact: true });

  it('stops the clock for a break, says when it ends by itself, and runs the exam again after it', async () => {
    const candidate = await registerCandidateWithPasskey(session, page, 'Bea Break');
    const tenant = await findTenantBySlug(session.db, 'acme');
    if (!tenant) throw new Error('no demo tenant');
    const user = await findUserByEmail(session.db, tenant.id, candidate.email.toLowerCase());
    const foundations = (await listCertifications(session.db, tenant.id)).find((c) => c.code === 'ACP-F');
    if (!user || !foundations) throw new Error('no candidate or no ACP-F');
    await upsertAccommodation(session.db, {
      tenantId: tenant.id,
      userId: user.id,
      certificationId: foundations.id,
      extraTimePercent: 0,
      extraTimeMinutes: 0,
      breaksAllowed: 2,
      note: 'Two breaks',
      updatedBy: null,
      updatedAt: new Date(),
    });

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Exams' }).click();
    const card = page.getByRole('article', { name: new RegExp(`^${FOUNDATIONS}`) });
    await card.getByRole('button', { name: 'Check in with your passkey', exact: true }).click();
    await page.getByRole('button', { name: 'Begin exam', exact: true }).click();
    await firstQuestion();
    const attemptId = page.url().split('/').at(-1) as string;

    // The first break: the questions go, and the page says when the break ends by itself.
    await page.getByRole('button', { name: 'Take a break (2 left)', exact: true }).click();
    await onBreak().waitFor();
    const breakText = await page.locator('section[aria-labelledby="break-title"]').innerText();
    expect(breakText).to.match(
      /The break ends by itself at .+: the exam then continues and the clock runs again\. You have 1 more break\./,
    );
    expect(await page.locator('section.question').count()).to.equal(0);
    await page.getByRole('button', { name: 'Resume exam', exact: true }).click();
    await firstQuestion();

    // The second break outlasts the longest one allowed (its start moved back 16 minutes): back on the page,
    // the exam is running again, and no break is left to take.
    await page.getByRole('button', { name: 'Take a break (1 left)', exact: true }).click();
    await onBreak().waitFor();
    await session.db
      .update(attempts)
      .set({ pausedAt: new Date(Date.now() - 16 * MIN) })
      .where(eq(attempts.id, attemptId));
    await page.reload();
    await firstQuestion();
    expect(await onBreak().count()).to.equal(0);
    expect(await page.getByRole('button', { name: /^Take a break/ }).count()).to.equal(0);
    const [row] = await session.db.select().from(attempts).where(eq(attempts.id, attemptId));
    expect(row).to.include({ status: 'in_progress', pausedAt: null, breaksTaken: 2 });
  });
});
