import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; infra/setup.sh does it): Playwright drives it, never downloads one. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Without the background-networking flags this Chromium's own connections are refused here, and it stalls. */
const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A headless Chromium for the console's browser tests and its screenshots. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args });
}
