/**
 * Downloading a whole model: its index files first, then what they name, one file after another, with
 * progress in bytes, speed and time left over the whole model. web-llm's files move into web-llm's own
 * database as each one is verified, so every model is stored exactly once.
 */
import type { Backend } from '../engine/types';
import {
  AbortedError,
  ModelFileCorruptError,
  ModelFileNotFoundError,
  StorageFullError,
  toHearthError,
} from '../errors';
import type { ModelEntry } from '../models/types';
import { downloadFile } from './download';
import {
  baseUrlOf,
  indexFiles,
  transformersWeights,
  webllmFiles,
  type ModelLocation,
  type PlannedFile,
} from './plan';
import type { ModelManifest, StoredFile } from './schema';
import { emptyFileRecord, type ModelStore } from './store';
import { deleteWebLlmRecords, putWebLlmRecord } from './webllm-records';

export interface ModelProgress {
  modelId: string;
  phase: 'downloading' | 'verifying' | 'complete';
  loadedBytes: number;
  totalBytes: number;
  /** Bytes per second over the last few seconds; 0 until measured. */
  bytesPerS: number;
  /** Seconds left at that speed; null while unknown. */
  etaS: number | null;
  file: string;
}

export interface DownloadModelDeps {
  store: ModelStore;
  fetch: (input: string, init: RequestInit) => Promise<Response>;
  /** Free space as the browser reports it; null where it cannot tell. */
  freeBytes?: () => Promise<number | null>;
  /** web-llm's database, for its finished files (a fake in unit tests). */
  webllm?: {
    put: (
      database: NonNullable<PlannedFile['webllm']>['database'],
      url: string,
      data: unknown,
    ) => Promise<void>;
    remove: (urls: readonly string[]) => Promise<void>;
  };
  now?: () => number;
}

export interface DownloadModelRequest {
  entry: ModelEntry;
  modelHost: string;
  /** web-llm only. */
  modelLibUrl?: string;
  /** The device the weights are for: transformers.js picks the format by backend and shader-f16. */
  device: { backend: Backend; shaderF16: boolean };
}

const realWebLlm: NonNullable<DownloadModelDeps['webllm']> = {
  put: putWebLlmRecord,
  remove: deleteWebLlmRecords,
};

/** Resolves with the complete manifest; rejects with AbortedError on pause, else with what went wrong. */
export async function downloadModel(
  request: DownloadModelRequest,
  deps: DownloadModelDeps,
  signal: AbortSignal,
  onProgress: (progress: ModelProgress) => void = () => undefined,
): Promise<ModelManifest> {
  const { entry } = request;
  const { store } = deps;
  const now = deps.now ?? (() => performance.now());
  const webllm = deps.webllm ?? realWebLlm;
  const location: ModelLocation = {
    baseUrl: baseUrlOf(entry, request.modelHost),
    ...(request.modelLibUrl ? { modelLibUrl: request.modelLibUrl } : {}),
  };
  const created = Date.now();
  let manifest: ModelManifest = (await store.manifest(entry.id)) ?? {
    modelId: entry.id,
    engine: entry.engine,
    files: [],
    state: 'downloading',
    totalBytes: entry.downloadBytes,
    createdAt: created,
    updatedAt: created,
  };
  const save = async (patch: Partial<ModelManifest>): Promise<void> => {
    manifest = { ...manifest, ...patch };
    await store.putManifest(manifest);
  };

  const meter = new ProgressMeter(entry, now, onProgress);
  try {
    await save({ state: 'downloading', files: manifest.files });
    delete manifest.problem;
    await ensureRoom(entry, store, deps.freeBytes);

    const index = indexFiles(entry, location);
    const present: PlannedFile[] = [];
    for (const file of index) if (await fetchOne(file, false)) present.push(file);
    const rest =
      entry.engine === 'webllm'
        ? webllmFiles(
            location,
            await readJson(store, index[0]?.url ?? ''),
            await readJson(store, index[1]?.url ?? ''),
          )
        : transformersWeights(entry, location, await readJson(store, index[0]?.url ?? ''), request.device);
    const plan = [...present, ...rest];
    meter.plan(await Promise.all(plan.map(async (file) => sizeOf(await store.file(file.url), file))));
    await save({ files: plan.map((file) => file.url) });
    for (const file of rest) await fetchOne(file, true);
    // web-llm's index files were needed above to plan; they move over last.
    for (const file of present) await handOver(file);

    meter.finish();
    const files = await Promise.all(plan.map((file) => store.file(file.url)));
    const totalBytes = files.reduce((sum, file) => sum + (file?.size ?? 0), 0);
    await save({ state: 'complete', totalBytes });
    return manifest;
  } catch (error) {
    const hearth = toHearthError(error);
    if (hearth instanceof AbortedError) await save({ state: 'paused' }).catch(() => undefined);
    else
      await save({
        state: hearth instanceof ModelFileCorruptError ? 'damaged' : 'paused',
        problem: hearth.userMessage(),
      }).catch(() => undefined);
    throw hearth;
  }

  /** Downloads one file (unless it is complete); false when an optional file does not exist. */
  async function fetchOne(file: PlannedFile, handOverNow: boolean): Promise<boolean> {
    const existing = await store.file(file.url);
    if (!existing) await store.putFile(newRecord(entry.id, file));
    meter.start(file, existing);
    try {
      await downloadFile({
        store,
        url: file.url,
        fetch: deps.fetch,
        signal,
        onBytes: (bytes) => meter.add(bytes),
        onSize: (size) => meter.sized(file.url, size),
        onRestart: () => meter.restart(file.url),
      });
    } catch (error) {
      if (file.optional && error instanceof ModelFileNotFoundError) {
        await store.resetFile(file.url);
        return false;
      }
      throw error;
    }
    if (handOverNow) await handOver(file);
    return true;
  }

  /** A verified web-llm file becomes web-llm's record, and Hearth's chunks of it are dropped. */
  async function handOver(file: PlannedFile): Promise<void> {
    if (!file.webllm) return;
    const stored = await store.file(file.url);
    if (!stored || stored.handedTo === 'webllm') return;
    meter.verifying(file);
    const bytes = await readBytes(store, file.url);
    const data = file.webllm.as === 'json' ? parseJson(bytes, file.url) : bytes.buffer;
    await webllm.put(file.webllm.database, file.url, data);
    await store.handOver(file.url);
  }
}

/** Deletes everything of a model: Hearth's chunks and records, and web-llm's records of its files. */
export async function deleteModelFiles(
  modelId: string,
  deps: Pick<DownloadModelDeps, 'store' | 'webllm'>,
): Promise<void> {
  const urls = (await deps.store.files(modelId)).map((file) => file.url);
  const manifest = await deps.store.manifest(modelId);
  if (manifest?.engine === 'webllm' || urls.length > 0)
    await (deps.webllm ?? realWebLlm).remove([...new Set([...urls, ...(manifest?.files ?? [])])]);
  await deps.store.deleteModel(modelId);
}

function newRecord(modelId: string, file: PlannedFile): StoredFile {
  return emptyFileRecord({ url: file.url, modelId, path: file.path });
}

function sizeOf(
  stored: StoredFile | undefined,
  file: PlannedFile,
): { url: string; size: number | null; done: number } {
  const size = stored?.size ?? file.expectedBytes ?? null;
  const done = stored?.handedTo ? (size ?? 0) : (stored?.storedBytes ?? 0);
  return { url: file.url, size, done };
}

/** Refuses, before a byte is fetched, a model that cannot fit in the space the browser grants. */
async function ensureRoom(
  entry: ModelEntry,
  store: ModelStore,
  freeBytes: DownloadModelDeps['freeBytes'],
): Promise<void> {
  const free = await freeBytes?.();
  if (free === null || free === undefined) return;
  const stored = (await store.files(entry.id)).reduce(
    (sum, file) => sum + (file.handedTo ? (file.size ?? 0) : file.storedBytes),
    0,
  );
  const needed = Math.max(0, entry.downloadBytes - stored);
  if (needed > free) {
    throw new StorageFullError(
      `${entry.displayName} needs ${formatBytes(needed)}; ${formatBytes(free)} is free`,
      {
        neededBytes: needed,
        freeBytes: free,
      },
    );
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(bytes >= 1e8 ? 0 : 1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}

async function readBytes(store: ModelStore, url: string): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of store.chunks(url)) {
    parts.push(chunk);
    length += chunk.byteLength;
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return bytes;
}

async function readJson(store: ModelStore, url: string): Promise<unknown> {
  return parseJson(await readBytes(store, url), url);
}

function parseJson(bytes: Uint8Array, url: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw new ModelFileCorruptError(`${url} is not valid JSON`, { url });
  }
}

/** Bytes done over bytes expected for the whole model, and the speed over a short window. */
class ProgressMeter {
  #sizes = new Map<string, number | null>();
  #done = new Map<string, number>();
  #file = '';
  #current = '';
  #samples: { at: number; bytes: number }[] = [];
  #lastSent = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly entry: ModelEntry,
    private readonly now: () => number,
    private readonly onProgress: (progress: ModelProgress) => void,
  ) {}

  plan(files: { url: string; size: number | null; done: number }[]): void {
    for (const file of files) {
      this.#sizes.set(file.url, file.size);
      this.#done.set(file.url, file.done);
    }
    this.#emit('downloading', true);
  }

  start(file: PlannedFile, existing: StoredFile | undefined): void {
    this.#file = file.path;
    this.#current = file.url;
    if (!this.#sizes.has(file.url)) this.#sizes.set(file.url, existing?.size ?? file.expectedBytes ?? null);
    this.#done.set(file.url, existing?.handedTo ? (existing.size ?? 0) : (existing?.storedBytes ?? 0));
    this.#emit('downloading', true);
  }

  sized(url: string, size: number): void {
    this.#sizes.set(url, size);
  }

  restart(url: string): void {
    this.#done.set(url, 0);
  }

  add(bytes: number): void {
    this.#done.set(this.#current, (this.#done.get(this.#current) ?? 0) + bytes);
    const at = this.now();
    this.#samples.push({ at, bytes });
    while (this.#samples.length > 1 && at - (this.#samples[0]?.at ?? at) > 5000) this.#samples.shift();
    this.#emit('downloading');
  }

  verifying(file: PlannedFile): void {
    this.#file = file.path;
    this.#emit('verifying', true);
  }

  finish(): void {
    this.#emit('complete', true);
  }

  #emit(phase: ModelProgress['phase'], force = false): void {
    const at = this.now();
    // A few updates a second are plenty for a bar; chunks can arrive far faster from a local mirror.
    if (!force && at - this.#lastSent < 200) return;
    this.#lastSent = at;
    const loadedBytes = [...this.#done.values()].reduce((a, b) => a + b, 0);
    const known = [...this.#sizes.values()];
    const knownTotal = known.reduce<number>((a, b) => a + (b ?? 0), 0);
    // Until every size is known, the catalog's figure is the better guess for the total.
    const totalBytes =
      known.some((size) => size === null) || known.length === 0
        ? Math.max(knownTotal, this.entry.downloadBytes)
        : knownTotal;
    const first = this.#samples[0];
    const span = first ? (at - first.at) / 1000 : 0;
    const windowBytes = this.#samples.reduce((a, b) => a + b.bytes, 0) - (first?.bytes ?? 0);
    const bytesPerS = span > 0.2 ? windowBytes / span : 0;
    const left = Math.max(0, totalBytes - loadedBytes);
    this.onProgress({
      modelId: this.entry.id,
      phase,
      loadedBytes: phase === 'complete' ? totalBytes : loadedBytes,
      totalBytes,
      bytesPerS,
      etaS: phase === 'complete' ? 0 : bytesPerS > 0 ? left / bytesPerS : null,
      file: this.#file,
    });
  }
}
