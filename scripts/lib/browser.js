// Finds a Chromium for the e2e tests and the CLIs: Playwright's own if installed, else the system one,
// else (as root on Debian/Ubuntu) installs the system one.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

export const SYSTEM_CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** Flags this machine needs: no sandbox as root, and no background traffic to a closed network. */
export const BASE_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** WebGPU without a GPU: SwiftShader's Vulkan adapter (no shader-f16). */
export const WEBGPU_CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-features=Vulkan',
];

/** @returns {string | null} */
export function findChromium() {
  const fromEnv = process.env.HEARTH_CHROMIUM;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  try {
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return bundled;
  } catch {
    // Playwright throws when its browsers were never downloaded; the system one is next.
  }
  return SYSTEM_CHROMIUM_PATHS.find((path) => existsSync(path)) ?? null;
}

/**
 * What `npm test` (pretest) and `npm run bench` both do before they start a browser: find a Chromium, or
 * install Debian's with apt-get when running as root, or say in one sentence what to install.
 * @param {(line: string) => void} [say] where progress goes (stdout by default)
 * @returns {{ path: string } | { error: string }}
 */
export function ensureChromium(say = (line) => console.log(line)) {
  const found = findChromium();
  if (found) return { path: found };
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    return {
      error:
        'No Chromium found: install one ("sudo apt-get install chromium" on Debian/Ubuntu, or "npx playwright install chromium"), or set HEARTH_CHROMIUM to its path.',
    };
  }
  say('No Chromium found: installing Debian\'s "chromium" with apt-get…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // apt's output goes to stderr so a caller's stdout (a bench table, JSON) stays clean.
  /** @type {import('node:child_process').StdioOptions} */
  const stdio = ['ignore', 2, 'inherit'];
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio, env });
  const install =
    update.status === 0 ? spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio, env }) : update;
  const installed = findChromium();
  if (install.status === 0 && installed) return { path: installed };
  return {
    error:
      'Installing chromium with apt-get failed; install it by hand ("apt-get install chromium") and try again.',
  };
}
