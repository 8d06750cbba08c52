import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium, expect, test, type Page } from '@playwright/test';
import { BASE_CHROMIUM_ARGS, WEBGPU_CHROMIUM_ARGS, findChromium } from '../../scripts/lib/browser.js';
import { APP_HEADERS } from '../../scripts/lib/security-headers.js';
import { createStaticServer } from '../../scripts/lib/static-server.js';
import { answers, ask, openPage, setMaxNewTokens } from './support/chat';
import { installScriptedWorker } from './support/scripted-worker';

test.use({ serviceWorkers: 'allow' });

const DIST = join(process.cwd(), 'dist');

/** Waits for the service worker to be active, then reloads so it controls the page (Hearth never claims). */
async function controlledBy(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

async function cachedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const paths: string[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) paths.push(new URL(request.url).pathname);
    }
    return paths;
  });
}

test('the service worker activates and precaches the shell, the workers and every engine file, but no model weights', async ({
  page,
}) => {
  await page.goto('/');
  await controlledBy(page);
  const cached = await cachedPaths(page);
  expect(cached).toContain('/index.html');
  expect(cached).toContain('/manifest.webmanifest');
  for (const pattern of [
    /^\/assets\/inference\.worker-[\w-]+\.js$/,
    /^\/assets\/download\.worker-[\w-]+\.js$/,
    /^\/assets\/transformers-engine-[\w-]+\.js$/,
    /^\/assets\/webllm-engine-[\w-]+\.js$/,
    /^\/assets\/ort-wasm-simd-threaded\.asyncify-[\w-]+\.wasm$/,
    /^\/assets\/ort-wasm-simd-threaded\.asyncify-[\w-]+\.mjs$/,
    /^\/icons\/icon-512\.png$/,
  ])
    expect(
      cached.some((path) => pattern.test(path)),
      String(pattern),
    ).toBe(true);
  expect(cached.filter((path) => path.startsWith('/models/'))).toEqual([]);

  // What the service worker answers with keeps the headers the server sent: still cross-origin isolated.
  const headers = await page.evaluate(async () => {
    const response = await caches.match('/index.html', { ignoreSearch: true });
    return {
      coop: response?.headers.get('Cross-Origin-Opener-Policy'),
      coep: response?.headers.get('Cross-Origin-Embedder-Policy'),
      csp: response?.headers.get('Content-Security-Policy'),
    };
  });
  expect(headers).toMatchObject({ coop: 'same-origin', coep: 'require-corp' });
  expect(headers.csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
});

test('offline after the first visit: the home page and a deep route render, and the stored self-test model loads and answers', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await controlledBy(page);
  // The first answer stores the self-test model in the weight cache; a short one keeps the story quick.
  await setMaxNewTokens(page, 8);
  const first = await ask(page, 'Hello');
  await expect(first.getByTestId('speed')).toBeVisible({ timeout: 90_000 });

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('status').filter({ hasText: 'Offline' })).toBeVisible();
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const offline = await ask(page, 'Are you still there?');
  await expect(offline.getByTestId('speed')).toBeVisible({ timeout: 90_000 });

  // A model that is not stored cannot come while offline: the chat says so and what to do.
  await page
    .getByRole('combobox', { name: 'Model' })
    .selectOption({ label: 'Qwen2.5 0.5B Instruct (ONNX q4)' });
  await ask(page, 'And with the other model?', { keepModel: true });
  await expect(page.getByText(/is not on this device yet, and you are offline/)).toBeVisible({
    timeout: 30_000,
  });

  await page.goto('/settings');
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await page.goto('/models');
  await expect(page.getByRole('heading', { name: 'Models', level: 1 })).toBeVisible();
  // What needs the network says so instead of failing.
  const card = page
    .getByRole('list', { name: 'Model catalog' })
    .getByRole('listitem', { name: 'Qwen2.5 0.5B Instruct (ONNX q4)', exact: true });
  await expect(card.getByTestId('needs-network')).toHaveText('Downloads need the network: you are offline.');
  // Download, or Resume after the chat's attempt above left its manifest behind.
  await expect(card.getByRole('button', { name: /^(Download|Resume)$/ })).toBeDisabled();
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

test('the manifest is complete and its icons and screenshots load', async ({ page }) => {
  await page.goto('/');
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector<HTMLLinkElement>('link[rel="manifest"]');
    const response = await fetch(link?.href ?? '');
    return {
      type: response.headers.get('Content-Type'),
      body: (await response.json()) as Record<string, unknown>,
    };
  });
  expect(manifest.type).toContain('application/manifest+json');
  expect(manifest.body).toMatchObject({
    name: expect.stringContaining('Hearth'),
    short_name: 'Hearth',
    description: expect.any(String),
    start_url: '/',
    scope: '/',
    display: 'standalone',
    theme_color: expect.stringMatching(/^#[0-9a-f]{6}$/i),
    background_color: expect.stringMatching(/^#[0-9a-f]{6}$/i),
  });
  const icons = manifest.body.icons as { src: string; sizes: string; purpose: string }[];
  const screenshots = manifest.body.screenshots as { src: string; sizes: string; form_factor: string }[];
  expect([
    ...icons.map((icon) => `${icon.sizes} ${icon.purpose}`),
    ...screenshots.map((shot) => `${shot.sizes} ${shot.form_factor}`),
  ]).toEqual(['192x192 any', '512x512 any', '512x512 maskable', '1280x800 wide', '390x844 narrow']);
  const images = [...icons, ...screenshots];
  for (const image of images) {
    const size = await page.evaluate(async (src) => {
      const bitmap = await createImageBitmap(await (await fetch(src)).blob());
      return `${bitmap.width}x${bitmap.height}`;
    }, image.src);
    expect(size, image.src).toBe(image.sizes);
  }
  // iOS reads none of the manifest: it needs its own icon and tags.
  const appleIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
  expect((await page.request.get(appleIcon ?? '')).status()).toBe(200);
  await expect(page.locator('meta[name="apple-mobile-web-app-title"]')).toHaveAttribute('content', 'Hearth');
});

test('installable: Chromium finds no installability error, and "Install Hearth" appears when it offers', async ({
  baseURL,
}) => {
  // Chromium offers installation only outside incognito, so this story needs a profile of its own.
  const profile = mkdtempSync(join(tmpdir(), 'hearth-install-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: findChromium() ?? undefined,
    args: [...BASE_CHROMIUM_ARGS, ...WEBGPU_CHROMIUM_ARGS],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(baseURL ?? '/');
    const cdp = await context.newCDPSession(page);
    const { errors, url } = (await cdp.send('Page.getAppManifest')) as { errors: unknown[]; url: string };
    expect(url).toMatch(/\/manifest\.webmanifest$/);
    expect(errors).toEqual([]);
    await expect
      .poll(
        async () =>
          ((await cdp.send('Page.getInstallabilityErrors')) as { installabilityErrors: unknown[] })
            .installabilityErrors,
      )
      .toEqual([]);
    // The worker that makes it work offline has a fetch handler (installability alone does not need one).
    const handlesFetch = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      const script = await (await fetch(registration.active?.scriptURL ?? '')).text();
      return /addEventListener\(\s*["']fetch["']|registerRoute\(/.test(script);
    });
    expect(handlesFetch).toBe(true);
    await expect(page.getByRole('button', { name: 'Install Hearth' })).toBeVisible({ timeout: 15_000 });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});

test.describe('a new version', () => {
  let server: Server;
  let served: string;
  let origin: string;

  test.beforeAll(async () => {
    served = mkdtempSync(join(tmpdir(), 'hearth-served-'));
    cpSync(DIST, served, { recursive: true });
    server = createStaticServer({ root: served, spaFallback: true, headers: APP_HEADERS });
    await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
    const address = server.address();
    origin = `http://localhost:${typeof address === 'object' && address ? address.port : 0}`;
  });

  test.afterAll(() => {
    server.close();
    rmSync(served, { recursive: true, force: true });
  });

  test('version A open, B deployed: the toast appears, a running answer is not cut, and Reload switches to B', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const answer = 'This answer streams for a while. '.repeat(24).trim();
    // 7 characters every 60 ms: about 5 s of streaming.
    await installScriptedWorker(page, answer, { everyMs: 60 });
    await page.goto(`${origin}/`);
    await controlledBy(page);
    await openPage(page, 'Settings');
    const versionA = await page.getByTestId('build').textContent();

    // Build B beside it first (a build takes a while), then deploy it in place while an answer streams.
    const staging = mkdtempSync(join(tmpdir(), 'hearth-next-'));
    const build = spawnSync(
      join('node_modules', '.bin', 'vite'),
      ['build', '--outDir', staging, '--emptyOutDir'],
      {
        env: { ...process.env, HEARTH_BUILD_LABEL: 'e2e-version-B' },
        encoding: 'utf8',
      },
    );
    expect(build.status, build.stderr).toBe(0);

    await openPage(page, 'Chat');
    const streaming = await ask(page, 'Tell me something long');
    await expect(streaming).toContainText('This answer streams');
    for (const entry of readdirSync(served)) rmSync(join(served, entry), { recursive: true, force: true });
    cpSync(staging, served, { recursive: true });
    rmSync(staging, { recursive: true, force: true });
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });

    const toast = page.getByTestId('update-toast');
    await expect(toast).toContainText('A new version is ready');
    // Still streaming: the person asks to reload, and Hearth waits for the answer.
    await expect(page.getByRole('button', { name: 'Stop' })).toBeVisible();
    await toast.getByRole('button', { name: 'Reload' }).click();
    await expect(toast).toContainText('reloads when the answer or download in progress ends');
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await reloaded;

    // B runs, and the answer that was streaming was kept whole.
    await expect(answers(page).first()).toContainText(answer.slice(-40), { timeout: 15_000 });
    await openPage(page, 'Settings');
    await expect(page.getByTestId('build')).toHaveText('e2e-version-B');
    expect(versionA).not.toBe('e2e-version-B');
  });
});
