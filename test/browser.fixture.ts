import { launchChromium } from '@ops/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

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
