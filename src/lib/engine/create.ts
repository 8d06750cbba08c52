import { WorkerEngine, type WorkerEngineOptions } from './client';

/** The app's engine: a proxy to the inference worker, which Vite bundles as its own chunk. */
export function createInferenceEngine(options: Omit<WorkerEngineOptions, 'createWorker'> = {}): WorkerEngine {
  return new WorkerEngine({
    ...options,
    createWorker: () =>
      new Worker(new URL('../../../workers/inference.worker.ts', import.meta.url), {
        type: 'module',
        name: 'hearth-inference',
      }),
  });
}
