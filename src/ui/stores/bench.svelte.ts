import {
  BenchRepository,
  benchmarkInBrowser,
  deviceKey,
  deviceReport,
  exportFileName,
  toCsv,
  toJson,
} from '../../lib/bench';
import type { BenchProgress, BenchRecord } from '../../lib/bench';
import type { DatabaseSource } from '../../lib/db';
import type { GpuProbe } from '../../lib/device';
import type { Backend } from '../../lib/engine';
import { userMessageFor } from '../../lib/errors';
import { modelHostFor, type ModelEntry } from '../../lib/models';

export interface BenchPlan {
  models: ModelEntry[];
  backends: Backend[];
  runs: number;
  promptTokens: number[];
  maxNewTokens: number;
  measureColdLoad: boolean;
}

/** Benchmark history (IndexedDB) and the run in progress. */
export class BenchStore {
  history = $state<BenchRecord[]>([]);
  running = $state(false);
  progress = $state<(BenchProgress & { of: string }) | null>(null);
  error = $state<string | null>(null);
  #repository: Promise<BenchRepository>;

  constructor(
    private readonly mirrorUrl: () => string,
    db: DatabaseSource,
  ) {
    this.#repository = Promise.resolve(new BenchRepository(db));
    void this.#repository
      .then((repository) => repository.list())
      .then((records) => (this.history = records))
      .catch((error: unknown) => (this.error = `Saved results could not be read: ${userMessageFor(error)}`));
  }

  /** Results measured on this browser and adapter: comparisons never mix devices silently. */
  forDevice(probe: GpuProbe): BenchRecord[] {
    const key = deviceKey(deviceReport(probe, navigator.userAgent));
    return this.history.filter((record) => deviceKey(record.device) === key);
  }

  async run(plan: BenchPlan): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.error = null;
    const jobs = plan.models.flatMap((model) => plan.backends.map((backend) => ({ model, backend })));
    try {
      for (const [index, { model, backend }] of jobs.entries()) {
        const of = `${model.displayName} on ${backend === 'webgpu' ? 'WebGPU' : 'WebAssembly'} (${index + 1} of ${jobs.length})`;
        this.progress = { step: 0, steps: 1, label: 'Starting', of };
        const record = await benchmarkInBrowser(
          {
            modelId: model.id,
            modelHost: modelHostFor(model, this.mirrorUrl(), window.location.origin),
            backend,
            runs: plan.runs,
            promptTokens: plan.promptTokens,
            maxNewTokens: plan.maxNewTokens,
            warmupRuns: 1,
            measureColdLoad: plan.measureColdLoad,
          },
          model,
          (progress) => (this.progress = { ...progress, of }),
        );
        this.history.push(record);
        await (await this.#repository).add(record);
      }
    } catch (error) {
      this.error = `The benchmark stopped: ${userMessageFor(error)}`;
    } finally {
      this.running = false;
      this.progress = null;
    }
  }

  async remove(id: string): Promise<void> {
    await (await this.#repository).delete(id);
    this.history = this.history.filter((record) => record.id !== id);
  }

  download(records: readonly BenchRecord[], format: 'json' | 'csv'): void {
    const body = format === 'json' ? toJson(records) : toCsv(records);
    const blob = new Blob([body], { type: format === 'json' ? 'application/json' : 'text/csv' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = exportFileName(format);
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
}
