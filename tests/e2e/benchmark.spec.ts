import { readFileSync } from 'node:fs';
import { expect, test, type Download, type Locator } from '@playwright/test';

async function cellNumber(row: Locator, column: string): Promise<number> {
  const text = (await row.locator(`[data-column="${column}"]`).textContent()) ?? '';
  return Number(/^-?\d+(\.\d+)?/.exec(text.trim())?.[0] ?? Number.NaN);
}

function read(download: Download): Promise<string> {
  return download.path().then((path) => readFileSync(path, 'utf8'));
}

test('a person benchmarks the self-test model, keeps the result across a reload and exports it', async ({
  page,
}) => {
  await page.goto('/benchmark');
  await expect(page.getByTestId('bench-device')).toContainText('swiftshader');
  // WebAssembly only, and short, to keep the story quick.
  await page.getByRole('checkbox', { name: /^WebGPU/ }).uncheck();
  await page.getByRole('checkbox', { name: 'WebAssembly (CPU)' }).check();
  await page.getByRole('spinbutton', { name: 'Runs' }).fill('3');
  await page.getByRole('textbox', { name: 'Prompt lengths (tokens)' }).fill('32, 96');
  await page.getByRole('spinbutton', { name: 'New tokens' }).fill('48');
  await page.getByRole('button', { name: 'Run benchmark' }).click();
  await expect(page.getByRole('progressbar', { name: 'Benchmark progress' })).toBeVisible();

  const row = page.getByRole('table').getByTestId('bench-row');
  await expect(row).toHaveCount(1, { timeout: 90_000 });
  await expect(row).toContainText('Self-test');
  await expect(row).toContainText('WebAssembly');
  await expect(row).toContainText('swiftshader');
  const decode = await cellNumber(row, 'decode');
  expect(decode).toBeGreaterThan(0);
  const coldLoad = await cellNumber(row, 'load-cold');
  const warmLoad = await cellNumber(row, 'load-warm');
  expect(coldLoad).toBeGreaterThan(0);
  expect(warmLoad).toBeGreaterThan(0);
  await expect(row.locator('[data-column="threads"]')).toHaveText(/^\d+ threads?$/);
  await expect(row.locator('[data-column="fallback"]')).toHaveCount(0);

  await page.reload();
  await expect(row).toHaveCount(1);
  expect(await cellNumber(row, 'decode')).toBe(decode);

  const [jsonDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  const records = JSON.parse(await read(jsonDownload)) as {
    app: { decode_tokens_per_s: number; load_ms_cold: number; ttft_ms: number };
    raw: { decode_tokens_per_s: number };
    overhead_ratio: number;
    device: { adapter: { architecture: string } };
  }[];
  expect(records).toHaveLength(1);
  const [record] = records;
  expect(record?.app.decode_tokens_per_s.toFixed(1)).toBe(decode.toFixed(1));
  expect(record?.app.load_ms_cold.toFixed(0)).toBe(coldLoad.toFixed(0));
  expect(record?.raw.decode_tokens_per_s.toFixed(1)).toBe((await cellNumber(row, 'raw-decode')).toFixed(1));
  expect(record?.overhead_ratio.toFixed(3)).toBe((await cellNumber(row, 'overhead')).toFixed(3));
  expect(record?.app.ttft_ms.toFixed(1)).toBe((await cellNumber(row, 'ttft')).toFixed(1));
  expect(record?.device.adapter.architecture).toBe('swiftshader');

  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export CSV' }).click(),
  ]);
  const [header, line] = (await read(csvDownload)).trim().split('\r\n');
  const columns = (header ?? '').split(',');
  const values = (line ?? '').split(',');
  const valueOf = (name: string): number => Number(values[columns.indexOf(name)]);
  expect(valueOf('app_decode_tokens_per_s').toFixed(1)).toBe(decode.toFixed(1));
  expect(valueOf('app_load_ms_warm').toFixed(0)).toBe(warmLoad.toFixed(0));
  expect(valueOf('overhead_ratio').toFixed(3)).toBe((await cellNumber(row, 'overhead')).toFixed(3));

  // A result whose engine fell back says why, beside its backend (a stored copy of this one, marked so).
  const reason = 'WebGPU failed to start this model (device lost); running on WebAssembly instead.';
  await page.evaluate(async (fallbackReason) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const opening = indexedDB.open('hearth');
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
    const store = db.transaction('benchResults', 'readwrite').objectStore('benchResults');
    const stored = await new Promise<unknown[]>((resolve, reject) => {
      const reading = store.getAll();
      reading.onsuccess = () => resolve(reading.result);
      reading.onerror = () => reject(reading.error);
    });
    store.put(
      Object.assign({}, stored[0], { id: 'fell-back', at: Date.now(), fallback_reason: fallbackReason }),
    );
    await new Promise((resolve) => (store.transaction.oncomplete = resolve));
    db.close();
  }, reason);
  await page.reload();
  await expect(row).toHaveCount(2);
  await expect(page.getByRole('table').locator('[data-column="fallback"]')).toHaveText(
    `Fell back: ${reason}`,
  );
});
