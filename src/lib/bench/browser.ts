import { browserGpu, probeWebGPU } from '../device';
import { createInferenceEngine } from '../engine';
import type { ModelEntry } from '../models';
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
  const load = { modelId: model.id, modelHost: config.modelHost, revision: model.revision };
  try {
    return await runBenchmark(config, {
      app: appTarget(engine, {
        ...load,
        engine: model.engine,
        backend: config.backend,
        dtypes: model.dtypes,
        ...(config.threads !== undefined ? { threads: config.threads } : {}),
      }),
      raw: ({ backend, dtype, threads }) =>
        rawTarget(
          new Worker(new URL('../../../workers/raw-bench.worker.ts', import.meta.url), {
            type: 'module',
            name: 'hearth-raw-bench',
          }),
          { ...load, backend, dtype, threads },
          { backend, dtype, modelBytes: 0, contextWindow: model.contextWindow },
        ),
      evictModel: () => evictModel(model.id),
      device: deviceReport(probe, navigator.userAgent),
      crossOriginIsolated: self.crossOriginIsolated,
      bandwidthBytesPerS: bandwidth?.bytesPerS ?? null,
      modelName: model.displayName,
      onProgress,
    });
  } finally {
    await engine.dispose();
  }
}
