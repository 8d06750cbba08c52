import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Page } from '@playwright/test';
import { ask, setMaxNewTokens } from './support/chat';
import { hearthChunks, readModelFolder, startModelMirror, type ModelMirror } from './support/model-mirror';

/**
 * The weight cache, in a real browser, against a local mirror in hub layout that logs every byte range it
 * sends and injects faults. The model is Hearth's own generated one (random weights, Llama architecture),
 * served under a catalog entry's repository so the real download and loading code runs end to end.
 */
const REPO = 'onnx-community/Qwen2.5-0.5B-Instruct';
const NAME = 'Qwen2.5 0.5B Instruct (ONNX q4)';
const WEIGHTS = 'onnx/model_q4.onnx';
const SELF_TEST = join(process.cwd(), 'public', 'models', 'hearth', 'self-test-tiny', 'resolve', 'main');

let mirror: ModelMirror;
test.beforeEach(async () => {
  mirror = await startModelMirror();
  for (const [path, bytes] of readModelFolder(SELF_TEST)) {
    const served = path === 'onnx/model.onnx' ? WEIGHTS : path;
    mirror.set(`/${REPO}/resolve/main/${served}`, bytes);
  }
});
test.afterEach(async () => {
  await mirror.stop();
});

async function useMirror(page: Page): Promise<void> {
  await page.goto('/settings');
  const field = page.getByRole('textbox', { name: 'Model mirror URL' });
  await field.fill(mirror.url);
  await field.press('Enter');
  await expect(page.getByText('Saved', { exact: false })).toBeVisible();
}

function card(page: Page) {
  return page.getByRole('list', { name: 'Model catalog' }).getByRole('listitem', { name: NAME, exact: true });
}

const weightRequests = () => mirror.served.filter((s) => s.path.endsWith(WEIGHTS));
const weightsSize = () => 170_584;

test('a download shows its progress, survives a reload, resumes from the last stored chunk, and the model then answers with the mirror gone', async ({
  page,
}) => {
  await useMirror(page);
  // ~4 s for the weights, so the reload lands mid-file.
  mirror.faults = { throttle: { suffix: WEIGHTS, bytesPerS: 40_000 } };
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Models' }).click();
  await expect(card(page).getByTestId('model-state')).toContainText('Not downloaded');
  await expect(card(page).getByTestId('model-state')).toContainText(/needs 793 MB, .* free/);
  await card(page).getByRole('button', { name: 'Download' }).click();
  await expect(card(page).getByRole('progressbar')).toBeVisible();
  await expect(card(page).getByTestId('model-state')).toContainText(/Downloading\s+\d+%/);
  await expect.poll(() => weightRequests().at(0)?.end ?? 0, { timeout: 15_000 }).toBeGreaterThan(100_000);

  await page.reload();
  await expect(card(page).getByTestId('model-state')).toContainText(/Paused at \d+%/);
  mirror.faults = {};
  await card(page).getByRole('button', { name: 'Resume' }).click();
  await expect(card(page).getByTestId('model-state')).toContainText('Ready', { timeout: 20_000 });

  // The second request asked only for what was not stored, from a chunk boundary (64 KiB for this file).
  const [first, second, ...more] = weightRequests();
  expect(more).toEqual([]);
  expect(first).toMatchObject({ status: 200, start: 0 });
  expect(second?.status).toBe(206);
  expect((second?.start ?? 0) % 65_536).toBe(0);
  expect(second?.start ?? 0).toBeGreaterThanOrEqual(65_536);
  expect(second?.end).toBe(weightsSize());
  // Bytes sent twice are at most the one chunk in flight when the page went away.
  expect((first?.end ?? 0) - (second?.start ?? 0)).toBeLessThan(65_536);
  // Every small file was fetched exactly once.
  for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json'])
    expect(mirror.served.filter((s) => s.path.endsWith(`/${file}`))).toHaveLength(1);

  // (f) The mirror stops: the model loads from IndexedDB and answers.
  await mirror.stop();
  await card(page).getByRole('button', { name: 'Use' }).click();
  await setMaxNewTokens(page, 16);
  const answer = await ask(page, 'Hello from a stored model', { keepModel: true });
  await expect(answer.getByTestId('speed')).toBeVisible({ timeout: 90_000 });
  await expect(answer.getByTestId('placement')).toContainText('on device');
});

test('a connection dropped mid-file resumes; a corrupt file is fetched again, never loaded, and marked damaged', async ({
  page,
}) => {
  await useMirror(page);
  mirror.faults = { dropAfter: { suffix: WEIGHTS, bytes: 100_000 } };
  await page.goto('/models');
  await card(page).getByRole('button', { name: 'Download' }).click();
  await expect(card(page).getByTestId('model-state')).toContainText(/Paused at \d+% · The connection failed/);
  await card(page).getByRole('button', { name: 'Resume' }).click();
  await expect(card(page).getByTestId('model-state')).toContainText('Ready', { timeout: 20_000 });
  const [dropped, resumed] = weightRequests();
  expect(dropped?.end).toBe(100_000);
  expect(resumed).toMatchObject({ status: 206, start: 65_536, end: weightsSize() });

  // The file is corrupted on the mirror (its ETag still names the true SHA-256).
  await card(page).getByRole('button', { name: 'Delete' }).click();
  await expect(card(page).getByTestId('model-state')).toContainText('Not downloaded');
  const before = weightRequests().length;
  mirror.faults = { corruptFor: WEIGHTS };
  await card(page).getByRole('button', { name: 'Download' }).click();
  await expect(card(page).getByTestId('model-state')).toContainText('Damaged', { timeout: 20_000 });
  await expect(card(page).getByTestId('model-state')).toContainText('SHA-256');
  // Fetched twice (the retry), then refused.
  expect(weightRequests().length - before).toBe(2);
  // Never handed to the engine: using it fails with the damage named, not with a broken model.
  await card(page).getByRole('button', { name: 'Use' }).click();
  mirror.faults = { corruptFor: WEIGHTS };
  const answer = await ask(page, 'Does it load?', { keepModel: true });
  await expect(answer.getByRole('alert')).toContainText('damaged', { timeout: 30_000 });
});

test('too little space: the download is refused with both sizes, before a byte, and the app keeps working', async ({
  page,
}) => {
  // The browser reports 50 MB of quota, 20 MB of it used: as on a nearly full disk.
  await page.addInitScript(() => {
    Object.defineProperty(StorageManager.prototype, 'estimate', {
      value: async () => ({ quota: 50_000_000, usage: 20_000_000 }),
    });
  });
  await useMirror(page);
  await page.goto('/models');
  await expect(card(page).getByTestId('model-state')).toContainText('needs 793 MB, 30.0 MB free');
  // Refused before anything is fetched: the verdict says why, and Download cannot be pressed.
  await expect(card(page).getByTestId('verdict')).toContainText("Won't fit");
  await expect(card(page).getByTestId('verdict')).toContainText('storage');
  await expect(card(page).getByRole('button', { name: 'Download' })).toBeDisabled();
  expect(mirror.served).toEqual([]);
  await expect(card(page).getByTestId('model-state')).toContainText('Not downloaded');
  // The built-in model still answers.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Chat' }).click();
  await setMaxNewTokens(page, 16);
  const answer = await ask(page, 'Still here?');
  await expect(answer.getByTestId('speed')).toBeVisible({ timeout: 90_000 });
});

test('Delete frees the space: the files are gone and the storage estimate goes down', async ({
  browser,
  baseURL,
}, testInfo) => {
  // A profile on disk: an in-memory (incognito) context keeps IndexedDB out of the usage figures.
  const profile = mkdtempSync(join(tmpdir(), 'hearth-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    ...testInfo.project.use.launchOptions,
    // As in every other story but pwa.spec: the service worker's 40 MB precache would move the estimate.
    serviceWorkers: 'block',
    ...(baseURL ? { baseURL } : {}),
  });
  const page = context.pages()[0] ?? (await context.newPage());
  void browser;
  // 24 MB of weights, so the browser's own accounting moves visibly (it is never loaded, only stored).
  // Random, so no compression in the browser's storage can shrink it.
  const big = new Uint8Array(randomBytes(24_000_000));
  mirror.set(`/${REPO}/resolve/main/${WEIGHTS}`, big);
  await useMirror(page);
  await page.goto('/models');
  await card(page).getByRole('button', { name: 'Download' }).click();
  await expect(card(page).getByTestId('model-state')).toContainText('Ready', { timeout: 60_000 });
  const usage = () => page.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  const stored = () => hearthChunks(page);
  expect(await stored()).toBeGreaterThan(0);
  const before = await usage();
  await card(page).getByRole('button', { name: 'Delete' }).click();
  await expect(card(page).getByTestId('model-state')).toContainText('Not downloaded');
  expect(await stored()).toBe(0);
  expect(before).toBeGreaterThan(24_000_000);
  await expect.poll(usage, { timeout: 20_000 }).toBeLessThan(before - 20_000_000);
  await context.close();
  rmSync(profile, { recursive: true, force: true });
});
