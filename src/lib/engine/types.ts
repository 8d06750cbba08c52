import type { GenerationConfidence } from './confidence';
import type { GpuProbe } from '../device';

export type EngineKind = 'transformers' | 'webllm';
/** `auto` prefers WebGPU and falls back to WebAssembly, telling why. */
export type BackendChoice = 'auto' | 'webgpu' | 'wasm';
export type Backend = 'webgpu' | 'wasm';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** What web-llm needs beyond the hub layout: its own model id, absolute URLs, and the GPU the build needs. */
export interface WebLlmLoadOptions {
  /** `{modelHost}/{repo}/resolve/{revision}/`, absolute: web-llm resolves every file against it. */
  modelUrl: string;
  /** The model library (`…-webgpu.wasm`), absolute. */
  modelLibUrl: string;
  /** WebGPU features the build needs ('shader-f16' for every *f16 build); checked before any download. */
  requiredFeatures: string[];
  contextWindow: number;
  /** Bytes of weights, for the roofline (web-llm does not report them). */
  modelBytes: number;
}

export interface LoadRequest {
  engine: EngineKind;
  /** transformers.js: the hub repository (`hearth/self-test-tiny`); web-llm: its model id. */
  modelId: string;
  /** Base URL of a server in hub layout: `{modelHost}/{modelId}/resolve/{revision}/{file}`. */
  modelHost: string;
  revision: string;
  backend: BackendChoice;
  /** The weight formats this model offers, best first (from the catalog); the engine picks one. */
  dtypes: string[];
  /** Present exactly when `engine` is 'webllm'. */
  webllm?: WebLlmLoadOptions;
  /** WebAssembly threads to ask for instead of the default (benchmarks measure with it); see threads.ts. */
  threads?: number;
}

export type LoadPhase = 'download' | 'initialise';

export interface LoadProgress {
  phase: LoadPhase;
  /** 0..1, or null while the total is still unknown. */
  fraction: number | null;
  loadedBytes: number;
  totalBytes: number;
  file?: string;
}

export interface LoadResult {
  modelId: string;
  backend: Backend;
  dtype: string;
  /** Why the engine did not run where it was asked (e.g. WebGPU missing → WebAssembly). */
  fallbackReason?: string;
  loadMs: number;
  contextWindow: number;
  /** Bytes of model files read at load (weights dominate): a decode step reads about this much. */
  modelBytes: number;
  /** WebAssembly threads the runtime uses (1 unless the page is cross-origin isolated). */
  threads: number;
}

export interface GenerationParams {
  maxNewTokens: number;
  temperature: number;
  topP: number;
  /** Benchmarks decode a fixed number of tokens, so end-of-sequence is suppressed. */
  ignoreEos?: boolean;
}

export interface GenerateRequest extends GenerationParams {
  messages: ChatMessage[];
}

export interface TokenEvent {
  /** Text this token added (may be empty while a multi-byte character is incomplete). */
  text: string;
  /** 0-based index of the generated token. */
  index: number;
  /** Milliseconds since the generate request started, measured in the worker. */
  atMs: number;
}

export type FinishReason = 'stop' | 'length' | 'aborted';

export interface GenerationStats {
  promptTokens: number;
  generatedTokens: number;
  /** Time to first token, including prefill. */
  ttftMs: number;
  prefillTokensPerS: number;
  /** Tokens after the first, over the time since the first (so prefill is not counted twice). */
  decodeTokensPerS: number;
  totalMs: number;
}

export interface GenerationResult {
  text: string;
  finishReason: FinishReason;
  stats: GenerationStats;
  /** Older messages left out so the prompt fits the context window (0 when everything fit). */
  trimmedMessages: number;
  /** How sure the model was of its first tokens, where the engine can tell. */
  confidence?: GenerationConfidence;
}

export interface GenerateCallbacks {
  onToken?: (token: TokenEvent) => void;
  signal?: AbortSignal;
}

/** What every engine does, whether it runs in this thread (inside the worker) or is a proxy to the worker. */
export interface Engine {
  load(request: LoadRequest, onProgress?: (progress: LoadProgress) => void): Promise<LoadResult>;
  generate(request: GenerateRequest, callbacks?: GenerateCallbacks): Promise<GenerationResult>;
  /** Stops the generation in flight within one token; it resolves with finishReason 'aborted'. */
  abort(): void;
  unload(): Promise<void>;
  dispose(): Promise<void>;
}

/** Facts about the device the worker sees, used to pick backend and dtype. */
export interface WorkerDeviceFacts {
  probe: GpuProbe;
}
