import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

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

const clientConfig = fileURLToPath(new URL('../../exam-client/vite.config.ts', import.meta.url));
const clientIndex = fileURLToPath(new URL('../../exam-client/dist/index.html', import.meta.url));

/** True when the browser end-to-end tests can run here. */
export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

/** Builds the exam-client once when its build is missing. */
export async function ensureClientBuilt(): Promise<void> {
  if (existsSync(clientIndex)) return;
  // Imported lazily: mocha may load test files through require(), and vite's build then fails to resolve
  // its own 'vite/modulepreload-polyfill' when vite itself was loaded by require(esm).
  const { build } = await import('vite');
  await build({ configFile: clientConfig, logLevel: 'warn' });
}

/** Headless Debian Chromium with the flags this machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
