import { randomBytes } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { CATALOG } from '../../src/lib/models/catalog';
import { answers, ask, setMaxNewTokens } from './support/chat';
import { hearthChunks, startModelMirror, type ModelMirror } from './support/model-mirror';

/** A web-llm build this browser (SwiftShader: no shader-f16) can run: q4f32. */
const ENTRY = CATALOG.find((e) => e.engine === 'webllm' && e.id === 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC');
if (!ENTRY?.modelLib) throw new Error('the catalog lost Qwen2.5-0.5B-Instruct-q4f32_1-MLC');
const MODEL = ENTRY;
const LIB = MODEL.modelLib ?? '';

let mirror: ModelMirror;
test.beforeEach(async () => {
  mirror = await startModelMirror();
});
test.afterEach(async () => {
  await mirror.stop();
});

/** web-llm's files in hub layout: its config, the tensor index and shards it names, a tokenizer, the library. */
function serveWebLlmModel(missingShard = false): string[] {
  const base = `/${MODEL.repo}/resolve/main/`;
  const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  const shards = [randomBytes(300_000), randomBytes(200_000)];
  mirror.set(
    `${base}mlc-chat-config.json`,
    json({ tokenizer_files: ['tokenizer.json'], context_window_size: 4096 }),
  );
  mirror.set(
    `${base}tensor-cache.json`,
    json({
      records: shards.map((shard, i) => ({ dataPath: `params_shard_${i}.bin`, nbytes: shard.length })),
    }),
  );
  mirror.set(`${base}tokenizer.json`, json({ model: { type: 'BPE' } }));
  shards.forEach((shard, i) => {
    if (!(missingShard && i === 1)) mirror.set(`${base}params_shard_${i}.bin`, new Uint8Array(shard));
  });
  mirror.set(`/libs/${LIB}`, new Uint8Array(randomBytes(50_000)));
  return [
    `${mirror.url}${base}mlc-chat-config.json`,
    `${mirror.url}${base}tensor-cache.json`,
    `${mirror.url}${base}tokenizer.json`,
    `${mirror.url}${base}params_shard_0.bin`,
    `${mirror.url}${base}params_shard_1.bin`,
    `${mirror.url}/libs/${LIB}`,
  ];
}

async function useMirror(page: Page, mirrorUrl: string, libraryUrl: string): Promise<void> {
  await page.goto('/settings');
  await page.getByRole('textbox', { name: 'Model mirror URL' }).fill(mirrorUrl);
  await page.getByRole('textbox', { name: 'Model library URL' }).fill(libraryUrl);
  await page.getByRole('textbox', { name: 'Model library URL' }).press('Enter');
  await expect(page.getByText('Saved', { exact: false })).toBeVisible();
}

/** The URLs web-llm has in its own three databases, read as web-llm reads them. */
function webllmRecords(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(async () => {
    const out: Record<string, string[]> = {};
    for (const name of ['webllm/config', 'webllm/wasm', 'webllm/model']) {
      out[name] = await new Promise<string[]>((resolve) => {
        const open = indexedDB.open(name, 1);
        open.onupgradeneeded = () => open.result.createObjectStore('urls', { keyPath: 'url' });
        open.onsuccess = () => {
          const request = open.result.transaction('urls').objectStore('urls').getAllKeys();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result.map(String).sort());
          };
        };
      });
    }
    return out;
  });
}

function card(page: Page) {
  return page
    .getByRole('list', { name: 'Model catalog' })
    .getByRole('listitem', { name: MODEL.displayName, exact: true });
}

test("a web-llm model's files land in web-llm's own database, once; Delete removes them all, offline", async ({
  page,
}) => {
  const urls = serveWebLlmModel();
  await useMirror(page, mirror.url, `${mirror.url}/libs`);
  await page.goto('/models');
  await card(page).getByRole('button', { name: 'Download' }).click();
  await expect(card(page).getByTestId('model-state')).toContainText('Ready', { timeout: 30_000 });

  const records = await webllmRecords(page);
  const [config, tensorCache, tokenizer, shard0, shard1, lib] = urls;
  expect(records['webllm/config']).toEqual([config]);
  expect(records['webllm/wasm']).toEqual([lib]);
  expect(records['webllm/model']).toEqual([shard0, shard1, tensorCache, tokenizer].sort());
  // One copy: nothing of it stays in Hearth's own chunks.
  expect(await hearthChunks(page)).toBe(0);
  // Each file was fetched once.
  expect(mirror.served.map((s) => s.path).sort()).toEqual(urls.map((url) => new URL(url).pathname).sort());

  // Offline, Hearth deletes web-llm's records itself, tensor-cache.json included.
  await mirror.stop();
  await card(page).getByRole('button', { name: 'Delete' }).click();
  await expect(card(page).getByTestId('model-state')).toContainText('Not downloaded');
  expect(await webllmRecords(page)).toEqual({ 'webllm/config': [], 'webllm/wasm': [], 'webllm/model': [] });
});

test("a failed web-llm download leaves no unverified file in web-llm's database, and Delete clears it", async ({
  page,
}) => {
  const urls = serveWebLlmModel(true);
  await useMirror(page, mirror.url, `${mirror.url}/libs`);
  await page.goto('/models');
  await card(page).getByRole('button', { name: 'Download' }).click();
  await expect(card(page).getByTestId('model-state')).toContainText('Paused', { timeout: 30_000 });
  await expect(card(page).getByTestId('model-state')).toContainText('could not be found');
  const records = Object.values(await webllmRecords(page)).flat();
  // The missing shard is not there; what is there was verified, and belongs to this model.
  expect(records).not.toContain(urls[4]);
  for (const url of records) expect(urls).toContain(url);
  await card(page).getByRole('button', { name: 'Delete' }).click();
  await expect(card(page).getByTestId('model-state')).toContainText('Not downloaded');
  expect(Object.values(await webllmRecords(page)).flat()).toEqual([]);
});

test('a web-llm model on an unreachable mirror fails with one clear sentence, and the app goes on', async ({
  page,
}) => {
  await mirror.stop();
  // Nothing listens there any more.
  await useMirror(page, mirror.url, `${mirror.url}/libs`);
  await page.goto('/');
  await page.getByRole('combobox', { name: 'Model' }).selectOption(MODEL.id);
  await setMaxNewTokens(page, 16);
  const answer = await ask(page, 'Hello?', { keepModel: true });
  await expect(answer.getByRole('alert')).toContainText('The connection failed', { timeout: 30_000 });
  await expect(answer.getByRole('alert')).toContainText(mirror.url);
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeVisible();
  await expect(answers(page)).toHaveCount(1);
});
