/**
 * The worker's brain, free of any worker globals so unit tests can drive it directly: it receives raw
 * messages, checks them, runs them on the current engine and posts exactly one final reply per request.
 */
import { EngineBusyError, ModelNotLoadedError, UnsupportedEngineError } from '../../errors';
import {
  parseRequest,
  PROTOCOL_VERSION,
  type ResultByKind,
  type WorkerReply,
  type WorkerRequest,
} from '../protocol';
import type { Engine, EngineKind, TokenEvent } from '../types';
import { validateGenerateRequest, validateLoadRequest } from '../validate';
import { answerRequest } from '../../worker-reply';

export interface HandlerOptions {
  /** Creates the engine for a kind (its library may be imported on demand); undefined when there is none. */
  createEngine: (kind: EngineKind) => Engine | undefined | Promise<Engine | undefined>;
  post: (reply: WorkerReply) => void;
  /** Tokens closer together than this travel in one message (a frame: the page cannot show them faster). */
  tokenBatchMs?: number;
  now?: () => number;
}

export interface RequestHandler {
  handle(data: unknown): Promise<void>;
}

export function createRequestHandler({
  createEngine,
  post,
  tokenBatchMs = 16,
  now = () => performance.now(),
}: HandlerOptions): RequestHandler {
  let current: { kind: EngineKind; engine: Engine } | null = null;
  /** The load or generate in flight; only one runs at a time. */
  let busyWith: 'load' | 'generate' | null = null;

  function reply<K extends keyof ResultByKind>(id: number, _kind: K, result: ResultByKind[K]): void {
    post({ v: PROTOCOL_VERSION, id, kind: 'result', result });
  }

  async function engineFor(kind: EngineKind): Promise<Engine> {
    if (current?.kind === kind) return current.engine;
    const engine = await createEngine(kind);
    if (!engine) throw new UnsupportedEngineError(`The "${kind}" engine is not available in this build.`);
    if (current) await current.engine.dispose();
    current = { kind, engine };
    return engine;
  }

  async function run(request: WorkerRequest): Promise<void> {
    switch (request.kind) {
      case 'ping':
        reply(request.id, 'ping', { pong: true, version: PROTOCOL_VERSION });
        return;
      case 'abort': {
        const wasGenerating = busyWith === 'generate';
        current?.engine.abort();
        reply(request.id, 'abort', { aborted: wasGenerating });
        return;
      }
      case 'unload': {
        if (busyWith === 'generate') current?.engine.abort();
        const had = current !== null;
        await current?.engine.unload();
        reply(request.id, 'unload', { unloaded: had });
        return;
      }
      case 'load': {
        const load = validateLoadRequest(request.request);
        if (busyWith) throw new EngineBusyError(`cannot load while a ${busyWith} is running`);
        busyWith = 'load';
        // Progress may still trickle in after the load settled (parallel downloads); the final reply is last.
        let open = true;
        try {
          const engine = await engineFor(load.engine);
          const result = await engine.load(load, (progress) => {
            if (open) post({ v: PROTOCOL_VERSION, id: request.id, kind: 'progress', progress });
          });
          reply(request.id, 'load', result);
        } finally {
          open = false;
          busyWith = null;
        }
        return;
      }
      case 'generate': {
        const generate = validateGenerateRequest(request.request);
        if (busyWith) throw new EngineBusyError(`cannot generate while a ${busyWith} is running`);
        if (!current) throw new ModelNotLoadedError('generate was asked before any model was loaded');
        busyWith = 'generate';
        const batch = new TokenBatch(tokenBatchMs, now, (tokens) =>
          post({ v: PROTOCOL_VERSION, id: request.id, kind: 'tokens', tokens }),
        );
        try {
          const result = await current.engine.generate(generate, { onToken: (token) => batch.add(token) });
          batch.close();
          reply(request.id, 'generate', result);
        } finally {
          // Tokens before a failure still go out before the error; any reported later are dropped.
          batch.close();
          busyWith = null;
        }
        return;
      }
    }
  }

  return {
    async handle(data) {
      await answerRequest(parseRequest(data), run, (id, error) =>
        post({ v: PROTOCOL_VERSION, id, kind: 'error', error }),
      );
    },
  };
}

/**
 * Collects tokens and sends them at most once per window: the first token at once (time to first token
 * stays true), later ones when the window has passed or a timer fires. A model slower than one token per
 * window still sends every token on its own.
 */
class TokenBatch {
  #pending: TokenEvent[] = [];
  #lastSent = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly send: (tokens: TokenEvent[]) => void,
  ) {}

  add(token: TokenEvent): void {
    if (this.#closed) return;
    this.#pending.push(token);
    if (this.now() - this.#lastSent >= this.windowMs) this.#flush();
    else this.#timer ??= setTimeout(() => this.#flush(), this.windowMs);
  }

  /** Sends what is pending and accepts nothing more. */
  close(): void {
    if (this.#closed) return;
    this.#flush();
    this.#closed = true;
  }

  #flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#pending.length === 0 || this.#closed) return;
    const tokens = this.#pending;
    this.#pending = [];
    this.#lastSent = this.now();
    this.send(tokens);
  }
}
