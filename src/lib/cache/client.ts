/**
 * The page side of the download worker. No promise can hang: a download that reports nothing for a while
 * fails (the worker is replaced), and a crashed worker fails everything in flight.
 */
import { deserializeError, TimeoutError, WorkerCrashedError } from '../errors';
import type { DownloadModelRequest, ModelProgress } from './model-download';
import { DOWNLOAD_PROTOCOL_VERSION, parseDownloadReply, type DownloadResults } from './protocol';
import type { ModelManifest } from './schema';

export interface DownloadWorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (event: Event) => void): void;
  terminate(): void;
}

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  onProgress?: (progress: ModelProgress) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  idleMs: number;
}

/** Longer than the downloader's own stall limit (60 s), so that one speaks first. */
const DOWNLOAD_IDLE_MS = 120_000;
const CONTROL_MS = 15_000;

export class DownloadClient {
  #worker: DownloadWorkerLike | null = null;
  #nextId = 1;
  #pending = new Map<number, Pending>();

  constructor(private readonly createWorker: () => DownloadWorkerLike) {}

  download(
    request: DownloadModelRequest,
    onProgress?: (progress: ModelProgress) => void,
  ): Promise<ModelManifest> {
    return this.#send<'download'>({ kind: 'download', request }, DOWNLOAD_IDLE_MS, onProgress);
  }

  pause(modelId: string): Promise<DownloadResults['pause']> {
    return this.#send<'pause'>({ kind: 'pause', modelId }, CONTROL_MS);
  }

  delete(modelId: string): Promise<DownloadResults['delete']> {
    return this.#send<'delete'>({ kind: 'delete', modelId }, DOWNLOAD_IDLE_MS);
  }

  #send<K extends keyof DownloadResults>(
    body: { kind: K } & Record<string, unknown>,
    idleMs: number,
    onProgress?: (progress: ModelProgress) => void,
  ): Promise<DownloadResults[K]> {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise<DownloadResults[K]>((resolve, reject) => {
      const pending: Pending = {
        // The reply's kind was checked against the request it answers.
        resolve: (result) => resolve(result as DownloadResults[K]),
        reject,
        ...(onProgress ? { onProgress } : {}),
        timer: undefined,
        idleMs,
      };
      this.#pending.set(id, pending);
      this.#arm(id, pending);
      worker.postMessage({ v: DOWNLOAD_PROTOCOL_VERSION, id, ...body });
    });
  }

  #arm(id: number, pending: Pending): void {
    clearTimeout(pending.timer);
    pending.timer = setTimeout(() => {
      this.#pending.delete(id);
      pending.reject(
        new TimeoutError(`the download worker said nothing for ${Math.round(pending.idleMs / 1000)} s`),
      );
      this.#restart(new WorkerCrashedError('the download worker stopped answering'));
    }, pending.idleMs);
  }

  #ensureWorker(): DownloadWorkerLike {
    if (this.#worker) return this.#worker;
    const worker = this.createWorker();
    worker.addEventListener('message', (event) => {
      if (this.#worker !== worker) return;
      const reply = parseDownloadReply(event.data);
      const pending = reply ? this.#pending.get(reply.id) : undefined;
      if (!reply || !pending) return;
      if (reply.kind === 'progress') {
        this.#arm(reply.id, pending);
        pending.onProgress?.(reply.progress);
        return;
      }
      clearTimeout(pending.timer);
      this.#pending.delete(reply.id);
      if (reply.kind === 'result') pending.resolve(reply.result);
      else pending.reject(deserializeError(reply.error));
    });
    worker.addEventListener('error', (event) => {
      if (this.#worker !== worker) return;
      const message =
        event instanceof ErrorEvent && event.message ? event.message : 'the download worker crashed';
      this.#restart(new WorkerCrashedError(message));
    });
    this.#worker = worker;
    return worker;
  }

  #restart(reason: Error): void {
    const worker = this.#worker;
    this.#worker = null;
    worker?.terminate();
    for (const [id, pending] of [...this.#pending]) {
      clearTimeout(pending.timer);
      this.#pending.delete(id);
      pending.reject(reason);
    }
  }
}
