/**
 * How many WebAssembly threads ONNX Runtime gets. Safe on the main thread (no engine library here), so the
 * Settings page can show the same number the worker uses.
 */

/**
 * The default stops at 4: decode of the small models Hearth runs is bound by memory bandwidth, so more
 * intra-op threads add little (ONNX Runtime's own default stops at 4 too), while each thread is one more
 * Web Worker spinning on a core that the page, the inference worker and the rest of the device also need.
 */
export const MAX_DEFAULT_THREADS = 4;
/** What a load request or `npm run bench -- --threads N` may ask for, to measure beyond the default. */
export const MAX_REQUESTED_THREADS = 64;

/**
 * Threads need SharedArrayBuffer, which only a cross-origin-isolated context has (COOP + COEP headers);
 * without it ONNX Runtime would warn and fall back to 1, so 1 is said up front.
 */
export function wasmThreads(
  crossOriginIsolated: boolean,
  cores: number | undefined,
  requested?: number,
): number {
  if (!crossOriginIsolated) return 1;
  if (requested !== undefined) return Math.max(1, Math.min(MAX_REQUESTED_THREADS, Math.floor(requested)));
  const available = cores !== undefined && Number.isFinite(cores) && cores >= 1 ? Math.floor(cores) : 1;
  return Math.min(available, MAX_DEFAULT_THREADS);
}
