import type { Backend, EngineKind } from '../engine/types';

/** One side's figures (medians over runs), named as in the CLI's JSON contract. */
export interface SideFigures {
  /** Null when the person chose not to download the model again (the CLI always measures it). */
  load_ms_cold: number | null;
  load_ms_warm: number;
  ttft_ms: number;
  prefill_tokens_per_s: number;
  decode_tokens_per_s: number;
}

export interface DeviceReport {
  userAgent: string;
  adapter: { vendor: string; architecture: string; description: string };
  features: string[];
}

/** Exactly what `npm run bench -- --json FILE` writes (see CONTRACT.md). */
export interface BenchReport {
  device: DeviceReport;
  engine: EngineKind;
  backend: Backend;
  model: string;
  runs: number;
  app: SideFigures;
  raw: SideFigures;
  /** app.decode_tokens_per_s / raw.decode_tokens_per_s, both measured in one session, interleaved. */
  overhead_ratio: number;
  /** 95 % bootstrap interval of the ratio over the rounds; null with a single round. */
  overhead_ratio_ci?: [number, number] | null;
  /** Set when the interval is wider than ±3 %: the figure should not be trusted as it stands. */
  overhead_ratio_warning?: string | null;
  /**
   * WebAssembly threads both sides ran with, and whether the page was cross-origin isolated (without it,
   * 1 thread). Absent in results saved before they were recorded.
   */
  threads?: number;
  cross_origin_isolated?: boolean;
}

/** A stored result: the report plus what the Benchmark page shows beside it. */
export interface BenchRecord extends BenchReport {
  id: string;
  /** When it was measured (ms since epoch). */
  at: number;
  model_name: string;
  dtype: string;
  prompt_tokens: number;
  max_new_tokens: number;
  /** Relative spread of decode speed over the runs: (max − min) / median. */
  decode_spread: { app: number; raw: number };
  /** Prefill tokens/s by actual prompt length, app side. */
  prefill_by_length: { prompt_tokens: number; app: number; raw: number }[];
  model_bytes: number;
  /** Effective GPU copy bandwidth, when WebGPU is present. */
  bandwidth_bytes_per_s: number | null;
  /** Share of the bandwidth ceiling the app's decode reached (estimate; WebGPU only). */
  roofline_share: number | null;
  peak_memory_bytes: number | null;
  fallback_reason: string | null;
  method: string;
}

export interface BenchConfig {
  modelId: string;
  /** The engine the caller expects the model to run on; a model of the other engine is refused, named. */
  engine?: EngineKind;
  /** Where the model is downloaded from for the cold load. */
  modelHost: string;
  /** Where web-llm's model libraries come from (its own default when absent). */
  modelLibraryUrl?: string;
  backend: Backend;
  runs: number;
  /** Target prompt lengths; the first is the one decode speed and time to first token are reported at. */
  promptTokens: number[];
  maxNewTokens: number;
  /**
   * Let a calibration run choose the token count (≈2 s of decode per run), `maxNewTokens` being the
   * calibration run's own length; otherwise every run decodes exactly `maxNewTokens`.
   */
  calibrateTokens?: boolean;
  warmupRuns: number;
  /** Evict this model's cached files first so the first load downloads it (the CLI always does). */
  measureColdLoad: boolean;
  /** WebAssembly threads to ask for instead of the default, to measure their effect. */
  threads?: number;
}

export interface BenchProgress {
  step: number;
  steps: number;
  label: string;
}
