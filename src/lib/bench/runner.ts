import type { EngineKind } from '../engine/types';
import type { GpuProbe } from '../device';
import type { ChatMessage, GenerationStats } from '../engine/types';
import { calibratePrompt } from './prompt';
import { rooflineShare } from './roofline';
import { summarize } from './stats';
import { abbaOrder, ratioInterval, ratioWarning, tokensForDuration } from './trust';
import type { BenchTarget } from './targets';
import type { BenchConfig, BenchProgress, BenchRecord, DeviceReport, SideFigures } from './types';

export interface RunnerDeps {
  app: BenchTarget;
  /** Created once the app side has loaded, so it uses the same backend, weight format and threads. */
  raw: (facts: { backend: BenchRecord['backend']; dtype: string; threads: number }) => BenchTarget;
  /** Evicts this model's cached files so a cold load really downloads. */
  evictModel: () => Promise<void>;
  device: DeviceReport;
  crossOriginIsolated: boolean;
  bandwidthBytesPerS: number | null;
  modelName: string;
  /** The engine that ran the model (the record's `engine`); transformers.js when not said. */
  engine?: EngineKind;
  now?: () => number;
  newId?: () => string;
  onProgress?: (progress: BenchProgress) => void;
}

const messagesFor = (text: string): ChatMessage[] => [{ role: 'user', content: text }];

/**
 * Measures one model on one backend, for Hearth and for the raw library in the same session: cold and warm
 * loads, then (with `calibrateTokens`) a calibration run that picks how many tokens make a decode last about
 * two seconds, warm-up runs (discarded), then `runs` rounds in which app and raw take turns in ABBA order at
 * every prompt length, so drift (thermal, other tabs) and order effects hit both alike. Figures are medians
 * over the rounds; the ratio comes with a 95 % bootstrap interval over the rounds.
 */
export async function runBenchmark(config: BenchConfig, deps: RunnerDeps): Promise<BenchRecord> {
  const { app } = deps;
  const lengths = config.promptTokens.length > 0 ? config.promptTokens : [128];
  const steps =
    4 + lengths.length + config.warmupRuns + (config.calibrateTokens ? 1 : 0) + config.runs * lengths.length;
  let step = 0;
  const progress = (label: string): void => deps.onProgress?.({ step: ++step, steps, label });

  progress(config.measureColdLoad ? 'Loading the model from the network (cold)' : 'Loading the model');
  if (config.measureColdLoad) await deps.evictModel();
  const appCold = await app.load();
  await app.unload();
  progress('Loading the model again from the browser cache (warm)');
  const appWarm = await app.load();

  const raw = deps.raw({ backend: appWarm.backend, dtype: appWarm.dtype, threads: appWarm.threads });
  try {
    progress(
      config.measureColdLoad ? 'Loading the model into the raw library (cold)' : 'Loading the raw library',
    );
    if (config.measureColdLoad) await deps.evictModel();
    const rawCold = await raw.load();
    await raw.unload();
    progress('Loading the model into the raw library (warm)');
    const rawWarm = await raw.load();
    if (rawWarm.threads !== appWarm.threads) {
      throw new Error(
        `Hearth ran with ${appWarm.threads} threads but the raw library with ${rawWarm.threads}; the figures would not compare.`,
      );
    }

    const usable = lengths.filter((length) => length + config.maxNewTokens + 16 <= appWarm.contextWindow);
    if (usable.length === 0) {
      throw new Error(
        `No prompt length fits this model's ${appWarm.contextWindow}-token context with ${config.maxNewTokens} new tokens.`,
      );
    }
    const prompts: { text: string; tokens: number }[] = [];
    for (const length of usable) {
      progress(`Preparing a ${length}-token prompt`);
      prompts.push(
        await calibratePrompt(
          length,
          async (text) => (await app.generate(messagesFor(text), 1)).promptTokens,
        ),
      );
    }

    const main = prompts[0] ?? { text: '', tokens: 0 };
    for (let i = 0; i < config.warmupRuns; i++) {
      progress(`Warm-up ${i + 1} of ${config.warmupRuns} (not counted)`);
      await app.generate(messagesFor(main.text), config.maxNewTokens);
      await raw.generate(messagesFor(main.text), config.maxNewTokens);
    }
    let maxNewTokens = config.maxNewTokens;
    if (config.calibrateTokens) {
      // After the warm-up: a first run pays for shader compilation and would ask for too few tokens.
      progress('Calibrating the run length (not counted)');
      const room = appWarm.contextWindow - Math.max(...prompts.map((prompt) => prompt.tokens)) - 16;
      // Twice: a short run decodes slower per token than a long one (start-up costs weigh more), so the
      // first estimate is checked at the length it picked.
      for (let pass = 0; pass < 2; pass++) {
        const probe = await app.generate(messagesFor(main.text), maxNewTokens);
        maxNewTokens = tokensForDuration(probe.decodeTokensPerS, room);
      }
    }

    const appRuns: GenerationStats[][] = prompts.map(() => []);
    const rawRuns: GenerationStats[][] = prompts.map(() => []);
    const targets = { app, raw };
    for (let run = 0; run < config.runs; run++) {
      for (const [index, prompt] of prompts.entries()) {
        progress(`Run ${run + 1} of ${config.runs}, ${prompt.tokens}-token prompt`);
        for (const side of abbaOrder(run)) {
          const stats = await targets[side].generate(messagesFor(prompt.text), maxNewTokens);
          (side === 'app' ? appRuns : rawRuns)[index]?.push(stats);
        }
      }
    }

    const side = (cold: number, warm: number, runs: GenerationStats[]): SideFigures => ({
      load_ms_cold: config.measureColdLoad ? cold : null,
      load_ms_warm: warm,
      ttft_ms: summarize(runs.map((r) => r.ttftMs)).median,
      prefill_tokens_per_s: summarize(runs.map((r) => r.prefillTokensPerS)).median,
      decode_tokens_per_s: summarize(runs.map((r) => r.decodeTokensPerS)).median,
    });
    const appMain = appRuns[0] ?? [];
    const rawMain = rawRuns[0] ?? [];
    const interval = ratioInterval(
      appMain.map((r) => r.decodeTokensPerS),
      rawMain.map((r) => r.decodeTokensPerS),
    );
    const appFigures = side(appCold.loadMs, appWarm.loadMs, appMain);
    const rawFigures = side(rawCold.loadMs, rawWarm.loadMs, rawMain);
    const roofline =
      appWarm.backend === 'webgpu' && deps.bandwidthBytesPerS !== null
        ? rooflineShare(appFigures.decode_tokens_per_s, deps.bandwidthBytesPerS, appWarm.modelBytes)
        : null;

    return {
      id: deps.newId?.() ?? crypto.randomUUID(),
      at: deps.now?.() ?? Date.now(),
      device: deps.device,
      engine: deps.engine ?? 'transformers',
      backend: appWarm.backend,
      model: config.modelId,
      model_name: deps.modelName,
      dtype: appWarm.dtype,
      runs: config.runs,
      prompt_tokens: main.tokens,
      max_new_tokens: maxNewTokens,
      app: appFigures,
      raw: rawFigures,
      overhead_ratio: appFigures.decode_tokens_per_s / rawFigures.decode_tokens_per_s,
      overhead_ratio_ci: Number.isFinite(interval.low) ? [interval.low, interval.high] : null,
      overhead_ratio_warning: ratioWarning(interval),
      threads: appWarm.threads,
      cross_origin_isolated: deps.crossOriginIsolated,
      decode_spread: {
        app: summarize(appMain.map((r) => r.decodeTokensPerS)).spread,
        raw: summarize(rawMain.map((r) => r.decodeTokensPerS)).spread,
      },
      prefill_by_length: prompts.map((prompt, index) => ({
        prompt_tokens: prompt.tokens,
        app: summarize((appRuns[index] ?? []).map((r) => r.prefillTokensPerS)).median,
        raw: summarize((rawRuns[index] ?? []).map((r) => r.prefillTokensPerS)).median,
      })),
      model_bytes: appWarm.modelBytes,
      bandwidth_bytes_per_s: deps.bandwidthBytesPerS,
      roofline_share: roofline !== null && Number.isFinite(roofline) ? roofline : null,
      peak_memory_bytes: null,
      fallback_reason: appWarm.fallbackReason ?? null,
      method:
        `Medians of ${config.runs} app/raw rounds in ABBA order after ${config.warmupRuns} discarded warm-up; greedy, ` +
        `${maxNewTokens} new tokens with end-of-sequence suppressed` +
        (config.calibrateTokens ? ' (chosen by a calibration run for ~2 s of decode per run)' : '') +
        `. Ratio interval: 95 % percentile bootstrap over rounds (2000 resamples, app and raw of a round kept together). Hearth: loads and time to first token ` +
        `timed on the page (worker and protocol included), decode from the times its worker stamped on streamed ` +
        `tokens; raw: a bare transformers.js worker timing its own tokens. Decode = (tokens − 1) / time after the ` +
        `first token. Warm load from the browser cache.`,
    };
  } finally {
    await raw.dispose();
  }
}

/** The device facts every result carries, from the probe and the browser. */
export function deviceReport(probe: GpuProbe, userAgent: string): DeviceReport {
  if (probe.kind === 'unavailable') {
    return { userAgent, adapter: { vendor: '', architecture: '', description: 'no WebGPU' }, features: [] };
  }
  const { vendor, architecture, description } = probe.adapter;
  return { userAgent, adapter: { vendor, architecture, description }, features: probe.features };
}

/** Two results come from the same device only if browser and adapter agree. */
export function deviceKey(device: DeviceReport): string {
  const { vendor, architecture, description } = device.adapter;
  return [device.userAgent, vendor, architecture, description].join(' | ');
}
