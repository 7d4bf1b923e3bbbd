import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Locator,
  type Page,
} from 'playwright-core';
import { buildExamClient } from '../../scripts/client-build.js';
import type { Db } from '../../server/persistence/database.js';
import { startTestServer } from './server.js';

/** Debian's Chromium; end-to-end suites skip (and say so in their titles) where it is not installed. */
export const CHROMIUM = '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps dialling out, which this closed network refuses.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const clientIndex = fileURLToPath(new URL('../../exam-client/dist/index.html', import.meta.url));

/** True when the browser end-to-end tests can run here. */
export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

/** Builds the exam-client once when its build is missing. */
export async function ensureClientBuilt(): Promise<void> {
  if (existsSync(clientIndex)) return;
  await buildExamClient(path.dirname(clientIndex));
}

/** Headless Debian Chromium with the flags this machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** An account that signs in with a password. */
export interface Account {
  email: string;
  password: string;
}

/** How long one browser step may take before it fails. */
const STEP_TIMEOUT_MS = 15_000;

/**
 * The server and browser of an end-to-end suite: `start()` in its `before` hook (after skipping where
 * Chromium is missing), `close()` in its `after` hook. Every page comes from `freshPage`, so the uncaught
 * errors of all of them end up in `pageErrors`.
 */
export interface BrowserSession {
  /** The test server's origin, such as http://localhost:41234. */
  readonly url: string;
  /** The test server's database (to read the e-mails waiting in its outbox). */
  readonly db: Db;
  /** Uncaught errors of every page opened so far. */
  readonly pageErrors: string[];
  /** Builds the client where needed, starts the test server and launches Chromium. */
  start(): Promise<void>;
  /** A page in a fresh browser context (no cookies shared with any other). */
  freshPage(options?: BrowserContextOptions): Promise<Page>;
  /** Signs in through the sign-in page and waits for the tenant's home page. */
  signIn(page: Page, account: Account, tenantSlug?: string): Promise<void>;
  /** Closes every context, the browser and the server (whatever of them was started). */
  close(): Promise<void>;
}

export function browserSession(): BrowserSession {
  let server: Awaited<ReturnType<typeof startTestServer>> | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the browser session has no ${what}: call start() first`);
    return value;
  };

  return {
    get url() {
      return started(server, 'server').url;
    },
    get db() {
      return started(server, 'server').db;
    },
    pageErrors,

    async start() {
      await ensureClientBuilt();
      server = await startTestServer();
      browser = await launchChromium();
    },

    async freshPage(options: BrowserContextOptions = {}) {
      const context = await started(browser, 'browser').newContext(options);
      context.setDefaultTimeout(STEP_TIMEOUT_MS);
      contexts.push(context);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      return page;
    },

    async signIn(page, account, tenantSlug = 'acme') {
      await page.goto(`${started(server, 'server').url}/t/${tenantSlug}/sign-in`);
      await page.getByLabel('Email', { exact: true }).fill(account.email);
      await page.getByLabel('Password', { exact: true }).fill(account.password);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.waitForURL(`**/t/${tenantSlug}/home`);
    },

    async close() {
      for (const context of contexts) await context.close();
      await browser?.close();
      await server?.close();
    },
  };
}

/** True once the element has focus, within two seconds (focus often moves in an effect after a render). */
export async function hasFocusSoon(target: Locator): Promise<boolean> {
  for (const until = Date.now() + 2000; ; ) {
    if (await target.evaluate((el) => el === document.activeElement)) return true;
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
