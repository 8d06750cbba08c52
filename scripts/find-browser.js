// `pretest`: make sure a Chromium exists before the e2e tests, installing Debian's when we may.
import { spawnSync } from 'node:child_process';
import { findChromium } from './lib/browser.js';

const found = findChromium();
if (found) {
  console.log(`Browser for tests: ${found}`);
  process.exit(0);
}

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
if (isRoot && hasApt) {
  console.log('No Chromium found: installing Debian\'s "chromium" with apt-get…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  const install =
    update.status === 0
      ? spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env })
      : update;
  const installed = findChromium();
  if (install.status === 0 && installed) {
    console.log(`Browser for tests: ${installed}`);
    process.exit(0);
  }
  console.error(
    'Installing chromium with apt-get failed; install it by hand ("apt-get install chromium") and run the tests again.',
  );
  process.exit(1);
}

console.error(
  'No Chromium found for the end-to-end tests: install one ("sudo apt-get install chromium" on Debian/Ubuntu, or "npx playwright install chromium"), or set HEARTH_CHROMIUM to its path.',
);
process.exit(1);
