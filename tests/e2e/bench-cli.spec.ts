import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';

/** `npm run bench` against the build the e2e run already made (--no-build keeps it quick). */
function bench(args: string[]) {
  return spawnSync('node', ['scripts/bench.js', '--no-build', ...args], {
    encoding: 'utf8',
    timeout: 170_000,
  });
}

/** One run of a web-llm model on WebGPU: here it can only fail, and how it fails is the point. */
const benchWebLlm = (model: string) =>
  bench(['--engine', 'webllm', '--backend', 'webgpu', '--model', model, '--runs', '1']);

test.describe('npm run bench (the contract in CONTRACT.md)', () => {
  test.setTimeout(180_000);

  test('benchmarks the self-test model on WebAssembly, prints a table and writes the contract JSON', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hearth-bench-')), 'out.json');
    const result = bench([
      '--engine',
      'transformers',
      '--backend',
      'wasm',
      '--model',
      'hearth/self-test-tiny',
      '--runs',
      '2',
      '--max-new-tokens',
      '32',
      '--threads',
      '1',
      '--json',
      file,
    ]);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('overhead_ratio');
    expect(result.stdout).toMatch(/decode \(tok\/s\)\s+\d/);

    const report = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & {
      app: Record<string, number>;
      raw: Record<string, number>;
      device: { userAgent: string; adapter: Record<string, string>; features: string[] };
      overhead_ratio: number;
    };
    expect(report).toMatchObject({
      engine: 'transformers',
      backend: 'wasm',
      model: 'hearth/self-test-tiny',
      runs: 2,
      threads: 1,
      cross_origin_isolated: true,
    });
    expect(result.stdout).toContain('WebAssembly threads: 1 (cross-origin isolated: yes)');
    for (const side of [report.app, report.raw]) {
      for (const key of [
        'load_ms_cold',
        'load_ms_warm',
        'ttft_ms',
        'prefill_tokens_per_s',
        'decode_tokens_per_s',
      ]) {
        expect(side[key], key).toBeGreaterThan(0);
      }
    }
    // Two rounds give an interval (bootstrap over rounds), which brackets the ratio.
    const [low, high] = (report.overhead_ratio_ci as [number, number] | null) ?? [Number.NaN, Number.NaN];
    expect(low).toBeLessThanOrEqual(report.overhead_ratio);
    expect(high).toBeGreaterThanOrEqual(report.overhead_ratio);
    expect(result.stdout).toMatch(
      /overhead_ratio \(Hearth decode \/ raw decode\): [\d.]+ \(95 % interval [\d.]+–[\d.]+\)/,
    );
    expect(report.overhead_ratio).toBeCloseTo(
      (report.app.decode_tokens_per_s ?? 0) / (report.raw.decode_tokens_per_s ?? 1),
      9,
    );
    expect(report.device.userAgent).toContain('Chrome');
    expect(Object.keys(report.device.adapter).sort()).toEqual(['architecture', 'description', 'vendor']);
    expect(Array.isArray(report.device.features)).toBe(true);
  });

  for (const [args, sentence] of [
    [['--backend', 'cuda', '--model', 'x'], /--backend must be webgpu or wasm/],
    [['--backend', 'wasm'], /--model is required/],
    [['--backend', 'wasm', '--model', 'x', '--runs', 'many'], /--runs must be a whole number/],
    [['--backend', 'wasm', '--model', 'x', '--colour', 'red'], /Unknown option --colour/],
    [
      ['--backend', 'wasm', '--model', 'x', '--threads', '0'],
      /--threads must be a whole number from 1 to 64/,
    ],
    [['--engine', 'webllm', '--backend', 'wasm', '--model', 'x'], /web-llm runs only on WebGPU/],
    [['--engine', 'onnx', '--backend', 'wasm', '--model', 'x'], /--engine must be transformers or webllm/],
  ] as const) {
    test(`refuses ${args.join(' ')} with one clear sentence`, () => {
      const result = bench([...args]);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(sentence);
    });
  }

  test('web-llm: a model of the other engine is refused, naming the web-llm models it knows', () => {
    const result = bench(['--engine', 'webllm', '--backend', 'webgpu', '--model', 'hearth/self-test-tiny']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('runs on transformers, not webllm; use --engine transformers');
    expect(result.stderr).toContain('Qwen2.5-0.5B-Instruct-q4f32_1-MLC');
  });

  test('web-llm: an f16 build on a GPU without shader-f16 is refused in one sentence that names the q4f32 build', () => {
    const result = benchWebLlm('Qwen2.5-0.5B-Instruct-q4f16_1-MLC');
    expect(result.status).toBe(1);
    const failure = result.stderr.trim().split('\n');
    expect(failure).toHaveLength(1);
    expect(failure[0]).toMatch(/lacks shader-f16.*q4f32 build.*\[GPU_FEATURE_MISSING\]/);
  });

  test('web-llm: a mirror without the model names the missing file (127.0.0.1, never "localhost")', () => {
    const result = benchWebLlm('Qwen2.5-0.5B-Instruct-q4f32_1-MLC');
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /could not be found at http:\/\/127\.0\.0\.1:\d+\/mlc-ai\/Qwen2\.5-0\.5B-Instruct-q4f32_1-MLC\/resolve\/main\/mlc-chat-config\.json.*\[MODEL_FILE_NOT_FOUND\]/,
    );
  });

  test('says which models it knows when the model is unknown', () => {
    const result = bench(['--backend', 'wasm', '--model', 'nobody/nothing', '--runs', '1']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Unknown model "nobody/nothing"');
    expect(result.stderr).toContain('hearth/self-test-tiny');
  });
});
