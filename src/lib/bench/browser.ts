import { browserGpu, probeWebGPU } from '../device';
import { createInferenceEngine } from '../engine';
import { loadRequestFor, type ModelEntry } from '../models';
import { WEBLLM_MODEL_LIBRARIES } from '../settings/settings';
import { measureGpuBandwidth } from './gpu-bandwidth';
import { rawTarget } from './raw/raw-client';
import { deviceReport, runBenchmark } from './runner';
import { appTarget } from './targets';
import type { BenchConfig, BenchProgress, BenchRecord } from './types';

/** transformers.js keeps downloaded files in this Cache Storage bucket, keyed by URL. */
const MODEL_CACHE = 'transformers-cache';

/** Deletes one model's cached files (and nothing else) so its next load downloads it. */
async function evictModel(modelId: string): Promise<void> {
  if (typeof caches === 'undefined') return;
  const cache = await caches.open(MODEL_CACHE);
  for (const request of await cache.keys()) {
    if (new URL(request.url).pathname.includes(`/${modelId}/`)) await cache.delete(request);
  }
}

/** Runs a benchmark in this browser: Hearth's worker against a bare transformers.js worker, side by side. */
export async function benchmarkInBrowser(
  config: BenchConfig,
  model: ModelEntry,
  onProgress?: (progress: BenchProgress) => void,
): Promise<BenchRecord> {
  const probe = await probeWebGPU(browserGpu());
  const gpu = typeof navigator !== 'undefined' && 'gpu' in navigator ? navigator.gpu : undefined;
  const bandwidth = config.backend === 'webgpu' ? await measureGpuBandwidth(gpu).catch(() => null) : null;
  const engine = createInferenceEngine();
  const load = loadRequestFor(
    model,
    { modelHost: config.modelHost, modelLibraryUrl: config.modelLibraryUrl ?? WEBLLM_MODEL_LIBRARIES },
    config.backend,
  );
  try {
    return await runBenchmark(config, {
      app: appTarget(engine, load),
      raw: ({ backend, dtype }) =>
        rawTarget(
          model.engine === 'webllm'
            ? new Worker(new URL('../../../workers/raw-webllm-bench.worker.ts', import.meta.url), {
                type: 'module',
                name: 'hearth-raw-webllm-bench',
              })
            : new Worker(new URL('../../../workers/raw-bench.worker.ts', import.meta.url), {
                type: 'module',
                name: 'hearth-raw-bench',
              }),
          { ...load, backend, dtype },
          { backend, dtype, modelBytes: 0, contextWindow: model.contextWindow },
        ),
      evictModel: () => evictModel(model.repo),
      device: deviceReport(probe, navigator.userAgent),
      bandwidthBytesPerS: bandwidth?.bytesPerS ?? null,
      modelName: model.displayName,
      engine: model.engine,
      onProgress,
    });
  } finally {
    await engine.dispose();
  }
}
