import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

/** Debian's Chromium: Playwright drives it, never downloads one (infra/setup.sh installs it). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Without the background-networking flags this Chromium's own connections are refused here, and it stalls. */
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args });
}

/** One browser for a spec file; `fresh()` is a new context each time: no storage shared with other pages. */
export function useBrowser(): { browser: Browser; fresh(): Promise<Page> } {
  const suite = {} as { browser: Browser; fresh(): Promise<Page> };
  beforeAll(async () => {
    suite.browser = await launchChromium();
  });
  afterAll(async () => {
    await suite.browser?.close();
  });
  suite.fresh = async () => {
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 860 } });
    return context.newPage();
  };
  return suite;
}
