import { describe, expect, it } from 'vitest';
import type { GpuProbe } from '../../../../../src/lib/device';
import type { LoadProgress, LoadRequest, TokenEvent } from '../../../../../src/lib/engine';
import { WebLlmEngine } from '../../../../../src/lib/engine/webllm/webllm-engine';
import {
  AbortedError,
  ContextTooLongError,
  GpuDeviceLostError,
  GpuFeatureMissingError,
  GpuLimitsTooLowError,
  InvalidRequestError,
  ModelFileCorruptError,
  ModelFileNotFoundError,
  ModelNotLoadedError,
  NetworkError,
  StorageFullError,
  WebGpuUnavailableError,
} from '../../../../../src/lib/errors';
import { fakeWebLlm, type FakeScript } from './fake-webllm';

const F16_GPU: GpuProbe = {
  kind: 'available',
  adapter: {
    vendor: 'nvidia',
    architecture: 'ampere',
    description: '',
    device: '',
    isFallbackAdapter: false,
  },
  features: ['shader-f16', 'subgroups'],
  shaderF16: true,
  limits: {
    maxBufferSize: 2 ** 31,
    maxStorageBufferBindingSize: 2 ** 31,
    maxComputeWorkgroupStorageSize: 32768,
    maxStorageBuffersPerShaderStage: 10,
  },
};
const NO_F16_GPU: GpuProbe = { ...F16_GPU, features: ['subgroups'], shaderF16: false };
const NO_GPU: GpuProbe = {
  kind: 'unavailable',
  reason: 'no-adapter',
  message: 'WebGPU is present but found no usable GPU (blocklisted or disabled). Models will run on the CPU.',
};

const REQUEST: LoadRequest = {
  engine: 'webllm',
  modelId: 'Qwen2.5-1.5B-Instruct-q4f16_1-MLC',
  modelHost: 'http://127.0.0.1:9000',
  revision: 'main',
  backend: 'auto',
  dtypes: ['q4f16_1'],
  webllm: {
    modelUrl: 'http://127.0.0.1:9000/mlc-ai/Qwen2.5-1.5B-Instruct-q4f16_1-MLC/resolve/main/',
    modelLibUrl: 'http://127.0.0.1:9001/libs/Qwen2-1.5B-Instruct-q4f16_1_cs1k-webgpu.wasm',
    requiredFeatures: ['shader-f16'],
    contextWindow: 4096,
    modelBytes: 1_000_000_000,
  },
};

function engineWith(script: FakeScript = {}, probe: GpuProbe = F16_GPU) {
  const webllm = fakeWebLlm(script);
  let imports = 0;
  let clock = 0;
  const engine = new WebLlmEngine({
    loadModule: async () => {
      imports++;
      return webllm;
    },
    probe: async () => probe,
    now: () => (clock += 10),
  });
  return { engine, webllm, imports: () => imports };
}

const GENERATE = {
  messages: [
    { role: 'system' as const, content: 'Be brief.' },
    { role: 'user' as const, content: 'Say hello' },
  ],
  maxNewTokens: 64,
  temperature: 0.7,
  topP: 0.9,
};

describe('WebLlmEngine: loading', () => {
  it('hands web-llm one absolute-URL record with the context window and features, and reports its progress', async () => {
    const progress: LoadProgress[] = [];
    const { engine, webllm } = engineWith({
      progress: [
        {
          progress: 0.25,
          timeElapsed: 2,
          text: 'Fetching param cache[5/20]: 300MB fetched. 25% completed, 2 secs elapsed.',
        },
        {
          progress: 0.5,
          timeElapsed: 3,
          text: 'Loading model from cache[10/20]: 600MB loaded. 50% completed',
        },
      ],
    });
    const result = await engine.load(REQUEST, (p) => progress.push(p));

    const fake = webllm.engines[0];
    expect(fake?.appConfig).toEqual({
      model_list: [
        {
          model: REQUEST.webllm?.modelUrl,
          model_id: REQUEST.modelId,
          model_lib: REQUEST.webllm?.modelLibUrl,
          overrides: { context_window_size: 4096 },
          required_features: ['shader-f16'],
        },
      ],
      cacheBackend: 'indexeddb',
    });
    expect(fake?.reloads).toEqual([REQUEST.modelId]);
    expect(result).toMatchObject({
      backend: 'webgpu',
      dtype: 'q4f16_1',
      contextWindow: 4096,
      modelBytes: 1e9,
    });
    expect(progress).toEqual([
      { phase: 'download', fraction: 0.25, loadedBytes: 300 * 2 ** 20, totalBytes: 1200 * 2 ** 20 },
      { phase: 'initialise', fraction: 0.5, loadedBytes: 0, totalBytes: 0 },
    ]);
  });

  it.each([
    ['no WebGPU at all', NO_GPU, [], WebGpuUnavailableError, /runs only on WebGPU/],
    [
      'an f16 build on a GPU without shader-f16',
      NO_F16_GPU,
      ['shader-f16'],
      GpuFeatureMissingError,
      /shader-f16/,
    ],
    [
      'a phone GPU with 64 MB storage buffers',
      { ...F16_GPU, limits: { ...F16_GPU.limits, maxStorageBufferBindingSize: 64 * 2 ** 20 } },
      [],
      GpuLimitsTooLowError,
      /maxStorageBufferBindingSize is 64 MB; web-llm needs at least 128 MB/,
    ],
  ] as const)(
    'refuses %s before importing web-llm or fetching anything',
    async (_, probe, features, ErrorClass, said) => {
      const { engine, imports } = engineWith({}, probe);
      const request = { ...REQUEST, webllm: { ...REQUEST.webllm!, requiredFeatures: [...features] } };
      const failure = await engine.load(request).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ErrorClass);
      expect(String((failure as Error).message)).toMatch(said);
      expect(imports()).toBe(0);
    },
  );

  it('the no-WebGPU error tells the person to pick a WebAssembly model', async () => {
    const { engine } = engineWith({}, NO_GPU);
    const failure = await engine.load(REQUEST).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WebGpuUnavailableError);
    expect((failure as WebGpuUnavailableError).userMessage()).toMatch(/WebAssembly/);
  });

  it('refuses the WebAssembly backend: web-llm is WebGPU only', async () => {
    const { engine, imports } = engineWith();
    await expect(engine.load({ ...REQUEST, backend: 'wasm' })).rejects.toBeInstanceOf(InvalidRequestError);
    expect(imports()).toBe(0);
  });

  it('a web-llm load needs its options', async () => {
    const { engine } = engineWith();
    const { webllm: _, ...bare } = REQUEST;
    await expect(engine.load(bare)).rejects.toBeInstanceOf(InvalidRequestError);
  });

  const named = (name: string, message: string): Error => Object.assign(new Error(message), { name });
  it.each([
    [
      'WebGPUNotAvailableError',
      named('WebGPUNotAvailableError', 'WebGPU is not supported'),
      WebGpuUnavailableError,
    ],
    [
      'ShaderF16SupportError',
      named('ShaderF16SupportError', 'This model requires shader-f16'),
      GpuFeatureMissingError,
    ],
    [
      'FeatureSupportError',
      named('FeatureSupportError', 'requires feature subgroups'),
      GpuFeatureMissingError,
    ],
    ['DeviceLostError', named('DeviceLostError', 'The WebGPU device was lost'), GpuDeviceLostError],
    ['ModelNotFoundError', named('ModelNotFoundError', 'Cannot find model record'), InvalidRequestError],
    [
      'MissingModelError',
      named('MissingModelError', 'Missing model wasm http://x/y.wasm'),
      ModelFileNotFoundError,
    ],
    ['IntegrityError', named('IntegrityError', 'Expected sha256-a, actual sha256-b'), ModelFileCorruptError],
    [
      'a 404 on the IndexedDB backend',
      new Error(
        'Failed to store http://127.0.0.1:9/x/mlc-chat-config.json with error: Error: Network response was not ok',
      ),
      ModelFileNotFoundError,
    ],
    [
      'an unreachable mirror',
      new Error(
        'Failed to store http://127.0.0.1:9/x/mlc-chat-config.json with error: TypeError: Failed to fetch',
      ),
      NetworkError,
    ],
    [
      'a full disk',
      new Error(
        'Failed to store http://127.0.0.1:9/x/params_shard_0.bin with error: QuotaExceededError: quota',
      ),
      StorageFullError,
    ],
    [
      'no adapter',
      new Error('Unable to find a compatible GPU. This issue might be…'),
      WebGpuUnavailableError,
    ],
    [
      'small limits',
      new Error('Cannot initialize runtime because of requested maxBufferSize exceeds limit.'),
      GpuLimitsTooLowError,
    ],
    [
      'a 404 page as the model library',
      new Error('CompileError: expected magic word 00 61 73 6d, found 3c 21 44 4f'),
      ModelFileCorruptError,
    ],
    ['unload during reload (Cache API)', 'Engine.unload() is called.', AbortedError],
  ] as const)('maps %s to its Hearth error', async (_, thrown, ErrorClass) => {
    const { engine } = engineWith({ reloadError: thrown });
    await expect(engine.load(REQUEST)).rejects.toBeInstanceOf(ErrorClass);
  });

  it('the 404 error names the file that was missing', async () => {
    const url = 'http://127.0.0.1:9/x/resolve/main/mlc-chat-config.json';
    const { engine } = engineWith({
      reloadError: new Error(`Failed to store ${url} with error: Error: Network response was not ok`),
    });
    const failure = await engine.load(REQUEST).catch((error: unknown) => error);
    expect((failure as ModelFileNotFoundError).userMessage()).toContain(url);
  });

  it('unloading during a load makes the load fail as stopped, not hang', async () => {
    let open: () => void = () => undefined;
    const { engine } = engineWith({ reloadGate: new Promise<void>((resolve) => (open = resolve)) });
    const loading = engine.load(REQUEST);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await engine.unload();
    await expect(loading).rejects.toBeInstanceOf(AbortedError);
    open();
  });
});

describe('WebLlmEngine: generating', () => {
  it('streams each delta with its time, and takes prefill and decode speed from web-llm usage', async () => {
    const { engine, webllm } = engineWith({ tokens: ['Hel', 'lo', ' there', '!'] });
    await engine.load(REQUEST);
    const tokens: TokenEvent[] = [];
    const result = await engine.generate(GENERATE, { onToken: (t) => tokens.push(t) });

    expect(tokens.map((t) => t.text)).toEqual(['Hel', 'lo', ' there', '!']);
    expect(tokens.map((t) => t.index)).toEqual([0, 1, 2, 3]);
    expect(tokens.every((t, i) => i === 0 || t.atMs > (tokens[i - 1]?.atMs ?? 0))).toBe(true);
    expect(result).toMatchObject({ text: 'Hello there!', finishReason: 'stop', trimmedMessages: 0 });
    expect(result.stats).toMatchObject({
      promptTokens: 12,
      generatedTokens: 4,
      prefillTokensPerS: 420,
      decodeTokensPerS: 61.5,
    });
    expect(webllm.engines[0]?.requests[0]).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 64,
      temperature: 0.7,
      top_p: 0.9,
    });
  });

  it('falls back to its own timing when web-llm reports no decode speed (NaN after one token)', async () => {
    const { engine } = engineWith({ tokens: ['A'] });
    await engine.load(REQUEST);
    const result = await engine.generate(GENERATE);
    expect(Number.isFinite(result.stats.decodeTokensPerS)).toBe(true);
  });

  it('reports a length finish', async () => {
    const { engine } = engineWith({ tokens: ['a', 'b', 'c', 'd'] });
    await engine.load(REQUEST);
    const result = await engine.generate({ ...GENERATE, maxNewTokens: 2 });
    expect(result.finishReason).toBe('length');
    expect(result.text).toBe('ab');
  });

  it('abort interrupts web-llm and drains the stream to its end, keeping the text so far', async () => {
    const { engine, webllm } = engineWith({ tokens: ['a', 'b', 'c', 'd', 'e', 'f'] });
    await engine.load(REQUEST);
    const controller = new AbortController();
    const result = await engine.generate(GENERATE, {
      signal: controller.signal,
      onToken: (t) => {
        if (t.index === 1) controller.abort();
      },
    });
    expect(result.finishReason).toBe('aborted');
    expect(result.text.startsWith('ab')).toBe(true);
    expect(result.text.length).toBeLessThan(6);
    expect(webllm.engines[0]?.interrupts).toBe(1);
    // Drained: usage arrived, so web-llm's counts are used.
    expect(result.stats.promptTokens).toBe(12);
  });

  it('an abort asked before the request starts is not lost (web-llm would reset its flag)', async () => {
    const { engine } = engineWith({ tokens: ['a', 'b', 'c', 'd'] });
    await engine.load(REQUEST);
    const controller = new AbortController();
    controller.abort();
    const result = await engine.generate(GENERATE, { signal: controller.signal });
    expect(result.finishReason).toBe('aborted');
    expect(result.text).toBe('a');
  });

  it('leaves out older turns, with a count, when the conversation outgrows the context', async () => {
    const { engine, webllm } = engineWith();
    await engine.load({ ...REQUEST, webllm: { ...REQUEST.webllm!, contextWindow: 200 } });
    const long = 'x'.repeat(300);
    const result = await engine.generate({
      ...GENERATE,
      maxNewTokens: 64,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: long },
        { role: 'assistant', content: long },
        { role: 'user', content: 'And now?' },
      ],
    });
    expect(result.trimmedMessages).toBe(2);
    expect(webllm.engines[0]?.requests[0]?.messages.map((m) => m.content)).toEqual(['Be brief.', 'And now?']);
  });

  it('maps errors raised while streaming', async () => {
    const { engine } = engineWith({
      streamError: Object.assign(new Error('prompt too long'), { name: 'ContextWindowSizeExceededError' }),
    });
    await engine.load(REQUEST);
    await expect(engine.generate(GENERATE)).rejects.toBeInstanceOf(ContextTooLongError);
  });

  it('"not loaded" after a successful load means web-llm lost its GPU device and unloaded itself', async () => {
    const { engine } = engineWith({
      streamError: Object.assign(new Error('Model not loaded before trying to complete'), {
        name: 'ModelNotLoadedError',
      }),
    });
    await engine.load(REQUEST);
    await expect(engine.generate(GENERATE)).rejects.toBeInstanceOf(GpuDeviceLostError);
  });

  it('refuses to generate before a load', async () => {
    const { engine } = engineWith();
    await expect(engine.generate(GENERATE)).rejects.toBeInstanceOf(ModelNotLoadedError);
  });

  it('unload releases the engine', async () => {
    const { engine, webllm } = engineWith();
    await engine.load(REQUEST);
    await engine.unload();
    expect(webllm.engines[0]?.unloads).toBe(1);
    await expect(engine.generate(GENERATE)).rejects.toBeInstanceOf(ModelNotLoadedError);
  });
});
