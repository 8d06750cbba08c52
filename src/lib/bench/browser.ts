import { openModelCache } from '../cache/open';
import { ModelStore } from '../cache/store';
import { browserGpu, probeWebGPU } from '../device';
import { createInferenceEngine } from '../engine';
import { loadRequestFor, type ModelEntry } from '../models';
import { WEBLLM_MODEL_LIBRARIES } from '../settings/settings';
import { measureGpuBandwidth } from './gpu-bandwidth';
import { rawTarget } from './raw/raw-client';
import { deviceReport, runBenchmark } from './runner';
import { appTarget } from './targets';
import type { BenchConfig, BenchProgress, BenchRecord } from './types';

/**
 * Deletes one model's stored files (and nothing else) so its next load downloads it. transformers.js keeps
 * what it fetches in Hearth's weight cache, under the repository's id.
 */
async function evictModel(repo: string): Promise<void> {
  const database = await openModelCache();
  try {
    await new ModelStore(async () => database).deleteModel(repo);
  } finally {
    database.close();
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
      app: appTarget(engine, {
        ...load,
        ...(config.threads !== undefined ? { threads: config.threads } : {}),
      }),
      raw: ({ backend, dtype, threads }) =>
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
          { ...load, backend, dtype, threads },
          { backend, dtype, modelBytes: 0, contextWindow: model.contextWindow },
        ),
      evictModel: () => evictModel(model.repo),
      device: deviceReport(probe, navigator.userAgent),
      crossOriginIsolated: self.crossOriginIsolated,
      bandwidthBytesPerS: bandwidth?.bytesPerS ?? null,
      modelName: model.displayName,
      engine: model.engine,
      onProgress,
    });
  } finally {
    await engine.dispose();
  }
}
