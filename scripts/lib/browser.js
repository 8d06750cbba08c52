// Finds a Chromium for the e2e tests and the CLIs: Playwright's own if installed, else the system one.
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
