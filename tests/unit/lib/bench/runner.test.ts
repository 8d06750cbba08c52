import { describe, expect, it } from 'vitest';
import { runBenchmark, toCsv, toJson, type BenchConfig } from '../../../../src/lib/bench';
import { calibratePrompt, promptText } from '../../../../src/lib/bench/prompt';
import type { BenchTarget, LoadedFacts } from '../../../../src/lib/bench/targets';
import type { ChatMessage, GenerationStats } from '../../../../src/lib/engine';

const FACTS: Omit<LoadedFacts, 'loadMs'> = {
  backend: 'webgpu',
  dtype: 'q4f16',
  modelBytes: 1e9,
  contextWindow: 2048,
  threads: 2,
};

/** A target whose speeds are scripted; it logs every call so the order can be checked. */
function scriptedTarget(
  name: string,
  log: string[],
  decodeSpeeds: number[],
  loads: number[],
  facts = FACTS,
): BenchTarget {
  let generateCalls = 0;
  let loadCalls = 0;
  return {
    async load() {
      log.push(`${name}:load`);
      return { ...facts, loadMs: loads[loadCalls++] ?? 1 };
    },
    async unload() {
      log.push(`${name}:unload`);
    },
    async generate(messages: ChatMessage[], maxNewTokens: number): Promise<GenerationStats> {
      const promptTokens = Math.round((messages[0]?.content.length ?? 0) / 4) + 5;
      if (maxNewTokens === 1)
        return {
          promptTokens,
          generatedTokens: 1,
          ttftMs: 1,
          prefillTokensPerS: 1,
          decodeTokensPerS: 0,
          totalMs: 1,
        };
      log.push(`${name}:generate`);
      const speed = decodeSpeeds[generateCalls++] ?? Number.NaN;
      return {
        promptTokens,
        generatedTokens: maxNewTokens,
        ttftMs: 100,
        prefillTokensPerS: promptTokens * 10,
        decodeTokensPerS: speed,
        totalMs: 1000,
      };
    },
    async dispose() {
      log.push(`${name}:dispose`);
    },
  };
}

const CONFIG: BenchConfig = {
  modelId: 'org/model',
  modelHost: 'http://localhost:1',
  backend: 'webgpu',
  runs: 3,
  promptTokens: [128],
  maxNewTokens: 64,
  warmupRuns: 1,
  measureColdLoad: true,
};

function deps(log: string[], app: number[], raw: number[]) {
  return {
    app: scriptedTarget('app', log, app, [900, 80]),
    raw: () => scriptedTarget('raw', log, raw, [700, 60]),
    evictModel: async () => void log.push('evict'),
    device: {
      userAgent: 'UA',
      adapter: { vendor: 'v', architecture: 'a', description: 'd' },
      features: ['shader-f16'],
    },
    crossOriginIsolated: true,
    bandwidthBytesPerS: 100e9,
    modelName: 'Model',
    now: () => 1234,
    newId: () => 'id-1',
  };
}

describe('runBenchmark', () => {
  it('loads cold after evicting, then warm, discards warm-up and runs app and raw in ABBA order', async () => {
    const log: string[] = [];
    // Warm-up speeds (first value of each) are absurd: they must not reach the medians.
    const record = await runBenchmark(CONFIG, deps(log, [1, 40, 44, 42], [1000, 42, 40, 44]));
    expect(log).toEqual([
      'evict',
      'app:load',
      'app:unload',
      'app:load',
      'evict',
      'raw:load',
      'raw:unload',
      'raw:load',
      'app:generate', // warm-up
      'raw:generate',
      'app:generate', // round 1: A B
      'raw:generate',
      'raw:generate', // round 2: B A
      'app:generate',
      'raw:generate', // round 3: B A
      'app:generate',
      'raw:dispose',
    ]);
    expect(record.app.decode_tokens_per_s).toBe(42);
    expect(record.raw.decode_tokens_per_s).toBe(42);
    expect(record.overhead_ratio).toBe(1);
    expect(record.app.load_ms_cold).toBe(900);
    expect(record.app.load_ms_warm).toBe(80);
    expect(record.raw.load_ms_cold).toBe(700);
    expect(record.decode_spread.app).toBeCloseTo(4 / 42);
    // 42 tok/s × 1 GB a token = 42 GB/s of a 100 GB/s copy bandwidth.
    expect(record.roofline_share).toBeCloseTo(0.42);
    expect(record.method).toContain('warm-up');
  });

  it('chooses the run length from a calibration run: about two seconds of decode, within the context', async () => {
    const log: string[] = [];
    const seen: number[] = [];
    const base = deps(log, [20, 30, 50, 40, 44, 42], [40, 42, 40, 44]);
    const app = base.app;
    const generate = app.generate.bind(app);
    app.generate = async (messages, maxNewTokens) => {
      if (maxNewTokens > 1) seen.push(maxNewTokens);
      return generate(messages, maxNewTokens);
    };
    const record = await runBenchmark({ ...CONFIG, calibrateTokens: true }, { ...base, app });
    // Warm-up first (its slow first run is not used), then calibration: 64 tokens at 30 tok/s suggest 60;
    // 60 tokens at 50 tok/s say 100 tokens last two seconds.
    expect(seen).toEqual([64, 64, 60, 100, 100, 100]);
    expect(record.max_new_tokens).toBe(100);
    expect(record.method).toContain('calibration run');
  });

  it('gives the ratio a 95 % interval over the rounds, and warns when it is wider than ±3 %', async () => {
    const steady = await runBenchmark(
      { ...CONFIG, runs: 6 },
      deps([], [0, 40, 40.2, 39.9, 40.1, 40, 40], [0, 40, 40.1, 40, 39.9, 40.2, 40]),
    );
    const [low, high] = steady.overhead_ratio_ci ?? [Number.NaN, Number.NaN];
    expect(low).toBeLessThanOrEqual(steady.overhead_ratio);
    expect(high).toBeGreaterThanOrEqual(steady.overhead_ratio);
    expect(high - low).toBeLessThan(0.03);
    expect(steady.overhead_ratio_warning).toBeNull();

    const noisy = await runBenchmark(
      { ...CONFIG, runs: 6 },
      deps([], [0, 30, 50, 35, 45, 40, 25], [0, 45, 30, 50, 35, 40, 55]),
    );
    expect(noisy.overhead_ratio_warning).toMatch(/wider than ±3 %/);
  });

  it('measures the overhead ratio as app decode over raw decode', async () => {
    const record = await runBenchmark({ ...CONFIG, runs: 1 }, deps([], [0, 30], [0, 40]));
    expect(record.overhead_ratio).toBeCloseTo(0.75);
  });

  it('skips the cold load (reports null) when asked not to download again', async () => {
    const log: string[] = [];
    const record = await runBenchmark(
      { ...CONFIG, measureColdLoad: false, runs: 1 },
      deps(log, [1, 1], [1, 1]),
    );
    expect(log).not.toContain('evict');
    expect(record.app.load_ms_cold).toBeNull();
  });

  it('runs the raw library with the threads Hearth ran with, and reports them', async () => {
    const asked: unknown[] = [];
    const base = deps([], [0, 1], [0, 1]);
    const record = await runBenchmark(
      { ...CONFIG, runs: 1 },
      {
        ...base,
        raw: (facts) => {
          asked.push(facts);
          return base.raw();
        },
      },
    );
    expect(asked).toEqual([{ backend: 'webgpu', dtype: 'q4f16', threads: 2 }]);
    expect(record.threads).toBe(2);
    expect(record.cross_origin_isolated).toBe(true);
  });

  it('refuses to compare a raw library that ran with other threads', async () => {
    const base = deps([], [0, 1], [0, 1]);
    const raw = () => scriptedTarget('raw', [], [0, 1], [1, 1], { ...FACTS, threads: 1 });
    await expect(runBenchmark({ ...CONFIG, runs: 1 }, { ...base, raw })).rejects.toThrow(
      /2 threads but the raw library with 1/,
    );
  });

  it('refuses prompt lengths that do not fit the context window, clearly', async () => {
    await expect(runBenchmark({ ...CONFIG, promptTokens: [4000] }, deps([], [], []))).rejects.toThrow(
      /context/,
    );
  });
});

describe('prompts of a given length', () => {
  it('are made of the requested number of characters', () => {
    expect(promptText(1000)).toHaveLength(1000);
  });
  it('calibrate to a target token count for any tokenizer', async () => {
    // A tokenizer with 3 characters a token plus 12 tokens of chat template.
    const measure = async (text: string): Promise<number> => Math.ceil(text.length / 3) + 12;
    const { tokens } = await calibratePrompt(512, measure);
    expect(Math.abs(tokens - 512)).toBeLessThanOrEqual(512 * 0.05);
  });
});

describe('exports', () => {
  it('write the same figures to JSON and CSV, CSV quoting what needs it', async () => {
    const record = await runBenchmark(
      { ...CONFIG, runs: 1 },
      { ...deps([], [0, 33.25], [0, 35]), modelName: 'Model, "quoted"' },
    );
    const json = JSON.parse(toJson([record])) as (typeof record)[];
    expect(json[0]?.app.decode_tokens_per_s).toBe(33.25);
    const [header, line] = toCsv([record]).trim().split('\r\n');
    const columns = header?.split(',') ?? [];
    expect(columns).toContain('app_decode_tokens_per_s');
    const cells = line?.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((cell) => cell.replace(/,$/, '')) ?? [];
    expect(cells[columns.indexOf('app_decode_tokens_per_s')]).toBe('33.25');
    expect(cells[columns.indexOf('overhead_ratio')]).toBe(String(33.25 / 35));
    expect(cells[columns.indexOf('threads')]).toBe('2');
    expect(cells[columns.indexOf('cross_origin_isolated')]).toBe('true');
  });
});
