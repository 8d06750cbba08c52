// `npm run icons`: renders public/favicon.svg into the PNG icons the web app manifest and iOS need, and
// takes the install dialog's screenshots from a running build (`npm start` first, or pass --app URL).
// Run by hand when the logo or the layout changes; the outputs are committed, so builds never need a browser.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { BASE_CHROMIUM_ARGS, ensureChromium } from './lib/browser.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'public', 'icons');
const svg = readFileSync(join(root, 'public', 'favicon.svg'), 'utf8');
const appIndex = process.argv.indexOf('--app');
const appUrl = appIndex > 0 ? process.argv[appIndex + 1] : null;

/**
 * The logo on its own square: `inset` is the share of the side left around it (maskable icons need 10 %).
 * @param {number} size @param {number} inset @param {string} background
 */
function page(size, inset, background) {
  const logo = size * (1 - 2 * inset);
  return `<!doctype html><html><body style="margin:0;width:${size}px;height:${size}px;background:${background};display:grid;place-items:center">
    <div style="width:${logo}px;height:${logo}px">${svg.replace('<svg ', `<svg width="${logo}" height="${logo}" `)}</div></body></html>`;
}

const ICONS = [
  { file: 'icon-192.png', size: 192, inset: 0, background: 'transparent' },
  { file: 'icon-512.png', size: 512, inset: 0, background: 'transparent' },
  // Full bleed in the logo's own colour, the flame inside the safe circle.
  { file: 'maskable-512.png', size: 512, inset: 0.12, background: '#c2410c' },
  // iOS draws no transparency and rounds the corners itself.
  { file: 'apple-touch-icon-180.png', size: 180, inset: 0.08, background: '#c2410c' },
];

const found = ensureChromium();
if ('error' in found) {
  console.error(found.error);
  process.exit(1);
}
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: found.path, args: BASE_CHROMIUM_ARGS });
try {
  for (const icon of ICONS) {
    const tab = await browser.newPage({ viewport: { width: icon.size, height: icon.size } });
    await tab.setContent(page(icon.size, icon.inset, icon.background));
    await tab.screenshot({ path: join(out, icon.file), omitBackground: icon.background === 'transparent' });
    await tab.close();
    console.log(`public/icons/${icon.file}`);
  }
  if (appUrl) {
    for (const [file, width, height] of [
      ['screenshot-wide.png', 1280, 800],
      ['screenshot-narrow.png', 390, 844],
    ]) {
      const tab = await browser.newPage({ viewport: { width: Number(width), height: Number(height) } });
      await tab.goto(String(appUrl));
      await tab.getByRole('textbox', { name: 'Message' }).waitFor();
      await tab.screenshot({ path: join(out, String(file)) });
      await tab.close();
      console.log(`public/icons/${file}`);
    }
  }
} finally {
  await browser.close();
}
