/** Shared fixtures for the engine tests: valid requests, plausible results, and promises the test settles. */
import type {
  Engine,
  GenerateCallbacks,
  GenerateRequest,
  GenerationResult,
  LoadProgress,
  LoadRequest,
  LoadResult,
} from '../../../../src/lib/engine/types';

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (reason: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export const LOAD_REQUEST: LoadRequest = {
  engine: 'transformers',
  modelId: 'hearth/self-test-tiny',
  modelHost: 'http://localhost:4173/models',
  revision: 'main',
  backend: 'auto',
  dtypes: ['q4f16', 'q4', 'fp32'],
};

/** A web-llm load: its own model id and absolute URLs (127.0.0.1: web-llm skips checks on "localhost"). */
export const WEBLLM_LOAD_REQUEST: LoadRequest = {
  ...LOAD_REQUEST,
  engine: 'webllm',
  modelId: 'Qwen2.5-0.5B-Instruct-q4f32_1-MLC',
  webllm: {
    modelUrl: 'http://127.0.0.1:8787/mlc-ai/Qwen2.5-0.5B-Instruct-q4f32_1-MLC/resolve/main/',
    modelLibUrl: 'http://127.0.0.1:8788/Qwen2-0.5B-Instruct-q4f32_1_cs1k-webgpu.wasm',
    requiredFeatures: [],
    contextWindow: 4096,
    modelBytes: 300_000_000,
  },
};

export const GENERATE_REQUEST: GenerateRequest = {
  messages: [{ role: 'user', content: 'Say hi.' }],
  maxNewTokens: 8,
  temperature: 0,
  topP: 1,
  ignoreEos: false,
};

export function loadResult(overrides: Partial<LoadResult> = {}): LoadResult {
  return {
    modelId: LOAD_REQUEST.modelId,
    backend: 'webgpu',
    dtype: 'q4f16',
    loadMs: 12,
    contextWindow: 2048,
    modelBytes: 170_000,
    threads: 1,
    ...overrides,
  };
}

export function generationResult(overrides: Partial<GenerationResult> = {}): GenerationResult {
  return {
    text: 'Hi!',
    finishReason: 'stop',
    stats: {
      promptTokens: 5,
      generatedTokens: 2,
      ttftMs: 10,
      prefillTokensPerS: 500,
      decodeTokensPerS: 100,
      totalMs: 20,
    },
    trimmedMessages: 0,
    ...overrides,
  };
}

export function progress(loadedBytes: number, totalBytes = 1000): LoadProgress {
  return { phase: 'download', fraction: loadedBytes / totalBytes, loadedBytes, totalBytes };
}

export interface PendingLoad {
  request: LoadRequest;
  onProgress: ((progress: LoadProgress) => void) | undefined;
  result: Deferred<LoadResult>;
}

export interface PendingGenerate {
  request: GenerateRequest;
  callbacks: GenerateCallbacks | undefined;
  result: Deferred<GenerationResult>;
}

/**
 * An Engine whose every load and generate waits until the test settles it. Like the real engines, abort()
 * makes the generation in flight resolve with finishReason 'aborted'.
 */
export class FakeEngine implements Engine {
  readonly loads: PendingLoad[] = [];
  readonly generates: PendingGenerate[] = [];
  abortCalls = 0;
  unloadCalls = 0;
  disposeCalls = 0;

  load(request: LoadRequest, onProgress?: (progress: LoadProgress) => void): Promise<LoadResult> {
    const pending: PendingLoad = { request, onProgress, result: deferred() };
    this.loads.push(pending);
    return pending.result.promise;
  }

  generate(request: GenerateRequest, callbacks?: GenerateCallbacks): Promise<GenerationResult> {
    const pending: PendingGenerate = { request, callbacks, result: deferred() };
    this.generates.push(pending);
    return pending.result.promise;
  }

  abort(): void {
    this.abortCalls++;
    this.lastGenerate?.result.resolve(generationResult({ finishReason: 'aborted', text: 'Hi' }));
  }

  async unload(): Promise<void> {
    this.unloadCalls++;
  }

  async dispose(): Promise<void> {
    this.disposeCalls++;
  }

  get lastLoad(): PendingLoad | undefined {
    return this.loads.at(-1);
  }

  get lastGenerate(): PendingGenerate | undefined {
    return this.generates.at(-1);
  }
}

/** Lets every queued promise callback and timer-free continuation run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
