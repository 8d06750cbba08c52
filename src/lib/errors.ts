/**
 * Every failure Hearth can explain, as a named class with a stable `code`. Errors cross the worker
 * boundary as {name, code, message} and are rebuilt on the other side, so callers can branch on the class.
 */

export type ErrorCode =
  | 'MODEL_FILE_NOT_FOUND'
  | 'NETWORK'
  | 'OFFLINE'
  | 'WEBGPU_UNAVAILABLE'
  | 'GPU_FEATURE_MISSING'
  | 'GPU_LIMITS_TOO_LOW'
  | 'MODEL_FILE_CORRUPT'
  | 'GPU_DEVICE_LOST'
  | 'OUT_OF_MEMORY'
  | 'CONTEXT_TOO_LONG'
  | 'STORAGE_FULL'
  | 'STORAGE_UNAVAILABLE'
  | 'STORAGE_TIMEOUT'
  | 'STORAGE_BLOCKED'
  | 'STORAGE_SUPERSEDED'
  | 'MODEL_NOT_LOADED'
  | 'ENGINE_BUSY'
  | 'UNSUPPORTED_ENGINE'
  | 'INVALID_REQUEST'
  | 'TIMEOUT'
  | 'WORKER_CRASHED'
  | 'PROTOCOL'
  | 'ABORTED'
  | 'UNKNOWN'
  | 'CLOUD_AUTH'
  | 'CLOUD_MODEL_NOT_FOUND'
  | 'CLOUD_RATE_LIMITED'
  | 'CLOUD_SERVER'
  | 'CLOUD_TIMEOUT'
  | 'CLOUD_PROTOCOL'
  | 'CLOUD_STREAM_DROPPED'
  | 'CLOUD_REDIRECT'
  | 'CLOUD_ANSWER_CUT'
  | 'INVALID_AMOUNT';

export interface SerializedError {
  name: string;
  code: ErrorCode;
  message: string;
  /** Extra facts that the user sentence needs (a URL, a timeout), never secrets. */
  detail?: Record<string, string | number>;
}

export class HearthError extends Error {
  override name: string = 'HearthError';
  readonly code: ErrorCode = 'UNKNOWN';
  readonly detail: Record<string, string | number>;

  constructor(message: string, detail: Record<string, string | number> = {}) {
    super(message);
    this.detail = detail;
  }

  /** A sentence for the person using the app: what happened and what to do. */
  userMessage(): string {
    return this.message;
  }
}

export class ModelFileNotFoundError extends HearthError {
  override readonly name = 'ModelFileNotFoundError';
  override readonly code = 'MODEL_FILE_NOT_FOUND';
  constructor(readonly url: string) {
    super(`Model file not found: ${url}`, { url });
  }
  override userMessage(): string {
    return `A model file could not be found at ${this.url}. Check the model mirror URL in Settings, or pick another model.`;
  }
}

export class NetworkError extends HearthError {
  override readonly name = 'NetworkError';
  override readonly code = 'NETWORK';
  override userMessage(): string {
    return `The connection failed (${this.message}). Check your network and try again; nothing you had is lost.`;
  }
}

/** A model that is not (fully) on this device was needed while the browser is offline. */
export class OfflineError extends HearthError {
  override readonly name = 'OfflineError';
  override readonly code = 'OFFLINE';
  override userMessage(): string {
    return `${this.message} is not on this device yet, and you are offline. Pick a model the Models page lists as ready (the self-test model always works), or reconnect to download it.`;
  }
}

export class WebGpuUnavailableError extends HearthError {
  override readonly name = 'WebGpuUnavailableError';
  override readonly code = 'WEBGPU_UNAVAILABLE';
  override userMessage(): string {
    return `WebGPU could not be used (${this.message}). Choose the WebAssembly backend, or use a browser with WebGPU such as Chrome or Edge.`;
  }
}

/** The GPU lacks a feature the model's build was compiled for (most often shader-f16). */
export class GpuFeatureMissingError extends HearthError {
  override readonly name = 'GpuFeatureMissingError';
  override readonly code = 'GPU_FEATURE_MISSING';
  override userMessage(): string {
    const feature = typeof this.detail.feature === 'string' ? this.detail.feature : 'a WebGPU feature';
    const hint =
      feature === 'shader-f16'
        ? "Pick the same model's q4f32 build, or one that runs on WebAssembly (transformers.js)."
        : 'Pick a model that runs on WebAssembly (transformers.js).';
    return `This GPU lacks ${feature}, which this model needs (${this.message}). ${hint}`;
  }
}

/** The GPU's buffers or workgroup memory are smaller than the engine needs. */
export class GpuLimitsTooLowError extends HearthError {
  override readonly name = 'GpuLimitsTooLowError';
  override readonly code = 'GPU_LIMITS_TOO_LOW';
  override userMessage(): string {
    return `This GPU is too small for this engine (${this.message}). Pick a smaller model, or one that runs on WebAssembly (transformers.js).`;
  }
}

/** A model file arrived but is not what it should be (a checksum mismatch, an HTML page instead of weights). */
export class ModelFileCorruptError extends HearthError {
  override readonly name = 'ModelFileCorruptError';
  override readonly code = 'MODEL_FILE_CORRUPT';
  override userMessage(): string {
    return `A model file is damaged (${this.message}). Delete the model on the Models page and download it again, or check the model mirror.`;
  }
}

export class GpuDeviceLostError extends HearthError {
  override readonly name = 'GpuDeviceLostError';
  override readonly code = 'GPU_DEVICE_LOST';
  override userMessage(): string {
    return 'The GPU stopped responding (the browser reset it). Hearth loads the model again with your next message; if it keeps happening, pick a smaller model.';
  }
}

export class OutOfMemoryError extends HearthError {
  override readonly name = 'OutOfMemoryError';
  override readonly code = 'OUT_OF_MEMORY';
  override userMessage(): string {
    return 'This device ran out of memory for the model. Hearth loads it again with your next message; close other tabs, or pick a smaller model.';
  }
}

export class StorageFullError extends HearthError {
  override readonly name = 'StorageFullError';
  override readonly code = 'STORAGE_FULL';
  override userMessage(): string {
    if (typeof this.detail.neededBytes === 'number')
      return `There is not enough room on this device (${this.message}). Free some space, or delete other models on the Models page, and try again.`;
    return 'This device has no room left for Hearth to save data. Free some space, or delete models or old chats.';
  }
}

/*
 * Hearth's database could not be opened or was taken away. The app then keeps working in memory, so each
 * sentence says what happens to the person's chats and what to do to keep saving.
 */

export class StorageUnavailableError extends HearthError {
  override readonly name = 'StorageUnavailableError';
  override readonly code = 'STORAGE_UNAVAILABLE';
  override userMessage(): string {
    return `This browser does not let Hearth save data on this device (${this.message}), as happens in a private window. Your chats will live only in this tab and are lost when it closes; open Hearth in a normal window to keep them.`;
  }
}

export class StorageTimeoutError extends HearthError {
  override readonly name = 'StorageTimeoutError';
  override readonly code = 'STORAGE_TIMEOUT';
  override userMessage(): string {
    return `Hearth's saved data did not open in time (${this.message}). Your chats will live only in this tab for now; reload the page to try again.`;
  }
}

export class StorageBlockedError extends HearthError {
  override readonly name = 'StorageBlockedError';
  override readonly code = 'STORAGE_BLOCKED';
  override userMessage(): string {
    return 'Another Hearth tab is keeping Hearth from updating its saved data. Close other Hearth tabs and reload this one; until then your chats live only in this tab.';
  }
}

export class StorageSupersededError extends HearthError {
  override readonly name = 'StorageSupersededError';
  override readonly code = 'STORAGE_SUPERSEDED';
  override userMessage(): string {
    return 'Hearth was updated in another tab. Reload this tab to keep saving.';
  }
}

export class ContextTooLongError extends HearthError {
  override readonly name = 'ContextTooLongError';
  override readonly code = 'CONTEXT_TOO_LONG';
  override userMessage(): string {
    return `This message is too long for the model (${this.message}). Shorten it, lower "Max new tokens", or pick a model with a longer context.`;
  }
}

export class ModelNotLoadedError extends HearthError {
  override readonly name = 'ModelNotLoadedError';
  override readonly code = 'MODEL_NOT_LOADED';
  override userMessage(): string {
    return 'No model is loaded yet. Pick a model and wait for it to load.';
  }
}

export class EngineBusyError extends HearthError {
  override readonly name = 'EngineBusyError';
  override readonly code = 'ENGINE_BUSY';
  override userMessage(): string {
    return 'The model is still busy with another request. Wait for it to finish, or press Stop.';
  }
}

export class UnsupportedEngineError extends HearthError {
  override readonly name = 'UnsupportedEngineError';
  override readonly code = 'UNSUPPORTED_ENGINE';
}

export class InvalidRequestError extends HearthError {
  override readonly name = 'InvalidRequestError';
  override readonly code = 'INVALID_REQUEST';
}

export class TimeoutError extends HearthError {
  override readonly name = 'TimeoutError';
  override readonly code = 'TIMEOUT';
  override userMessage(): string {
    return `The model did not answer in time (${this.message}). It was restarted; try again.`;
  }
}

export class WorkerCrashedError extends HearthError {
  override readonly name = 'WorkerCrashedError';
  override readonly code = 'WORKER_CRASHED';
  override userMessage(): string {
    return `The model's worker stopped unexpectedly (${this.message}). It was restarted; load the model again.`;
  }
}

export class ProtocolError extends HearthError {
  override readonly name = 'ProtocolError';
  override readonly code = 'PROTOCOL';
  override userMessage(): string {
    return `The page and the model's worker did not understand each other (${this.message}). Reload the page and try again.`;
  }
}

export class AbortedError extends HearthError {
  override readonly name = 'AbortedError';
  override readonly code = 'ABORTED';
  override userMessage(): string {
    return `The request was cancelled (${this.message}).`;
  }
}

export class UnknownError extends HearthError {
  override readonly name = 'UnknownError';
  override readonly code = 'UNKNOWN';
  override userMessage(): string {
    return `Something went wrong (${this.message}). Try again; if it keeps happening, reload the page.`;
  }
}

/*
 * Cloud endpoint failures (an OpenAI-compatible chat-completions API). Their messages are built from the
 * HTTP status and the server's error text with the API key redacted, so none of them ever carries a secret.
 */

export class CloudAuthError extends HearthError {
  override readonly name = 'CloudAuthError';
  override readonly code = 'CLOUD_AUTH';
  override userMessage(): string {
    return `The cloud endpoint refused the request (${this.message}). Check the Cloud API key in Settings.`;
  }
}

export class CloudModelNotFoundError extends HearthError {
  override readonly name = 'CloudModelNotFoundError';
  override readonly code = 'CLOUD_MODEL_NOT_FOUND';
  override userMessage(): string {
    const model = this.detail.model;
    const named = typeof model === 'string' && model !== '' ? `the model "${model}"` : 'the chosen model';
    // A 404 also comes from an endpoint URL missing its /v1, so both settings are worth a look.
    return `The cloud endpoint does not offer ${named} (${this.message}). Check the Cloud model name and the endpoint URL in Settings.`;
  }
}

export class CloudRateLimitedError extends HearthError {
  override readonly name = 'CloudRateLimitedError';
  override readonly code = 'CLOUD_RATE_LIMITED';
  override userMessage(): string {
    const seconds = this.detail.retryAfterS;
    const when =
      typeof seconds === 'number' ? `Try again in ${formatWait(seconds)}` : 'Wait a minute and try again';
    return `The cloud service is limiting requests (${this.message}). ${when}, or answer on this device.`;
  }
}

/** "1 second", "45 seconds", "3 minutes": rounded up, so people never retry too early. */
function formatWait(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 60) return s === 1 ? '1 second' : `${s} seconds`;
  const minutes = Math.ceil(s / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

export class CloudServerError extends HearthError {
  override readonly name = 'CloudServerError';
  override readonly code = 'CLOUD_SERVER';
  override userMessage(): string {
    return `The cloud service had a problem on its side (${this.message}). Try again in a moment, or answer on this device.`;
  }
}

export class CloudTimeoutError extends HearthError {
  override readonly name = 'CloudTimeoutError';
  override readonly code = 'CLOUD_TIMEOUT';
  override userMessage(): string {
    return `The cloud endpoint stopped answering (${this.message}). Check your connection and try again.`;
  }
}

export class CloudProtocolError extends HearthError {
  override readonly name = 'CloudProtocolError';
  override readonly code = 'CLOUD_PROTOCOL';
  override userMessage(): string {
    return `The cloud endpoint sent an answer Hearth could not read (${this.message}). Check that the endpoint URL in Settings points to an OpenAI-compatible API.`;
  }
}

export class CloudStreamDroppedError extends HearthError {
  override readonly name = 'CloudStreamDroppedError';
  override readonly code = 'CLOUD_STREAM_DROPPED';
  /**
   * The answer received before the connection ended. Kept out of the message and out of detail: it can be
   * long, and it is the person's content, not a fact about the failure.
   */
  readonly partialText: string;

  constructor(message: string, detail: Record<string, string | number> = {}, partialText = '') {
    super(message, detail);
    this.partialText = partialText;
  }

  override userMessage(): string {
    return `The connection to the cloud endpoint closed before the answer was finished (${this.message}). The part that arrived is kept; try again for a complete answer.`;
  }
}

export class CloudRedirectError extends HearthError {
  override readonly name = 'CloudRedirectError';
  override readonly code = 'CLOUD_REDIRECT';
  override userMessage(): string {
    const host = this.detail.host;
    // Following a redirect would send the key and the conversation to an address the person never entered.
    const why =
      'Hearth does not follow redirects, so your key and messages go only to the address you entered.';
    if (typeof host === 'string' && host !== '') {
      return `The cloud endpoint redirected the request to ${host}. ${why} If ${host} is the right service, enter its address as the Cloud endpoint URL in Settings.`;
    }
    return `The cloud endpoint redirected the request elsewhere. ${why} Check the Cloud endpoint URL in Settings: it must be the API's exact https:// address.`;
  }
}

/**
 * Hearth stopped a cloud answer at its size or time limit. Like a dropped stream, the text received so
 * far is kept on the error (not in the message or detail: it is the person's content).
 */
export class CloudAnswerCutError extends HearthError {
  override readonly name = 'CloudAnswerCutError';
  override readonly code = 'CLOUD_ANSWER_CUT';
  readonly partialText: string;

  constructor(message: string, detail: Record<string, string | number> = {}, partialText = '') {
    super(message, detail);
    this.partialText = partialText;
  }

  override userMessage(): string {
    const { maxChars, maxSeconds } = this.detail;
    const at =
      typeof maxChars === 'number'
        ? `at ${maxChars.toLocaleString('en-US')} characters, the most Hearth keeps of one answer`
        : typeof maxSeconds === 'number'
          ? `after ${formatWait(maxSeconds)}, the longest Hearth waits for one answer`
          : `at Hearth's limit (${this.message})`;
    return `The cloud answer was cut ${at}. The part that arrived is kept; ask for a shorter answer if you need the rest.`;
  }
}

/** A money or time amount that cannot be counted (NaN, infinite, negative): a bug, never the person's input. */
export class InvalidAmountError extends HearthError {
  override readonly name = 'InvalidAmountError';
  override readonly code = 'INVALID_AMOUNT';
  override userMessage(): string {
    return `Hearth was given an amount it cannot count (${this.message}), so nothing was recorded. Reload the page; if it happens again, report it.`;
  }
}

const CLASSES_BY_CODE = {
  MODEL_FILE_NOT_FOUND: ModelFileNotFoundError,
  NETWORK: NetworkError,
  OFFLINE: OfflineError,
  WEBGPU_UNAVAILABLE: WebGpuUnavailableError,
  GPU_FEATURE_MISSING: GpuFeatureMissingError,
  GPU_LIMITS_TOO_LOW: GpuLimitsTooLowError,
  MODEL_FILE_CORRUPT: ModelFileCorruptError,
  GPU_DEVICE_LOST: GpuDeviceLostError,
  OUT_OF_MEMORY: OutOfMemoryError,
  CONTEXT_TOO_LONG: ContextTooLongError,
  STORAGE_FULL: StorageFullError,
  STORAGE_UNAVAILABLE: StorageUnavailableError,
  STORAGE_TIMEOUT: StorageTimeoutError,
  STORAGE_BLOCKED: StorageBlockedError,
  STORAGE_SUPERSEDED: StorageSupersededError,
  MODEL_NOT_LOADED: ModelNotLoadedError,
  ENGINE_BUSY: EngineBusyError,
  UNSUPPORTED_ENGINE: UnsupportedEngineError,
  INVALID_REQUEST: InvalidRequestError,
  TIMEOUT: TimeoutError,
  WORKER_CRASHED: WorkerCrashedError,
  PROTOCOL: ProtocolError,
  ABORTED: AbortedError,
  UNKNOWN: UnknownError,
  CLOUD_AUTH: CloudAuthError,
  CLOUD_MODEL_NOT_FOUND: CloudModelNotFoundError,
  CLOUD_RATE_LIMITED: CloudRateLimitedError,
  CLOUD_SERVER: CloudServerError,
  CLOUD_TIMEOUT: CloudTimeoutError,
  CLOUD_PROTOCOL: CloudProtocolError,
  CLOUD_STREAM_DROPPED: CloudStreamDroppedError,
  CLOUD_REDIRECT: CloudRedirectError,
  CLOUD_ANSWER_CUT: CloudAnswerCutError,
  INVALID_AMOUNT: InvalidAmountError,
} as const satisfies Record<ErrorCode, unknown>;

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(CLASSES_BY_CODE, value);
}

export function serializeError(error: unknown): SerializedError {
  const hearth = toHearthError(error);
  const serialized: SerializedError = { name: hearth.name, code: hearth.code, message: hearth.message };
  if (Object.keys(hearth.detail).length > 0) serialized.detail = { ...hearth.detail };
  return serialized;
}

export function deserializeError(serialized: SerializedError): HearthError {
  if (serialized.code === 'MODEL_FILE_NOT_FOUND') {
    const url = serialized.detail?.url;
    return new ModelFileNotFoundError(typeof url === 'string' ? url : serialized.message);
  }
  const ErrorClass = CLASSES_BY_CODE[serialized.code];
  return new ErrorClass(serialized.message, serialized.detail ?? {});
}

/**
 * Classifies anything thrown (by our code, by transformers.js, by ONNX Runtime, by the browser) into a
 * HearthError. Library errors carry no codes, so their names and messages are what we can read.
 */
export function toHearthError(error: unknown): HearthError {
  if (error instanceof HearthError) return error;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (name === 'AbortError') return new AbortedError(message);
  const notFound = /Could not locate file: "([^"]+)"|file was not found locally at "([^"]+)"/.exec(message);
  if (name === 'ModelFileNotFoundError' || notFound) {
    return new ModelFileNotFoundError(notFound?.[1] ?? notFound?.[2] ?? message);
  }
  if (/device (was )?lost|GPUDevice.*lost|DXGI_ERROR_DEVICE_REMOVED/i.test(message))
    return new GpuDeviceLostError(message);
  if (name === 'QuotaExceededError') return new StorageFullError(message);
  if (
    /out of memory|\bOOM\b|Array buffer allocation failed|RangeError: .*memory/i.test(message) ||
    (name === 'RangeError' && /memory/i.test(message))
  ) {
    return new OutOfMemoryError(message);
  }
  if (error instanceof TypeError && /fetch|network|load failed/i.test(message))
    return new NetworkError(message);
  return new UnknownError(message || 'unknown error');
}

/** The sentence shown to people for any error. */
export function userMessageFor(error: unknown): string {
  return toHearthError(error).userMessage();
}
