import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

const DIST = join(process.cwd(), 'dist');

/**
 * String literals (they survive minification) that only the engine libraries contain; each must be in the
 * worker chunk and none may reach a chunk the page itself loads.
 */
const ENGINE_MARKERS = [
  'progress_total',
  'apply_chat_template',
  'onnxruntime',
  'InferenceSession',
  'LlamaForCausalLM',
];

/** Follows the static imports from index.html's entry script: everything the main thread loads up front. */
function mainThreadChunks(): string[] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]+src="\/(assets\/[^"]+\.js)"/g)].map(
    (match) => match[1] ?? '',
  );
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(DIST, file), 'utf8');
    for (const match of code.matchAll(
      /(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g,
    )) {
      queue.push(`assets/${match[1]}`);
    }
  }
  return [...seen];
}

test('the page never loads the engine libraries; only the worker does', () => {
  const chunks = mainThreadChunks();
  expect(chunks.length).toBeGreaterThan(0);
  for (const chunk of chunks) {
    const code = readFileSync(join(DIST, chunk), 'utf8');
    for (const marker of ENGINE_MARKERS) {
      expect(code.includes(marker), `${chunk} contains ${marker}`).toBe(false);
    }
  }
  const worker = readdirSync(join(DIST, 'assets')).find((name) => name.startsWith('inference.worker-'));
  expect(worker, 'the inference worker chunk').toBeDefined();
  const workerCode = readFileSync(join(DIST, 'assets', worker ?? ''), 'utf8');
  for (const marker of ENGINE_MARKERS) expect(workerCode, `the worker contains ${marker}`).toContain(marker);
});

test("ONNX Runtime's files are served from Hearth's own origin, never a CDN", async ({ page, baseURL }) => {
  const assets = readdirSync(join(DIST, 'assets'));
  expect(assets.some((name) => /^ort-wasm-simd-threaded\.asyncify-.*\.wasm$/.test(name))).toBe(true);
  expect(assets.some((name) => /^ort-wasm-simd-threaded\.asyncify-.*\.mjs$/.test(name))).toBe(true);

  const requested: string[] = [];
  page.context().on('request', (request) => requested.push(request.url()));
  await page.goto('/settings');
  const panel = page.getByRole('region', { name: 'Self-test' });
  await panel.getByRole('spinbutton', { name: 'New tokens' }).fill('8');
  await panel.getByRole('button', { name: 'Run self-test' }).click();
  await expect(panel.getByTestId('self-test-finish')).toHaveText('token limit', { timeout: 90_000 });

  expect(requested.some((url) => /ort-wasm-simd-threaded\.asyncify-.*\.wasm$/.test(url))).toBe(true);
  // Not even blob: or data: URLs: ORT imports its loader straight from our origin (the CSP forbids the rest).
  const origin = new URL(baseURL ?? '').origin;
  const foreign = requested.filter((url) => !url.startsWith(`${origin}/`));
  expect(foreign).toEqual([]);
});
