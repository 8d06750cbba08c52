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
  toHearthError,
  WebGpuUnavailableError,
  type HearthError,
} from '../../errors';

/**
 * web-llm's errors, as Hearth's. Its classes are not exported (only IntegrityError is), so they are told
 * apart by `name`; some failures are plain Errors and only their message says what happened.
 */
export function fromWebLlmError(error: unknown): HearthError {
  // `unload()` during `reload()` rejects with a bare string on the Cache API backend.
  if (typeof error === 'string' && error.includes('Engine.unload() is called'))
    return new AbortedError('the load was stopped');
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  switch (name) {
    case 'WebGPUNotAvailableError':
      return new WebGpuUnavailableError(message, { engine: 'webllm' });
    case 'ShaderF16SupportError':
      return new GpuFeatureMissingError(message, { feature: 'shader-f16' });
    case 'FeatureSupportError':
      return new GpuFeatureMissingError(message, { feature: featureIn(message) });
    case 'DeviceLostError':
      return new GpuDeviceLostError(message);
    case 'ContextWindowSizeExceededError':
      return new ContextTooLongError(message);
    case 'ModelNotLoadedError':
      return new ModelNotLoadedError(message);
    case 'ModelNotFoundError':
      return new InvalidRequestError(`web-llm does not know this model: ${message}`);
    case 'MissingModelError':
      return new ModelFileNotFoundError(urlIn(message) ?? message);
    case 'IntegrityError':
      return new ModelFileCorruptError(message);
  }
  if (message.includes('Engine.unload() is called')) return new AbortedError('the load was stopped');
  if (/Unable to find a compatible GPU/.test(message))
    return new WebGpuUnavailableError('no GPU adapter was found', { engine: 'webllm' });
  if (/Cannot initialize runtime because of requested/.test(message))
    return new GpuLimitsTooLowError(message);
  const stored = /Failed to store (\S+) with error: (.*)$/s.exec(message);
  if (stored) {
    const [, url = '', cause = ''] = stored;
    // The server answered with an error status (web-llm drops the code); a TypeError is no answer at all.
    if (/Network response was not ok/.test(cause)) return new ModelFileNotFoundError(url);
    if (/QuotaExceeded/i.test(cause))
      return toHearthError(Object.assign(new Error(cause), { name: 'QuotaExceededError' }));
    return new NetworkError(`could not download ${url}: ${cause}`);
  }
  if (/expected magic word 00 61 73 6d/.test(message))
    return new ModelFileCorruptError(`the model library is not WebAssembly (${message})`);
  return toHearthError(error);
}

function urlIn(text: string): string | null {
  return /https?:\/\/\S+/.exec(text)?.[0] ?? null;
}

function featureIn(text: string): string {
  return /shader-f16|subgroups|[a-z0-9]+(?:-[a-z0-9]+)+/.exec(text)?.[0] ?? 'a WebGPU feature';
}
