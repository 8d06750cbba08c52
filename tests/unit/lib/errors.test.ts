import { describe, expect, it } from 'vitest';
import {
  AbortedError,
  CloudAnswerCutError,
  CloudAuthError,
  CloudModelNotFoundError,
  CloudProtocolError,
  CloudRateLimitedError,
  CloudRedirectError,
  CloudServerError,
  CloudStreamDroppedError,
  CloudTimeoutError,
  ContextTooLongError,
  deserializeError,
  EngineBusyError,
  GpuDeviceLostError,
  GpuFeatureMissingError,
  GpuLimitsTooLowError,
  HearthError,
  InvalidAmountError,
  InvalidRequestError,
  isErrorCode,
  ModelFileCorruptError,
  ModelFileNotFoundError,
  ModelNotLoadedError,
  NetworkError,
  OfflineError,
  OutOfMemoryError,
  ProtocolError,
  serializeError,
  StorageBlockedError,
  StorageFullError,
  StorageSupersededError,
  StorageTimeoutError,
  StorageUnavailableError,
  TimeoutError,
  toHearthError,
  UnknownError,
  UnsupportedEngineError,
  userMessageFor,
  WebGpuUnavailableError,
  WorkerCrashedError,
  type ErrorCode,
} from '../../../src/lib/errors';

type HearthErrorClass = abstract new (...args: never[]) => HearthError;

/** One realistic instance per code, as the code that raises it builds it. */
const SAMPLES: Record<ErrorCode, { error: HearthError; class: HearthErrorClass }> = {
  MODEL_FILE_NOT_FOUND: {
    error: new ModelFileNotFoundError('https://mirror.example/m/resolve/main/onnx/model_q4.onnx'),
    class: ModelFileNotFoundError,
  },
  NETWORK: { error: new NetworkError('Failed to fetch'), class: NetworkError },
  OFFLINE: { error: new OfflineError('Qwen2.5 0.5B Instruct'), class: OfflineError },
  WEBGPU_UNAVAILABLE: { error: new WebGpuUnavailableError('no adapter'), class: WebGpuUnavailableError },
  GPU_DEVICE_LOST: { error: new GpuDeviceLostError('Device was lost'), class: GpuDeviceLostError },
  GPU_FEATURE_MISSING: {
    error: new GpuFeatureMissingError('Phi-3.5-mini q4f16_1 is compiled for it', { feature: 'shader-f16' }),
    class: GpuFeatureMissingError,
  },
  GPU_LIMITS_TOO_LOW: {
    error: new GpuLimitsTooLowError('maxStorageBufferBindingSize is 64 MB; web-llm needs 128 MB'),
    class: GpuLimitsTooLowError,
  },
  MODEL_FILE_CORRUPT: {
    error: new ModelFileCorruptError('params_shard_3.bin: an HTML page, not weights'),
    class: ModelFileCorruptError,
  },
  OUT_OF_MEMORY: { error: new OutOfMemoryError('out of memory'), class: OutOfMemoryError },
  CONTEXT_TOO_LONG: {
    error: new ContextTooLongError('2100 tokens, the model takes 2048', {
      promptTokens: 2100,
      contextWindow: 2048,
    }),
    class: ContextTooLongError,
  },
  STORAGE_FULL: { error: new StorageFullError('QuotaExceededError'), class: StorageFullError },
  STORAGE_UNAVAILABLE: {
    error: new StorageUnavailableError('SecurityError: access to IndexedDB is denied'),
    class: StorageUnavailableError,
  },
  STORAGE_TIMEOUT: {
    error: new StorageTimeoutError('no answer in 10 s', { seconds: 10 }),
    class: StorageTimeoutError,
  },
  STORAGE_BLOCKED: {
    error: new StorageBlockedError('version 4 is open in another tab; waited 60 s for it to close'),
    class: StorageBlockedError,
  },
  STORAGE_SUPERSEDED: {
    error: new StorageSupersededError('another tab opened version 5'),
    class: StorageSupersededError,
  },
  MODEL_NOT_LOADED: {
    error: new ModelNotLoadedError('generate was asked before any model was loaded'),
    class: ModelNotLoadedError,
  },
  ENGINE_BUSY: {
    error: new EngineBusyError('cannot generate while a load is running'),
    class: EngineBusyError,
  },
  UNSUPPORTED_ENGINE: {
    error: new UnsupportedEngineError('The "webllm" engine is not available in this build.'),
    class: UnsupportedEngineError,
  },
  INVALID_REQUEST: {
    error: new InvalidRequestError('"temperature" must be a number from 0 to 5.'),
    class: InvalidRequestError,
  },
  TIMEOUT: { error: new TimeoutError('no answer to load for 180 s', { seconds: 180 }), class: TimeoutError },
  WORKER_CRASHED: {
    error: new WorkerCrashedError('the worker failed to start or crashed'),
    class: WorkerCrashedError,
  },
  PROTOCOL: { error: new ProtocolError('protocol version 2 is not 1'), class: ProtocolError },
  ABORTED: { error: new AbortedError('the engine was closed'), class: AbortedError },
  UNKNOWN: { error: new UnknownError('boom'), class: UnknownError },
  CLOUD_AUTH: { error: new CloudAuthError('HTTP 401: invalid key', { status: 401 }), class: CloudAuthError },
  CLOUD_MODEL_NOT_FOUND: {
    error: new CloudModelNotFoundError('HTTP 404', { status: 404, model: 'gpt-4o-mini' }),
    class: CloudModelNotFoundError,
  },
  CLOUD_RATE_LIMITED: {
    error: new CloudRateLimitedError('HTTP 429', { status: 429, retryAfterS: 20 }),
    class: CloudRateLimitedError,
  },
  CLOUD_SERVER: { error: new CloudServerError('HTTP 503', { status: 503 }), class: CloudServerError },
  CLOUD_TIMEOUT: {
    error: new CloudTimeoutError('no data from api.example for 30 s', { seconds: 30 }),
    class: CloudTimeoutError,
  },
  CLOUD_PROTOCOL: {
    error: new CloudProtocolError('malformed JSON in the event stream: {"choi'),
    class: CloudProtocolError,
  },
  CLOUD_STREAM_DROPPED: {
    error: new CloudStreamDroppedError('the stream ended early, after 3 deltas', {}, 'Hello wor'),
    class: CloudStreamDroppedError,
  },
  CLOUD_REDIRECT: {
    error: new CloudRedirectError('HTTP 307 to evil.example', { status: 307, host: 'evil.example' }),
    class: CloudRedirectError,
  },
  CLOUD_ANSWER_CUT: {
    error: new CloudAnswerCutError(
      'the answer reached 262144 characters',
      { limit: 'size', maxChars: 262144, receivedChars: 262144 },
      'Hello',
    ),
    class: CloudAnswerCutError,
  },
  INVALID_AMOUNT: {
    error: new InvalidAmountError('a charge of NaN USD'),
    class: InvalidAmountError,
  },
};

const CASES = Object.entries(SAMPLES).map(([code, sample]) => ({ code, ...sample }));

describe('HearthError classes', () => {
  it.each(CASES)('$code: instance has its code, its class name and is a HearthError', ({ code, error }) => {
    expect(error.code).toBe(code);
    expect(error).toBeInstanceOf(HearthError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(error.constructor.name);
    expect(isErrorCode(code)).toBe(true);
  });

  it('isErrorCode rejects what is not a code', () => {
    expect(isErrorCode('NOPE')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(undefined)).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });
});

describe('serializeError / deserializeError', () => {
  it.each(CASES)(
    '$code: round trip keeps class, code, message and detail',
    ({ code, error, class: ErrorClass }) => {
      const serialized = serializeError(error);
      expect(serialized).toMatchObject({ code, name: error.name, message: error.message });
      // What crosses the worker boundary must survive structured clone and JSON alike.
      const back = deserializeError(structuredClone(JSON.parse(JSON.stringify(serialized))));
      expect(back).toBeInstanceOf(ErrorClass);
      expect(back).toBeInstanceOf(HearthError);
      expect(back.code).toBe(code);
      expect(back.message).toBe(error.message);
      expect(back.detail).toEqual(error.detail);
      expect(back.userMessage()).toBe(error.userMessage());
    },
  );

  it('serializes detail only when there is some', () => {
    expect(serializeError(new NetworkError('offline'))).toEqual({
      name: 'NetworkError',
      code: 'NETWORK',
      message: 'offline',
    });
    expect(serializeError(new TimeoutError('no answer', { seconds: 15 }))).toEqual({
      name: 'TimeoutError',
      code: 'TIMEOUT',
      message: 'no answer',
      detail: { seconds: 15 },
    });
  });

  it('keeps the URL of a missing model file in detail and rebuilds it from there', () => {
    const url = 'http://x/y.onnx';
    const serialized = serializeError(new ModelFileNotFoundError(url));
    expect(serialized.detail).toEqual({ url });
    const back = deserializeError(serialized);
    expect(back).toBeInstanceOf(ModelFileNotFoundError);
    expect(back instanceof ModelFileNotFoundError && back.url).toBe(url);
  });

  it('rebuilds a missing-file error without detail from its message', () => {
    const back = deserializeError({
      name: 'ModelFileNotFoundError',
      code: 'MODEL_FILE_NOT_FOUND',
      message: 'gone',
    });
    expect(back).toBeInstanceOf(ModelFileNotFoundError);
    expect(back.userMessage()).toContain('gone');
  });

  it('serializes errors that are not HearthErrors by classifying them first', () => {
    expect(serializeError(new Error('Could not locate file: "http://x/y.onnx".'))).toEqual({
      name: 'ModelFileNotFoundError',
      code: 'MODEL_FILE_NOT_FOUND',
      message: 'Model file not found: http://x/y.onnx',
      detail: { url: 'http://x/y.onnx' },
    });
    expect(serializeError('a thrown string')).toEqual({
      name: 'UnknownError',
      code: 'UNKNOWN',
      message: 'a thrown string',
    });
  });
});

describe('toHearthError', () => {
  it('returns HearthErrors unchanged', () => {
    const error = new EngineBusyError('busy');
    expect(toHearthError(error)).toBe(error);
  });

  it("extracts the URL from transformers.js' ModelFileNotFoundError message", () => {
    const thrown = new Error('Could not locate file: "http://x/y.onnx".');
    thrown.name = 'ModelFileNotFoundError';
    const error = toHearthError(thrown);
    expect(error).toBeInstanceOf(ModelFileNotFoundError);
    expect(error instanceof ModelFileNotFoundError && error.url).toBe('http://x/y.onnx');
    expect(error.userMessage()).toContain('http://x/y.onnx');
  });

  it('recognises a missing file by its message alone, and the local-file variant', () => {
    const remote = toHearthError(new Error('Could not locate file: "https://h/m/resolve/main/config.json".'));
    expect(remote instanceof ModelFileNotFoundError && remote.url).toBe(
      'https://h/m/resolve/main/config.json',
    );
    const local = toHearthError(new Error('file was not found locally at "/models/m/onnx/model.onnx".'));
    expect(local instanceof ModelFileNotFoundError && local.url).toBe('/models/m/onnx/model.onnx');
  });

  it('classifies a lost GPU device', () => {
    expect(toHearthError(new Error('Device was lost')).code).toBe('GPU_DEVICE_LOST');
    expect(toHearthError(new Error('GPUDevice was lost: reason destroyed')).code).toBe('GPU_DEVICE_LOST');
    expect(toHearthError(new Error('DXGI_ERROR_DEVICE_REMOVED')).code).toBe('GPU_DEVICE_LOST');
  });

  it('classifies running out of memory', () => {
    expect(toHearthError(new Error('out of memory')).code).toBe('OUT_OF_MEMORY');
    expect(toHearthError(new Error('WebGPU OOM while creating buffer')).code).toBe('OUT_OF_MEMORY');
    expect(toHearthError(new RangeError('Array buffer allocation failed')).code).toBe('OUT_OF_MEMORY');
    expect(toHearthError(new RangeError('WebAssembly.Memory(): could not allocate memory')).code).toBe(
      'OUT_OF_MEMORY',
    );
  });

  it('classifies a full storage quota as storage full, not out of memory', () => {
    const error = toHearthError(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    expect(error).toBeInstanceOf(StorageFullError);
  });

  it('does not mistake words that merely contain "oom" for out of memory', () => {
    expect(toHearthError(new Error('Unsupported model type: bloom')).code).toBe('UNKNOWN');
    expect(toHearthError(new Error('no room in the chat template')).code).toBe('UNKNOWN');
  });

  it('classifies a failed fetch as a network error, but not other TypeErrors', () => {
    const error = toHearthError(new TypeError('Failed to fetch'));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toBe('Failed to fetch');
    expect(toHearthError(new TypeError('NetworkError when attempting to fetch resource.')).code).toBe(
      'NETWORK',
    );
    expect(toHearthError(new TypeError('x is not a function')).code).toBe('UNKNOWN');
    // A plain Error that talks about fetching is not a network failure of the browser.
    expect(toHearthError(new Error('Failed to fetch')).code).toBe('UNKNOWN');
  });

  it('classifies an AbortError DOMException as aborted', () => {
    const error = toHearthError(new DOMException('The operation was aborted.', 'AbortError'));
    expect(error).toBeInstanceOf(AbortedError);
    expect(error.message).toBe('The operation was aborted.');
  });

  it('classifies anything else as unknown, keeping its message', () => {
    const error = toHearthError(new Error('something odd'));
    expect(error).toBeInstanceOf(UnknownError);
    expect(error.message).toBe('something odd');
    expect(toHearthError(42).message).toBe('42');
    expect(toHearthError(new Error('')).message).toBe('unknown error');
  });
});

describe('userMessage', () => {
  it.each(CASES)('$code: is a non-empty sentence', ({ error }) => {
    const message = error.userMessage();
    expect(message.trim().length).toBeGreaterThan(10);
    // Starts like a sentence (field names in quotes are allowed first) and ends like one.
    expect(message).toMatch(/^([A-Z]|"[a-zA-Z])/);
    expect(message).toMatch(/[.!?]$/);
  });

  it('userMessageFor classifies first, so raw library errors read as sentences too', () => {
    expect(userMessageFor(new Error('Could not locate file: "http://x/y.onnx".'))).toBe(
      'A model file could not be found at http://x/y.onnx. Check the model mirror URL in Settings, or pick another model.',
    );
    expect(userMessageFor(new Error('boom'))).toMatch(/^Something went wrong.*boom.*\.$/);
  });
});
