// `pretest`: make sure a Chromium exists before the e2e tests, installing Debian's when we may.
import { ensureChromium } from './lib/browser.js';

const browser = ensureChromium();
if ('error' in browser) {
  console.error(browser.error);
  process.exit(1);
}
console.log(`Browser for tests: ${browser.path}`);
