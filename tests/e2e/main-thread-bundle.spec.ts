import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
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

/**
 * Every chunk the page itself can ever load: the entry scripts of index.html and bench.html, then their
 * static imports and dynamic `import()`s, followed to the end (workers are not followed: they are loaded
 * with `new Worker(new URL(…))`, which is neither).
 */
function mainThreadChunks(): string[] {
  const entries = ['index.html', 'bench.html'].flatMap((page) => {
    const html = readFileSync(join(DIST, page), 'utf8');
    return [...html.matchAll(/<script[^>]+src="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1] ?? '');
  });
  expect(entries.length).toBeGreaterThanOrEqual(2);
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(DIST, file), 'utf8');
    const imports = [
      // The minifier quotes with ", ' or backticks.
      ...code.matchAll(/(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'`]\.\/([^"'`]+\.js)["'`]/g),
      ...code.matchAll(/import\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)/g),
      // Vite's preload helper lists a dynamic import's chunks as "assets/x.js" strings.
      ...code.matchAll(/["'`]assets\/([^"'`]+\.js)["'`]/g),
    ];
    for (const match of imports) queue.push(`assets/${match[1]}`);
  }
  return [...seen];
}

test('the page never loads the engine libraries; only the worker does', () => {
  const chunks = mainThreadChunks();
  // The router's weights and the catalog are dynamic imports: finding them proves import() is followed.
  expect(chunks.some((chunk) => chunk.startsWith('assets/weights-'))).toBe(true);
  for (const chunk of chunks) {
    const code = readFileSync(join(DIST, chunk), 'utf8');
    for (const marker of ENGINE_MARKERS) {
      expect(code.includes(marker), `${chunk} contains ${marker}`).toBe(false);
    }
  }
  // The worker imports the engine on demand, as its own chunk: the markers must be found there.
  const engine = readdirSync(join(DIST, 'assets')).find((name) => name.startsWith('transformers-engine-'));
  expect(engine, 'the transformers.js engine chunk').toBeDefined();
  const engineCode = readFileSync(join(DIST, 'assets', engine ?? ''), 'utf8');
  for (const marker of ENGINE_MARKERS)
    expect(engineCode, `the engine chunk contains ${marker}`).toContain(marker);
});

/** Strings only web-llm's own bundle contains. */
const WEBLLM_MARKERS = ['fetchTensorCacheInternal', 'getMaxStorageBufferBindingSize'];

/** Every static import of `chunk`, followed to the end (dynamic imports are not: they load on demand). */
function staticClosure(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(DIST, file), 'utf8');
    for (const match of code.matchAll(
      /(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'`]\.\/([^"'`]+\.js)["'`]/g,
    ))
      queue.push(`assets/${match[1]}`);
  }
  return [...seen];
}

test('web-llm (a 6 MB chunk) is loaded only for web-llm models: not by the page, the worker entry or transformers.js', () => {
  const assets = readdirSync(join(DIST, 'assets'));
  const withWebLlm = assets.filter((name) => {
    if (!name.endsWith('.js')) return false;
    const code = readFileSync(join(DIST, 'assets', name), 'utf8');
    return WEBLLM_MARKERS.every((marker) => code.includes(marker));
  });
  // web-llm's own chunk, and the benchmark's bare web-llm baseline worker, which bundles it on purpose.
  expect(withWebLlm.filter((name) => !name.startsWith('raw-webllm-bench.worker-'))).toHaveLength(1);
  const webllmChunk = `assets/${withWebLlm.find((name) => !name.startsWith('raw-webllm-bench.worker-'))}`;

  const workerEntry = assets.find((name) => name.startsWith('inference.worker-')) ?? '';
  const transformersEngine = assets.find((name) => name.startsWith('transformers-engine-')) ?? '';
  expect(transformersEngine, 'the transformers.js engine is its own chunk').not.toBe('');
  const eager = [
    ...mainThreadChunks(),
    ...staticClosure(`assets/${workerEntry}`),
    ...staticClosure(`assets/${transformersEngine}`),
  ];
  expect(eager).not.toContain(webllmChunk);
  // And the other way round: a web-llm user does not load transformers.js with the worker either.
  expect(staticClosure(`assets/${workerEntry}`)).not.toContain(`assets/${transformersEngine}`);
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

test('the first page load costs at most 150 KB of gzipped JS and CSS: the engines and other pages come later', () => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const initial = new Set<string>();
  // What index.html itself asks for (scripts, module preloads, stylesheets), then their static imports.
  const queue = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1] ?? '');
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (initial.has(file)) continue;
    initial.add(file);
    if (!file.endsWith('.js')) continue;
    const code = readFileSync(join(DIST, file), 'utf8');
    for (const match of code.matchAll(
      /(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["'`]\.\/([^"'`]+\.js)["'`]/g,
    ))
      queue.push(`assets/${match[1]}`);
  }
  const sizes = [...initial].map((file) => ({ file, gzip: gzipSync(readFileSync(join(DIST, file))).length }));
  const total = sizes.reduce((sum, entry) => sum + entry.gzip, 0);
  expect(sizes.some((entry) => entry.file.endsWith('.css'))).toBe(true);
  expect(total, JSON.stringify(sizes)).toBeLessThanOrEqual(150 * 1024);
  for (const { file } of sizes)
    expect(file).not.toMatch(/transformers-engine|webllm-engine|BenchmarkPage|ort-wasm/);
});
