/**
 * The page side of the inference worker: an Engine whose every call becomes a protocol request. No promise
 * can hang: each request has an inactivity timeout (reset by its progress and token messages), and a crashed
 * worker fails everything in flight and is replaced by a fresh one on the next call.
 */
import { AbortedError, deserializeError, ProtocolError, TimeoutError, WorkerCrashedError } from '../errors';
import {
  parseReply,
  PROTOCOL_VERSION,
  type RequestBody,
  type ResultByKind,
  type WorkerReply,
} from './protocol';
import type {
  Engine,
  GenerateCallbacks,
  GenerateRequest,
  GenerationResult,
  LoadProgress,
  LoadRequest,
  LoadResult,
  TokenEvent,
} from './types';

/** The slice of `Worker` the client needs, so tests can hand in a fake. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'error' | 'messageerror', listener: (event: Event) => void): void;
  terminate(): void;
}

export interface ClientTimeouts {
  /** Longest silence while a model downloads or initialises (progress messages reset it). */
  loadIdleMs: number;
  /** Longest silence while generating (each token resets it); covers a long prefill on a slow device. */
  generateIdleMs: number;
  /** Everything else (ping, abort, unload) answers at once. */
  controlMs: number;
}

export const DEFAULT_TIMEOUTS: ClientTimeouts = {
  loadIdleMs: 180_000,
  generateIdleMs: 180_000,
  controlMs: 15_000,
};

export interface WorkerEngineOptions {
  createWorker: () => WorkerLike;
  timeouts?: Partial<ClientTimeouts>;
  /** Told when the worker was replaced after a crash or a timeout: whatever it had loaded is gone. */
  onRestart?: (reason: Error) => void;
}

interface Pending {
  kind: keyof ResultByKind;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  onProgress?: ((progress: LoadProgress) => void) | undefined;
  onToken?: ((token: TokenEvent) => void) | undefined;
  idleMs: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

export class WorkerEngine implements Engine {
  readonly #createWorker: () => WorkerLike;
  readonly #timeouts: ClientTimeouts;
  readonly #onRestart: ((reason: Error) => void) | undefined;
  #worker: WorkerLike | null = null;
  #nextId = 1;
  #pending = new Map<number, Pending>();
  #generating: number | null = null;

  constructor({ createWorker, timeouts, onRestart }: WorkerEngineOptions) {
    this.#createWorker = createWorker;
    this.#timeouts = { ...DEFAULT_TIMEOUTS, ...timeouts };
    this.#onRestart = onRestart;
  }

  load(request: LoadRequest, onProgress?: (progress: LoadProgress) => void): Promise<LoadResult> {
    return this.#send({ kind: 'load', request }, this.#timeouts.loadIdleMs, { onProgress });
  }

  async generate(request: GenerateRequest, callbacks: GenerateCallbacks = {}): Promise<GenerationResult> {
    const { signal, onToken } = callbacks;
    if (signal?.aborted) throw new AbortedError('the generation was cancelled before it started');
    const promise = this.#send({ kind: 'generate', request }, this.#timeouts.generateIdleMs, { onToken });
    const id = this.#nextId - 1;
    this.#generating = id;
    const onAbort = (): void => this.abort();
    signal?.addEventListener('abort', onAbort);
    try {
      return await promise;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (this.#generating === id) this.#generating = null;
    }
  }

  abort(): void {
    if (this.#generating === null || !this.#worker) return;
    // The generate request itself resolves with finishReason 'aborted'; this reply only acknowledges.
    this.#send({ kind: 'abort' }, this.#timeouts.controlMs).catch(() => undefined);
  }

  async unload(): Promise<void> {
    if (!this.#worker) return;
    await this.#send({ kind: 'unload' }, this.#timeouts.controlMs);
  }

  ping(): Promise<ResultByKind['ping']> {
    return this.#send({ kind: 'ping' }, this.#timeouts.controlMs);
  }

  async dispose(): Promise<void> {
    this.#shutDown(new AbortedError('the engine was closed'));
  }

  #send<K extends keyof ResultByKind>(
    body: Extract<RequestBody, { kind: K }>,
    idleMs: number,
    listeners: Pick<Pending, 'onProgress' | 'onToken'> = {},
  ): Promise<ResultByKind[K]> {
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise<ResultByKind[K]>((resolve, reject) => {
      const pending: Pending = {
        kind: body.kind,
        resolve: (result) => resolve(result as ResultByKind[K]),
        reject,
        ...listeners,
        idleMs,
        timer: undefined,
      };
      this.#pending.set(id, pending);
      this.#armTimer(id, pending);
      try {
        worker.postMessage({ v: PROTOCOL_VERSION, id, ...body });
      } catch (error) {
        this.#settle(id);
        reject(new ProtocolError(`could not send the ${body.kind} request: ${String(error)}`));
      }
    });
  }

  #armTimer(id: number, pending: Pending): void {
    clearTimeout(pending.timer);
    pending.timer = setTimeout(() => {
      const seconds = Math.round(pending.idleMs / 1000);
      const error = new TimeoutError(`no answer to ${pending.kind} for ${seconds} s`, { seconds });
      this.#settle(id);
      pending.reject(error);
      // A worker that stopped answering is in an unknown state: replace it.
      this.#restart(error);
    }, pending.idleMs);
  }

  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    if (pending) clearTimeout(pending.timer);
    this.#pending.delete(id);
    return pending;
  }

  #ensureWorker(): WorkerLike {
    if (this.#worker) return this.#worker;
    const worker = this.#createWorker();
    worker.addEventListener('message', (event) => {
      if (this.#worker === worker) this.#receive(event.data);
    });
    worker.addEventListener('error', (event) => {
      if (this.#worker !== worker) return;
      const message =
        event instanceof ErrorEvent && event.message
          ? event.message
          : 'the worker failed to start or crashed';
      this.#restart(new WorkerCrashedError(message));
    });
    worker.addEventListener('messageerror', () => {
      if (this.#worker === worker)
        this.#restart(new WorkerCrashedError('a message from the worker could not be read'));
    });
    this.#worker = worker;
    return worker;
  }

  #receive(data: unknown): void {
    const reply: WorkerReply | null = parseReply(data);
    if (!reply) return;
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    switch (reply.kind) {
      case 'progress':
        this.#armTimer(reply.id, pending);
        pending.onProgress?.(reply.progress);
        return;
      case 'tokens':
        this.#armTimer(reply.id, pending);
        for (const token of reply.tokens) pending.onToken?.(token);
        return;
      case 'result':
        this.#settle(reply.id);
        pending.resolve(reply.result);
        return;
      case 'error':
        this.#settle(reply.id);
        pending.reject(deserializeError(reply.error));
        return;
    }
  }

  #shutDown(reason: Error): void {
    const worker = this.#worker;
    this.#worker = null;
    this.#generating = null;
    worker?.terminate();
    for (const [id, pending] of [...this.#pending]) {
      this.#settle(id);
      pending.reject(reason);
    }
  }

  #restart(reason: Error): void {
    this.#shutDown(reason);
    this.#onRestart?.(reason);
  }
}
