// `npm run bench -- --engine transformers|webllm --backend webgpu|wasm --model ID [--model-host URL]
//   [--model-lib-url URL] [--runs N] [--prompt-tokens N] [--max-new-tokens N] [--threads N] [--json FILE]
//   [--adapter swiftshader|default] [--no-build]`
// Builds the app, serves it and the test models on localhost, drives headless Chromium through the app's real
// worker code path and the bare engine (transformers.js or web-llm's MLCEngine) in a worker of its own, prints
// a table and writes the JSON of CONTRACT.md.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { BASE_CHROMIUM_ARGS, WEBGPU_CHROMIUM_ARGS, ensureChromium } from './lib/browser.js';
import { APP_HEADERS, MODEL_HOST_HEADERS } from './lib/security-headers.js';
import { createStaticServer } from './lib/static-server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** @param {string} sentence */
function fail(sentence) {
  console.error(sentence);
  process.exit(2);
}

/**
 * @param {string[]} argv
 */
function parseArgs(argv) {
  /** @type {Record<string, string | boolean>} */
  const options = {
    engine: 'transformers',
    backend: '',
    model: '',
    'model-host': '',
    'model-lib-url': '',
    runs: '5',
    'prompt-tokens': '128',
    // Empty: a calibration run picks the count that makes each decode last about two seconds.
    'max-new-tokens': '',
    threads: '',
    json: '',
    adapter: 'swiftshader',
    build: true,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--no-build') {
      options.build = false;
      continue;
    }
    if (arg === '--help' || arg === '-h') {
      console.log(
        'Usage: npm run bench -- --engine transformers|webllm --backend webgpu|wasm --model ID [--model-host URL] [--model-lib-url URL] [--runs N] [--prompt-tokens N] [--max-new-tokens N] [--threads N] [--json FILE] [--adapter swiftshader|default] [--no-build]',
      );
      process.exit(0);
    }
    if (!arg.startsWith('--')) fail(`Unexpected argument "${arg}"; options start with --, see --help.`);
    const name = arg.slice(2);
    if (!(name in options) || name === 'build') fail(`Unknown option --${name}; see --help.`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) fail(`Option --${name} needs a value.`);
    options[name] = value ?? '';
    i++;
  }
  /** @param {string} name @param {number} min @param {number} max */
  const integer = (name, min, max) => {
    const text = String(options[name]);
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max)
      fail(`--${name} must be a whole number from ${min} to ${max}, got "${text}".`);
    return value;
  };
  if (options.engine !== 'transformers' && options.engine !== 'webllm')
    fail(`--engine must be transformers or webllm, got "${options.engine}".`);
  if (options.backend !== 'webgpu' && options.backend !== 'wasm')
    fail(`--backend must be webgpu or wasm, got "${options.backend || '(nothing)'}".`);
  if (options.engine === 'webllm' && options.backend !== 'webgpu')
    fail('web-llm runs only on WebGPU: use --backend webgpu, or --engine transformers for WebAssembly.');
  if (options.engine === 'webllm' && options.threads !== '')
    fail('--threads counts WebAssembly threads; web-llm decodes on the GPU and has none to set.');
  if (!options.model) fail('--model is required, e.g. --model hearth/self-test-tiny.');
  if (options.adapter !== 'swiftshader' && options.adapter !== 'default')
    fail('--adapter must be swiftshader or default.');
  for (const name of ['model-host', 'model-lib-url']) {
    if (!options[name]) continue;
    try {
      new URL(String(options[name]));
    } catch {
      fail(`--${name} must be a URL, got "${options[name]}".`);
    }
  }
  return {
    engine: /** @type {'transformers' | 'webllm'} */ (options.engine),
    backend: /** @type {'webgpu' | 'wasm'} */ (options.backend),
    model: String(options.model),
    modelHost: String(options['model-host']),
    modelLibUrl: String(options['model-lib-url']),
    runs: integer('runs', 1, 100),
    promptTokens: integer('prompt-tokens', 1, 32768),
    maxNewTokens: options['max-new-tokens'] === '' ? null : integer('max-new-tokens', 2, 4096),
    // Empty: the app's default (see src/lib/engine/threads.ts); WebAssembly threads need cross-origin isolation.
    threads: options.threads === '' ? undefined : integer('threads', 1, 64),
    json: String(options.json),
    adapter: String(options.adapter),
    build: options.build === true,
  };
}

/** @param {import('node:http').Server} server @param {string} host */
function listen(server, host) {
  return new Promise((resolvePort, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      resolvePort(typeof address === 'object' && address ? address.port : 0);
    });
  });
}

/** @param {number} value @param {number} digits */
const fmt = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

/** @param {any} report */
function printTable(report) {
  /** @type {[string, string, number][]} */
  const rows = [
    ['load, cold (ms)', 'load_ms_cold', 0],
    ['load, warm (ms)', 'load_ms_warm', 0],
    ['time to first token (ms)', 'ttft_ms', 1],
    ['prefill (tok/s)', 'prefill_tokens_per_s', 1],
    ['decode (tok/s)', 'decode_tokens_per_s', 1],
  ];
  const { adapter } = report.device;
  console.log(`\nHearth benchmark: ${report.model} (${report.dtype}), ${report.engine} on ${report.backend}`);
  console.log(
    `device: ${[adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(' · ') || 'no WebGPU adapter'}`,
  );
  console.log(`browser: ${report.device.userAgent}`);
  console.log(
    `prompt ${report.prompt_tokens} tokens, ${report.max_new_tokens} new tokens, ${report.runs} runs (medians)`,
  );
  console.log(
    `WebAssembly threads: ${report.threads} (cross-origin isolated: ${report.cross_origin_isolated ? 'yes' : 'no'})\n`,
  );
  console.log(`${'figure'.padEnd(26)}${'Hearth'.padStart(12)}${'raw'.padStart(12)}`);
  for (const [label, key, digits] of rows) {
    console.log(
      `${String(label).padEnd(26)}${fmt(report.app[key], Number(digits)).padStart(12)}${fmt(report.raw[key], Number(digits)).padStart(12)}`,
    );
  }
  const ci = report.overhead_ratio_ci;
  console.log(
    `\noverhead_ratio (Hearth decode / raw decode): ${fmt(report.overhead_ratio, 3)}` +
      (ci ? ` (95 % interval ${fmt(ci[0], 3)}–${fmt(ci[1], 3)})` : ''),
  );
  if (report.overhead_ratio_warning) console.log(`warning: ${report.overhead_ratio_warning}`);
  console.log(
    `decode spread over runs: Hearth ${fmt(report.decode_spread.app * 100, 1)} %, raw ${fmt(report.decode_spread.raw * 100, 1)} %`,
  );
  if (report.bandwidth_bytes_per_s) {
    console.log(
      `GPU copy bandwidth ${fmt(report.bandwidth_bytes_per_s / 1e9, 2)} GB/s; decode reaches ${fmt((report.roofline_share ?? NaN) * 100, 2)} % of bandwidth ÷ ${report.model_bytes} model bytes (estimate)`,
    );
  }
  if (report.fallback_reason) console.log(`fell back: ${report.fallback_reason}`);
  console.log(`method: ${report.method}`);
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const found = ensureChromium();
  if ('error' in found) {
    console.error(found.error);
    process.exit(1);
  }

  if (options.build) {
    console.log('Building the production app…');
    const build = spawnSync('npm', ['run', 'build', '--silent'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (build.status !== 0) fail('The production build failed; run "npm run build" to see why.');
  }

  const app = createStaticServer({ root: join(root, 'dist'), spaFallback: true, headers: APP_HEADERS });
  const models = createStaticServer({
    root: join(root, 'public', 'models'),
    cors: true,
    headers: MODEL_HOST_HEADERS,
  });
  const appPort = await listen(app, 'localhost');
  // 127.0.0.1, not "localhost": web-llm skips its cache and its status checks for URLs that contain "localhost".
  const modelPort = await listen(models, '127.0.0.1');
  const modelHost = options.modelHost || `http://127.0.0.1:${modelPort}`;

  const args = [...BASE_CHROMIUM_ARGS, '--enable-unsafe-webgpu'];
  if (options.adapter === 'swiftshader') args.push(...WEBGPU_CHROMIUM_ARGS);
  const browser = await chromium.launch({ executablePath: found.path, args });
  let exitCode = 0;
  try {
    const page = await browser.newPage();
    page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
    // Progress is pushed by the page at step boundaries; polling it would disturb the timings.
    await page.exposeFunction('hearthBenchProgress', (/** @type {string} */ line) =>
      console.log(`  ${line}`),
    );
    await page.goto(`http://localhost:${appPort}/bench.html`);
    await page.waitForFunction(() => 'hearthBench' in window);
    const config = {
      modelId: options.model,
      engine: options.engine,
      modelHost,
      ...(options.modelLibUrl ? { modelLibraryUrl: options.modelLibUrl } : {}),
      backend: options.backend,
      runs: options.runs,
      promptTokens: [options.promptTokens],
      // The calibration run itself decodes 64 tokens.
      maxNewTokens: options.maxNewTokens ?? 64,
      calibrateTokens: options.maxNewTokens === null,
      warmupRuns: 1,
      measureColdLoad: true,
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
    };
    console.log(
      `Benchmarking ${options.model} with ${options.engine} on ${options.backend} (${options.runs} runs)…`,
    );
    const record = await page.evaluate((benchConfig) => {
      const harness = /** @type {{ run: (c: typeof benchConfig) => Promise<unknown> }} */ (
        Reflect.get(window, 'hearthBench')
      );
      return harness.run(benchConfig);
    }, config);
    printTable(record);
    if (options.json) {
      const file = resolve(process.cwd(), options.json);
      writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
      console.log(`\nJSON written to ${file}`);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.error(`The benchmark failed: ${message?.replace(/^page\.evaluate: (Error: )?/, '')}`);
    exitCode = 1;
  } finally {
    await browser.close();
    app.close();
    models.close();
  }
  process.exit(exitCode);
}

await main();
