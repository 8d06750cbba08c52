import { formatBytes, type GpuProbe } from '../device';
import type { Backend } from '../engine/types';
import type { ModelEntry } from './types';

/** What this device can tell a web page about itself. */
export interface DeviceProfile {
  gpu: GpuProbe;
  /**
   * `navigator.deviceMemory` in GB, rounded to a power of two (older Chrome capped it at 8, so 8 may mean
   * more); undefined where the browser does not report it.
   */
  memoryGB: number | undefined;
  /** `navigator.storage.estimate()` in bytes; undefined where the browser has none. */
  storage: { quota: number; usage: number } | undefined;
}

export type Verdict = 'runs-well' | 'may-be-slow' | 'wont-fit';

export interface Judgement {
  verdict: Verdict;
  /** One sentence for people: why this verdict, on this device. */
  reason: string;
  /** Where the model would run; null when it cannot run here. */
  backend: Backend | null;
}

/*
 * The rules. WebGPU does not say how much memory a GPU has, so RAM stands in for it: phones and most laptops
 * share one memory between CPU and GPU, and the browser, the OS and other apps need their part of it.
 */
/** A model that needs at most this share of the reported RAM runs well. */
export const RUNS_WELL_SHARE = 0.5;
/** Up to this share it may still run (slowly, or until the OS reclaims memory); beyond it, it won't fit. */
export const TIGHT_SHARE = 0.75;
/** Safari and Firefox report no memory: assume a mid-range phone rather than promise too much. */
export const UNKNOWN_MEMORY_GB = 4;
/** Models this small (embeddings, the self-test) run well on the CPU too. */
export const SMALL_MODEL_PARAMETERS = 200_000_000;

/** How people know the engines: by the format of their builds. */
export const ENGINE_LABEL: Record<ModelEntry['engine'], string> = { webllm: 'web-llm', transformers: 'ONNX' };

const WASM_SLOWLY = 'runs on the CPU (WebAssembly), slowly';
const WASM_WELL = 'small enough to run well on the CPU (WebAssembly)';

/** Judges one catalog entry on this device. `catalog` is searched for another build to point to. */
export function judgeModel(
  entry: ModelEntry,
  device: DeviceProfile,
  catalog: readonly ModelEntry[] = [],
): Judgement {
  if (entry.builtIn) {
    const backend = device.gpu.kind === 'available' ? 'webgpu' : 'wasm';
    return { verdict: 'runs-well', reason: 'built into Hearth: runs on any device', backend };
  }
  const storage = storageShortfall(entry, device.storage);
  if (storage) return cannot(storage);

  const gpu = device.gpu;
  const gpuProblem = gpu.kind === 'available' ? gpuShortfall(entry, gpu) : 'no WebGPU';
  if (gpuProblem === null) return assess(entry, device, 'webgpu');

  // A transformers.js build without half-precision weights falls back to the CPU; web-llm cannot.
  if (entry.engine === 'transformers' && !entry.requiredFeatures.includes('shader-f16')) {
    return assess(entry, device, 'wasm', gpuProblem);
  }
  const why =
    gpu.kind === 'unavailable'
      ? entry.engine === 'webllm'
        ? 'needs WebGPU, which is missing here (web-llm runs only on the GPU)'
        : 'needs WebGPU with shader-f16, which is missing here'
      : gpuProblem;
  return cannot(why + alternativeHint(entry, device, catalog));
}

/** Every entry of the catalog, judged. */
export function judgeCatalog(
  device: DeviceProfile,
  catalog: readonly ModelEntry[],
): { entry: ModelEntry; judgement: Judgement }[] {
  return catalog.map((entry) => ({ entry, judgement: judgeModel(entry, device, catalog) }));
}

function cannot(reason: string): Judgement {
  return { verdict: 'wont-fit', reason, backend: null };
}

function storageShortfall(entry: ModelEntry, storage: DeviceProfile['storage']): string | null {
  if (!storage) return null;
  const free = Math.max(0, storage.quota - storage.usage);
  return entry.downloadBytes > free
    ? `needs ${formatBytes(entry.downloadBytes)} of storage; this site has ${formatBytes(free)} left`
    : null;
}

/** Why this GPU cannot hold this build, or null when it can. */
function gpuShortfall(entry: ModelEntry, gpu: Extract<GpuProbe, { kind: 'available' }>): string | null {
  const missing = entry.requiredFeatures.filter((feature) => !gpu.features.includes(feature));
  if (missing.length > 0) return `needs ${missing.join(' and ')}, which this GPU lacks`;
  // Each weight tensor is one GPU buffer, bound whole to a shader.
  const limit = Math.min(gpu.limits.maxBufferSize, gpu.limits.maxStorageBufferBindingSize);
  if (entry.largestTensorBytes !== undefined && entry.largestTensorBytes > limit) {
    return `its largest weight (${formatBytes(entry.largestTensorBytes)}) is bigger than this GPU's ${formatBytes(limit)} buffer limit`;
  }
  return null;
}

/** Memory, then speed, for a build that can run on `backend`; `why` says why it is not on the GPU. */
function assess(entry: ModelEntry, device: DeviceProfile, backend: Backend, why?: string): Judgement {
  const haveMB = (device.memoryGB ?? UNKNOWN_MEMORY_GB) * 1024;
  const amount = `about ${formatBytes(entry.vramMB * 1e6)} of ${backend === 'webgpu' ? 'GPU memory' : 'memory'}`;
  const ram = ramPhrases(device.memoryGB);
  const prefix = why ? `${why}: ` : '';
  if (entry.vramMB > haveMB * TIGHT_SHARE) return cannot(`${prefix}needs ${amount}; ${ram.reported}`);

  const small = entry.parameters <= SMALL_MODEL_PARAMETERS;
  const slow: string[] = [];
  if (backend === 'wasm' && !small) slow.push(`${why ?? 'no WebGPU'}: ${WASM_SLOWLY}`);
  if (backend === 'webgpu' && !small && isSoftwareGpu(device.gpu)) {
    slow.push('this GPU is emulated in software (SwiftShader or similar): it runs, but slowly');
  }
  if (entry.vramMB > haveMB * RUNS_WELL_SHARE) {
    slow.push(`needs ${amount}, more than half of ${ram.total}: it may be slow or run out of memory`);
  }
  if (slow.length > 0) return { verdict: 'may-be-slow', reason: slow.join('; '), backend };

  const reason =
    backend === 'wasm' ? `${why ?? 'no WebGPU'}: ${WASM_WELL}` : `fits this GPU: ${amount} of ${ram.total}`;
  return { verdict: 'runs-well', reason, backend };
}

/** How the reported RAM reads in a sentence. */
function ramPhrases(memoryGB: number | undefined): { reported: string; total: string } {
  if (memoryGB === undefined) {
    return {
      reported: `this browser does not report its RAM (Hearth assumes ${UNKNOWN_MEMORY_GB} GB)`,
      total: `the ${UNKNOWN_MEMORY_GB} GB of RAM Hearth assumes (this browser does not report it)`,
    };
  }
  const label = `${memoryGB} GB`;
  return {
    reported: `this device reports ${label} of RAM`,
    total: `the ${label} of RAM this device reports`,
  };
}

/** SwiftShader and other CPU-backed adapters: WebGPU works, at CPU speed. */
function isSoftwareGpu(gpu: GpuProbe): boolean {
  if (gpu.kind !== 'available') return false;
  // Chrome's SwiftShader adapter is not always flagged as a fallback adapter, so its name counts too.
  const { isFallbackAdapter, architecture, description } = gpu.adapter;
  return isFallbackAdapter || /swiftshader/i.test(`${architecture} ${description}`);
}

/** " — the q4f32 build runs here" when another build of the same model can run on this device. */
function alternativeHint(entry: ModelEntry, device: DeviceProfile, catalog: readonly ModelEntry[]): string {
  const siblings = catalog.filter(
    (other) => other.id !== entry.id && other.baseModel !== undefined && other.baseModel === entry.baseModel,
  );
  // Same engine first: the closest thing to what the person picked.
  siblings.sort((a, b) => Number(b.engine === entry.engine) - Number(a.engine === entry.engine));
  // Judged without a catalog, so a sibling never points back here.
  const runnable = siblings.find((other) => judgeModel(other, device).verdict !== 'wont-fit');
  if (!runnable) return '';
  const quantization = runnable.quantization.replace(/_\d+$/, '');
  const name =
    runnable.engine === entry.engine ? quantization : `${ENGINE_LABEL[runnable.engine]} ${quantization}`;
  return ` — the ${name} build runs here`;
}
