import { randomBytes } from 'node:crypto';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { CDPSession, Locator, Page } from 'playwright-core';
import type { ItemContent } from '../../server/domain/items/item.js';
import type { Db } from '../../server/persistence/database.js';
import { attemptResponses, itemVersions } from '../../server/persistence/schema.js';
import type { BrowserSession } from './browser.js';

/** A candidate registered through the pages, with a passkey on Chromium's virtual authenticator. */
export interface BrowserCandidate extends RegisteredCandidate {
  readonly cdp: CDPSession;
  readonly authenticatorId: string;
}

/**
 * Adds a virtual platform authenticator (discoverable credentials, user verification without a prompt) to the
 * page's browser context through the DevTools protocol's WebAuthn domain.
 */
export async function addVirtualAuthenticator(
  page: Page,
): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

/** A candidate registered through the register page and signed in (no passkey yet). */
export interface RegisteredCandidate {
  readonly email: string;
  readonly password: string;
  readonly displayName: string;
}

/** Registers a new candidate of `acme` through the register page and signs them in. */
export async function registerCandidate(
  session: BrowserSession,
  page: Page,
  displayName: string,
): Promise<RegisteredCandidate> {
  const email = `${displayName.toLowerCase().replace(/\W+/g, '-')}-${randomBytes(4).toString('hex')}@example.test`;
  const password = 'correct horse battery staple';
  await page.goto(`${session.url}/t/acme/register`);
  await page.getByLabel('Name', { exact: true }).fill(displayName);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create account', exact: true }).click();
  await page.getByRole('heading', { name: 'Check your e-mail', exact: true }).waitFor();
  await session.signIn(page, { email, password });
  return { email, password, displayName };
}

/** Adds a passkey on the passkeys page (already open) with the page's virtual authenticator. */
export async function addPasskeyOnPage(page: Page): Promise<void> {
  await page.getByLabel('Passkey name', { exact: true }).fill('Virtual authenticator');
  await page.getByRole('button', { name: 'Add a passkey', exact: true }).click();
  await page.getByText('Passkey added', { exact: true }).waitFor();
}

/** Registers a new candidate of `acme` through the register page, signs in and enrols a passkey. */
export async function registerCandidateWithPasskey(
  session: BrowserSession,
  page: Page,
  displayName: string,
): Promise<BrowserCandidate> {
  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
  const candidate = await registerCandidate(session, page, displayName);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Passkeys' }).click();
  await page.waitForURL('**/t/acme/passkeys');
  await addPasskeyOnPage(page);
  return { ...candidate, cdp, authenticatorId };
}

/** The content (with its key) of the bank item whose stem the page shows. */
export async function itemWithStem(db: Db, stem: string): Promise<ItemContent> {
  const rows = await db
    .select({ content: itemVersions.content })
    .from(itemVersions)
    .where(sql`${itemVersions.content}->>'stem' = ${stem}`)
    .orderBy(asc(itemVersions.version));
  const content = rows.at(-1)?.content;
  if (!content) throw new Error(`no item has the stem ${JSON.stringify(stem)}`);
  return content as unknown as ItemContent;
}

const optionText = (options: readonly { id: string; text: string }[], id: string) => {
  const option = options.find((o) => o.id === id);
  if (!option) throw new Error(`no option ${id}`);
  return option.text;
};

/** The entries of an ordering question as they stand on the page, top first. */
const orderShown = (question: Locator) => question.locator('.order-list .order-text').allTextContents();

/**
 * Answers the question shown in `question` (a locator of its section) the way its key says, through the same
 * controls a candidate uses: radios, checkboxes, the number field and unit, the text field, the ordering
 * buttons and the matching selects.
 */
export async function answerCorrectly(question: Locator, content: ItemContent): Promise<void> {
  switch (content.type) {
    case 'single_choice':
      await question
        .getByRole('radio', { name: optionText(content.options, content.key.correct), exact: true })
        .check();
      return;
    case 'multiple_response':
      for (const id of content.key.correct) {
        await question.getByRole('checkbox', { name: optionText(content.options, id), exact: true }).check();
      }
      return;
    case 'true_false':
      await question
        .getByRole('radio', { name: content.key.correct ? 'True' : 'False', exact: true })
        .check();
      return;
    case 'numeric':
      await question.getByLabel('Your answer (a number)', { exact: true }).fill(String(content.key.value));
      if (content.key.unit !== undefined)
        await question.getByLabel('Unit', { exact: true }).selectOption(content.key.unit);
      return;
    case 'short_text':
      await question.getByLabel('Your answer', { exact: true }).fill(content.key.accepted[0] ?? '');
      return;
    case 'ordering': {
      const wanted = content.key.order.map((id) => optionText(content.options, id));
      let moved = false;
      for (let target = 0; target < wanted.length; target++) {
        const text = wanted[target] as string;
        for (let at = (await orderShown(question)).indexOf(text); at > target; at--) {
          await question.getByRole('button', { name: `Move up: ${text}`, exact: true }).click();
          moved = true;
        }
      }
      // Shown in the right order already (the shuffle can do that): nothing was moved, so nothing was answered
      // yet; a form offers to answer with the order as it stands.
      const keep = question.getByRole('button', { name: 'Answer with this order', exact: true });
      if (!moved && (await keep.count()) > 0) await keep.click();
      return;
    }
    case 'matching':
      for (const prompt of content.prompts) {
        const optionId = content.key.pairs[prompt.id];
        if (optionId === undefined) continue;
        await question
          .getByLabel(prompt.text, { exact: true })
          .selectOption({ label: optionText(content.options, optionId) });
      }
      return;
  }
}

/** The stored saves of an attempt, oldest first (position, answer, mark, sequence number). */
export async function savesOf(db: Db, attemptId: string) {
  return db
    .select({
      seq: attemptResponses.seq,
      position: attemptResponses.position,
      answer: attemptResponses.answer,
      marked: attemptResponses.marked,
    })
    .from(attemptResponses)
    .where(and(eq(attemptResponses.attemptId, attemptId)))
    .orderBy(asc(attemptResponses.seq));
}

/** Whether the page scrolls sideways (it must not, on a phone). */
export const overflowsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
