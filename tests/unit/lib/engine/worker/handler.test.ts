import { describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION, type WorkerReply } from '../../../../../src/lib/engine/protocol';
import type { Engine, EngineKind } from '../../../../../src/lib/engine/types';
import { createRequestHandler } from '../../../../../src/lib/engine/worker/handler';
import { GpuDeviceLostError, WebGpuUnavailableError } from '../../../../../src/lib/errors';
import {
  FakeEngine,
  flush,
  GENERATE_REQUEST,
  generationResult,
  LOAD_REQUEST,
  WEBLLM_LOAD_REQUEST,
  loadResult,
  progress,
} from '../fakes';

const v = PROTOCOL_VERSION;

function isFinal(reply: WorkerReply): boolean {
  return reply.kind === 'result' || reply.kind === 'error';
}

/**
 * Drives the handler the way the worker entry does: every message is handled without waiting for the
 * previous one. Records what was posted and checks the protocol's promises about it.
 */
class Harness {
  readonly posts: WorkerReply[] = [];
  readonly engines: FakeEngine[] = [];
  readonly createEngine = vi.fn((kind: EngineKind): Engine | undefined => this.makeEngine(kind));
  /** The handler's clock, moved by hand to test token batching. */
  clock = 0;
  readonly handler = createRequestHandler({
    createEngine: (kind) => this.createEngine(kind),
    post: (reply) => this.posts.push(reply),
    now: () => this.clock,
  });
  readonly #inFlight: Promise<void>[] = [];
  readonly #ids = new Set<number>();
  #nextId = 1;

  constructor(
    private readonly makeEngine: (kind: EngineKind) => Engine | undefined = () => this.newEngine(),
  ) {}

  newEngine(): FakeEngine {
    const engine = new FakeEngine();
    this.engines.push(engine);
    return engine;
  }

  get engine(): FakeEngine {
    const engine = this.engines.at(-1);
    if (!engine) throw new Error('no engine was created');
    return engine;
  }

  /** Sends a well-formed request; returns its id. */
  request(body: Record<string, unknown>): number {
    const id = this.#nextId++;
    this.raw({ v, id, ...body });
    return id;
  }

  /** Sends anything at all; ids found on it are expected to get an answer. */
  raw(data: unknown): void {
    if (typeof data === 'object' && data !== null && 'id' in data && Number.isInteger(data.id)) {
      this.#ids.add(Number(data.id));
    }
    this.#inFlight.push(this.handler.handle(data));
  }

  repliesFor(id: number): WorkerReply[] {
    return this.posts.filter((reply) => reply.id === id);
  }

  finalsFor(id: number): WorkerReply[] {
    return this.repliesFor(id).filter(isFinal);
  }

  finalFor(id: number): WorkerReply {
    const finals = this.finalsFor(id);
    expect(finals, `finals for request ${id}`).toHaveLength(1);
    const [final] = finals;
    if (!final) throw new Error('unreachable');
    return final;
  }

  /** Waits for every handle() call and checks the protocol's promises over everything posted. */
  async settle(): Promise<void> {
    await Promise.all(this.#inFlight);
    for (const reply of this.posts) {
      expect(reply.v).toBe(PROTOCOL_VERSION);
      expect(this.#ids.has(reply.id), `reply to unknown id ${reply.id}`).toBe(true);
    }
    for (const id of this.#ids) {
      const replies = this.repliesFor(id);
      expect(replies.filter(isFinal), `exactly one final reply for request ${id}`).toHaveLength(1);
      const last = replies.at(-1);
      expect(last !== undefined && isFinal(last), `request ${id}'s final reply comes last`).toBe(true);
    }
    // Replies cross postMessage, so they must survive a structured clone unchanged.
    expect(structuredClone(this.posts)).toEqual(this.posts);
  }
}

async function loaded(h: Harness): Promise<number> {
  const id = h.request({ kind: 'load', request: LOAD_REQUEST });
  await flush();
  h.engine.lastLoad?.result.resolve(loadResult());
  await flush();
  expect(h.finalFor(id).kind).toBe('result');
  return id;
}

describe('createRequestHandler', () => {
  describe('ping', () => {
    it('answers with pong and the protocol version, once', async () => {
      const h = new Harness();
      const id = h.request({ kind: 'ping' });
      await h.settle();
      expect(h.posts).toEqual([{ v, id, kind: 'result', result: { pong: true, version: PROTOCOL_VERSION } }]);
      expect(h.createEngine).not.toHaveBeenCalled();
    });

    it('answers at once while a load is still running', async () => {
      const h = new Harness();
      const load = h.request({ kind: 'load', request: LOAD_REQUEST });
      await flush();
      const ping = h.request({ kind: 'ping' });
      await flush();
      expect(h.finalFor(ping).kind).toBe('result');
      expect(h.finalsFor(load)).toEqual([]);
      h.engine.lastLoad?.result.resolve(loadResult());
      await h.settle();
    });
  });

  describe('load', () => {
    it('forwards progress with the request id before the one final result', async () => {
      const h = new Harness();
      const id = h.request({ kind: 'load', request: LOAD_REQUEST });
      await flush();
      const pending = h.engine.lastLoad;
      expect(pending?.request).toEqual(LOAD_REQUEST);
      pending?.onProgress?.(progress(100));
      pending?.onProgress?.(progress(600));
      pending?.onProgress?.({ phase: 'initialise', fraction: 1, loadedBytes: 1000, totalBytes: 1000 });
      pending?.result.resolve(loadResult({ dtype: 'q4' }));
      await h.settle();

      expect(h.posts).toEqual([
        { v, id, kind: 'progress', progress: progress(100) },
        { v, id, kind: 'progress', progress: progress(600) },
        {
          v,
          id,
          kind: 'progress',
          progress: { phase: 'initialise', fraction: 1, loadedBytes: 1000, totalBytes: 1000 },
        },
        { v, id, kind: 'result', result: loadResult({ dtype: 'q4' }) },
      ]);
      expect(h.createEngine).toHaveBeenCalledExactlyOnceWith('transformers');
    });

    it('drops progress the engine reports after its load has settled', async () => {
      // transformers.js downloads files in parallel: when one fails the others may still report progress.
      const h = new Harness();
      const id = h.request({ kind: 'load', request: LOAD_REQUEST });
      await flush();
      const pending = h.engine.lastLoad;
      pending?.result.reject(new Error('Could not locate file: "http://x/y.onnx".'));
      await flush();
      pending?.onProgress?.(progress(900));
      await h.settle();
      expect(h.repliesFor(id).map((reply) => reply.kind)).toEqual(['error']);
    });

    it('serializes a missing model file as MODEL_FILE_NOT_FOUND with the URL in detail', async () => {
      const h = new Harness();
      const id = h.request({ kind: 'load', request: LOAD_REQUEST });
      await flush();
      const thrown = new Error('Could not locate file: "http://x/y.onnx".');
      thrown.name = 'ModelFileNotFoundError';
      h.engine.lastLoad?.onProgress?.(progress(10));
      h.engine.lastLoad?.result.reject(thrown);
      await h.settle();
      expect(h.finalFor(id)).toEqual({
        v,
        id,
        kind: 'error',
        error: {
          name: 'ModelFileNotFoundError',
          code: 'MODEL_FILE_NOT_FOUND',
          message: 'Model file not found: http://x/y.onnx',
          detail: { url: 'http://x/y.onnx' },
        },
      });
      expect(h.repliesFor(id).map((reply) => reply.kind)).toEqual(['progress', 'error']);
    });

    it('serializes a HearthError with its own code and name', async () => {
      const h = new Harness();
      const id = h.request({ kind: 'load', request: LOAD_REQUEST });
      await flush();
      h.engine.lastLoad?.result.reject(new WebGpuUnavailableError('no adapter'));
      await h.settle();
      expect(h.finalFor(id)).toEqual({
        v,
        id,
        kind: 'error',
        error: { name: 'WebGpuUnavailableError', code: 'WEBGPU_UNAVAILABLE', message: 'no adapter' },
      });
    });

    it('serializes a plain Error as UNKNOWN, keeping its message', async () => {
      const h = new Harness();
      const id = h.request({ kind: 'load', request: LOAD_REQUEST });
      await flush();
      h.engine.lastLoad?.result.reject(new Error('session creation failed'));
      await h.settle();
      expect(h.finalFor(id)).toEqual({
        v,
        id,
        kind: 'error',
        error: { name: 'UnknownError', code: 'UNKNOWN', message: 'session creation failed' },
      });
    });

    it('can load again after a load failed', async () => {
      const h = new Harness();
      const first = h.request({ kind: 'load', request: LOAD_REQUEST });
      await flush();
      h.engine.lastLoad?.result.reject(new Error('first try failed'));
      await flush();
      const second = h.request({ kind: 'load', request: LOAD_REQUEST });
      await flush();
      h.engine.lastLoad?.result.resolve(loadResult());
      await h.settle();
      expect(h.finalFor(first).kind).toBe('error');
      expect(h.finalFor(second).kind).toBe('result');
      expect(h.engine.loads).toHaveLength(2);
    });

    it('refuses a second load while one runs, and the first still finishes', async () => {
      const h = new Harness();
      const first = h.request({ kind: 'load', request: LOAD_REQUEST });
      await flush();
      const second = h.request({ kind: 'load', request: LOAD_REQUEST });
      await flush();
      expect(h.finalFor(second)).toMatchObject({ kind: 'error', error: { code: 'ENGINE_BUSY' } });
      h.engine.lastLoad?.result.resolve(loadResult());
      await h.settle();
      expect(h.finalFor(first).kind).toBe('result');
      expect(h.engine.loads).toHaveLength(1);
    });

    it('reuses the engine for another load of the same kind', async () => {
      const h = new Harness();
      await loaded(h);
      await loaded(h);
      await h.settle();
      expect(h.createEngine).toHaveBeenCalledTimes(1);
      expect(h.engine.disposeCalls).toBe(0);
    });

    it('disposes the old engine when switching engine kinds', async () => {
      const h = new Harness();
      await loaded(h);
      const first = h.engine;
      const id = h.request({ kind: 'load', request: WEBLLM_LOAD_REQUEST });
      await flush();
      expect(h.createEngine).toHaveBeenLastCalledWith('webllm');
      expect(first.disposeCalls).toBe(1);
      const second = h.engine;
      expect(second).not.toBe(first);
      second.lastLoad?.result.resolve(loadResult());
      await h.settle();
      expect(h.finalFor(id).kind).toBe('result');
      expect(second.disposeCalls).toBe(0);

      // Generation now goes to the new engine.
      const gen = h.request({ kind: 'generate', request: GENERATE_REQUEST });
      await flush();
      expect(first.generates).toHaveLength(0);
      second.lastGenerate?.result.resolve(generationResult());
      await h.settle();
      expect(h.finalFor(gen).kind).toBe('result');
    });

    it('answers UNSUPPORTED_ENGINE for a kind this build lacks, keeping the loaded engine', async () => {
      const h: Harness = new Harness((kind) => (kind === 'transformers' ? h.newEngine() : undefined));
      await loaded(h);
      const id = h.request({ kind: 'load', request: WEBLLM_LOAD_REQUEST });
      await h.settle();
      expect(h.finalFor(id)).toMatchObject({
        kind: 'error',
        error: {
          code: 'UNSUPPORTED_ENGINE',
          name: 'UnsupportedEngineError',
          message: expect.stringContaining('webllm'),
        },
      });
      expect(h.engines).toHaveLength(1);
      expect(h.engine.disposeCalls).toBe(0);

      // The busy flag was released and the old engine still answers.
      const gen = h.request({ kind: 'generate', request: GENERATE_REQUEST });
      await flush();
      h.engine.lastGenerate?.result.resolve(generationResult());
      await h.settle();
      expect(h.finalFor(gen).kind).toBe('result');
    });

    it('answers UNSUPPORTED_ENGINE when no engine was ever loaded', async () => {
      const h = new Harness(() => undefined);
      const id = h.request({ kind: 'load', request: WEBLLM_LOAD_REQUEST });
      await h.settle();
      expect(h.finalFor(id)).toMatchObject({ kind: 'error', error: { code: 'UNSUPPORTED_ENGINE' } });
    });

    it('turns an engine factory that throws into one error reply', async () => {
      const h = new Harness(() => {
        throw new Error('out of memory');
      });
      const id = h.request({ kind: 'load', request: LOAD_REQUEST });
      await h.settle();
      expect(h.finalFor(id)).toMatchObject({ kind: 'error', error: { code: 'OUT_OF_MEMORY' } });
    });
  });

  describe('generate', () => {
    it('answers MODEL_NOT_LOADED before any load, without creating an engine', async () => {
      const h = new Harness();
      const id = h.request({ kind: 'generate', request: GENERATE_REQUEST });
      await h.settle();
      expect(h.finalFor(id)).toEqual({
        v,
        id,
        kind: 'error',
        error: {
          name: 'ModelNotLoadedError',
          code: 'MODEL_NOT_LOADED',
          message: 'generate was asked before any model was loaded',
        },
      });
      expect(h.createEngine).not.toHaveBeenCalled();
    });

    it('forwards tokens in order with the request id, then one final result', async () => {
      const h = new Harness();
      await loaded(h);
      const id = h.request({ kind: 'generate', request: GENERATE_REQUEST });
      await flush();
      const pending = h.engine.lastGenerate;
      expect(pending?.request).toEqual(GENERATE_REQUEST);
      // Slower than a frame apart: each token travels on its own.
      for (const [index, text] of ['H', 'i', '!'].entries()) {
        h.clock += 20;
        pending?.callbacks?.onToken?.({ text, index, atMs: h.clock });
      }
      pending?.result.resolve(generationResult({ text: 'Hi!' }));
      await h.settle();
      expect(h.repliesFor(id)).toEqual([
        { v, id, kind: 'tokens', tokens: [{ text: 'H', index: 0, atMs: 20 }] },
        { v, id, kind: 'tokens', tokens: [{ text: 'i', index: 1, atMs: 40 }] },
        { v, id, kind: 'tokens', tokens: [{ text: '!', index: 2, atMs: 60 }] },
        { v, id, kind: 'result', result: generationResult({ text: 'Hi!' }) },
      ]);
    });

    it('batches tokens that come faster than a frame, sending the first at once and the rest before the result', async () => {
      const h = new Harness();
      await loaded(h);
      const id = h.request({ kind: 'generate', request: GENERATE_REQUEST });
      await flush();
      const pending = h.engine.lastGenerate;
      const token = (index: number): { text: string; index: number; atMs: number } => ({
        text: `t${index}`,
        index,
        atMs: index,
      });
      pending?.callbacks?.onToken?.(token(0));
      expect(h.repliesFor(id)).toEqual([{ v, id, kind: 'tokens', tokens: [token(0)] }]);
      h.clock += 5;
      pending?.callbacks?.onToken?.(token(1));
      h.clock += 5;
      pending?.callbacks?.onToken?.(token(2));
      expect(h.repliesFor(id)).toHaveLength(1);
      h.clock += 10; // 20 ms after the first send: the window has passed.
      pending?.callbacks?.onToken?.(token(3));
      h.clock += 1;
      pending?.callbacks?.onToken?.(token(4));
      pending?.result.resolve(generationResult());
      await h.settle();
      expect(h.repliesFor(id)).toEqual([
        { v, id, kind: 'tokens', tokens: [token(0)] },
        { v, id, kind: 'tokens', tokens: [token(1), token(2), token(3)] },
        { v, id, kind: 'tokens', tokens: [token(4)] },
        { v, id, kind: 'result', result: generationResult() },
      ]);
    });

    it('sends pending tokens when the window timer fires, even if no further token comes', async () => {
      // Only the batch timer is faked; the harness still flushes promises with setImmediate.
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      try {
        const h = new Harness();
        await loaded(h);
        const id = h.request({ kind: 'generate', request: GENERATE_REQUEST });
        await vi.advanceTimersByTimeAsync(0);
        const pending = h.engine.lastGenerate;
        pending?.callbacks?.onToken?.({ text: 'a', index: 0, atMs: 0 });
        h.clock += 2;
        pending?.callbacks?.onToken?.({ text: 'b', index: 1, atMs: 2 });
        expect(h.repliesFor(id)).toHaveLength(1);
        await vi.advanceTimersByTimeAsync(20);
        expect(h.repliesFor(id).at(-1)).toEqual({
          v,
          id,
          kind: 'tokens',
          tokens: [{ text: 'b', index: 1, atMs: 2 }],
        });
        pending?.result.resolve(generationResult());
        await vi.advanceTimersByTimeAsync(0);
        expect(h.finalFor(id).kind).toBe('result');
      } finally {
        vi.useRealTimers();
      }
    });

    it('hands the engine the validated request, not the raw payload', async () => {
      const h = new Harness();
      await loaded(h);
      h.request({
        kind: 'generate',
        request: { ...GENERATE_REQUEST, ignoreEos: 'yes', maxNewTokens: 7.6, extra: 1 },
      });
      await flush();
      expect(h.engine.lastGenerate?.request).toEqual({
        ...GENERATE_REQUEST,
        ignoreEos: false,
        maxNewTokens: 8,
      });
      h.engine.lastGenerate?.result.resolve(generationResult());
      await h.settle();
    });

    it('refuses a second generate with ENGINE_BUSY while one runs; the first still finishes', async () => {
      const h = new Harness();
      await loaded(h);
      const first = h.request({ kind: 'generate', request: GENERATE_REQUEST });
      await flush();
      const second = h.request({ kind: 'generate', request: GENERATE_REQUEST });
      await flush();
      expect(h.finalFor(second)).toMatchObject({
        kind: 'error',
        error: { code: 'ENGINE_BUSY', name: 'EngineBusyError' },
      });
      expect(h.engine.generates).toHaveLength(1);
      h.engine.lastGenerate?.callbacks?.onToken?.({ text: 'Hi', index: 0, atMs: 1 });
      h.engine.lastGenerate?.result.resolve(generationResult());
      await h.settle();
      expect(h.finalFor(first)).toMatchObject({ kind: 'result', result: { finishReason: 'stop' } });
      expect(h.repliesFor(second)).toHaveLength(1);
    });

    it('refuses to generate while a load runs, and to load while a generation runs', async () => {
      const h = new Harness();
      await loaded(h);
      const load = h.request({ kind: 'load', request: LOAD_REQUEST });
      await flush();
      const genDuringLoad = h.request({ kind: 'generate', request: GENERATE_REQUEST });
      await flush();
      expect(h.finalFor(genDuringLoad)).toMatchObject({ kind: 'error', error: { code: 'ENGINE_BUSY' } });
      h.engine.lastLoad?.result.resolve(loadResult());
      await flush();

      const gen = h.request({ kind: 'generate', request: GENERATE_REQUEST });
      await flush();
      const loadDuringGen = h.request({ kind: 'load', request: LOAD_REQUEST });
      await flush();
      expect(h.finalFor(loadDuringGen)).toMatchObject({ kind: 'error', error: { code: 'ENGINE_BUSY' } });
      h.engine.lastGenerate?.result.resolve(generationResult());
      await h.settle();
      expect(h.finalFor(load).kind).toBe('result');
      expect(h.finalFor(gen).kind).toBe('result');
    });

    it('sends the error after the tokens when the engine fails mid-generation', async () => {
      const h = new Harness();
      await loaded(h);
      const id = h.request({ kind: 'generate', request: GENERATE_REQUEST });
      await flush();
      h.engine.lastGenerate?.callbacks?.onToken?.({ text: 'H', index: 0, atMs: 1 });
      h.engine.lastGenerate?.result.reject(new GpuDeviceLostError('Device was lost'));
      await h.settle();
      expect(h.repliesFor(id).map((reply) => reply.kind)).toEqual(['tokens', 'error']);
      expect(h.finalFor(id)).toMatchObject({
        error: { code: 'GPU_DEVICE_LOST', name: 'GpuDeviceLostError' },
      });

      // The engine is free again.
      const next = h.request({ kind: 'generate', request: GENERATE_REQUEST });
      await flush();
      h.engine.lastGenerate?.result.resolve(generationResult());
      await h.settle();
      expect(h.finalFor(next).kind).toBe('result');
    });

    it('drops tokens the engine reports after its generation has settled', async () => {
      const h = new Harness();
      await loaded(h);
      const id = h.request({ kind: 'generate', request: GENERATE_REQUEST });
      await flush();
      const pending = h.engine.lastGenerate;
      pending?.result.resolve(generationResult());
      await flush();
      pending?.callbacks?.onToken?.({ text: 'late', index: 5, atMs: 99 });
      await h.settle();
      expect(h.repliesFor(id).map((reply) => reply.kind)).toEqual(['result']);
    });
  });

  describe('abort', () => {
    it("calls the engine's abort; the generation ends with its own final reply", async () => {
      const h = new Harness();
      await loaded(h);
      const gen = h.request({ kind: 'generate', request: GENERATE_REQUEST });
      await flush();
      h.engine.lastGenerate?.callbacks?.onToken?.({ text: 'Hi', index: 0, atMs: 1 });
      const abort = h.request({ kind: 'abort' });
      await h.settle();
      expect(h.engine.abortCalls).toBe(1);
      expect(h.finalFor(abort)).toEqual({ v, id: abort, kind: 'result', result: { aborted: true } });
      expect(h.finalFor(gen)).toMatchObject({ kind: 'result', result: { finishReason: 'aborted' } });
      expect(h.repliesFor(gen).map((reply) => reply.kind)).toEqual(['tokens', 'result']);
    });

    it('answers aborted: false when nothing is generating', async () => {
      const h = new Harness();
      const before = h.request({ kind: 'abort' });
      await loaded(h);
      const after = h.request({ kind: 'abort' });
      await h.settle();
      expect(h.finalFor(before)).toMatchObject({ kind: 'result', result: { aborted: false } });
      expect(h.finalFor(after)).toMatchObject({ kind: 'result', result: { aborted: false } });
    });
  });

  describe('unload', () => {
    it('unloads the engine and says whether there was one', async () => {
      const h = new Harness();
      const before = h.request({ kind: 'unload' });
      await h.settle();
      expect(h.finalFor(before)).toMatchObject({ kind: 'result', result: { unloaded: false } });

      await loaded(h);
      const after = h.request({ kind: 'unload' });
      await h.settle();
      expect(h.finalFor(after)).toMatchObject({ kind: 'result', result: { unloaded: true } });
      expect(h.engine.unloadCalls).toBe(1);
    });

    it('stops a running generation first, and both requests get their final reply', async () => {
      const h = new Harness();
      await loaded(h);
      const gen = h.request({ kind: 'generate', request: GENERATE_REQUEST });
      await flush();
      const unload = h.request({ kind: 'unload' });
      await h.settle();
      expect(h.engine.abortCalls).toBe(1);
      expect(h.engine.unloadCalls).toBe(1);
      expect(h.finalFor(gen)).toMatchObject({ kind: 'result', result: { finishReason: 'aborted' } });
      expect(h.finalFor(unload)).toMatchObject({ kind: 'result', result: { unloaded: true } });
    });

    it('answers an unload that fails with one error reply', async () => {
      const h = new Harness();
      await loaded(h);
      vi.spyOn(h.engine, 'unload').mockRejectedValueOnce(new Error('GPUDevice was lost'));
      const id = h.request({ kind: 'unload' });
      await h.settle();
      expect(h.finalFor(id)).toMatchObject({ kind: 'error', error: { code: 'GPU_DEVICE_LOST' } });
    });
  });

  describe('invalid messages', () => {
    it.each([
      ['a wrong protocol version', { v: 2, kind: 'ping' }, /protocol version 2 is not 1/],
      ['no protocol version', { kind: 'ping' }, /protocol version undefined/],
      ['an unknown kind', { v, kind: 'reboot' }, /unknown request kind reboot/],
      ['no kind', { v }, /unknown request kind/],
      ['a load without payload', { v, kind: 'load' }, /load request has no payload/],
      ['a generate without payload', { v, kind: 'generate' }, /generate request has no payload/],
      ['a load whose payload is text', { v, kind: 'load', request: 'model' }, /no payload/],
    ])('answers %s with one PROTOCOL error', async (_what, message, text) => {
      const h = new Harness();
      h.raw({ ...message, id: 41 });
      await h.settle();
      expect(h.posts).toHaveLength(1);
      expect(h.finalFor(41)).toMatchObject({
        v,
        id: 41,
        kind: 'error',
        error: { code: 'PROTOCOL', name: 'ProtocolError', message: expect.stringMatching(text) },
      });
      expect(h.createEngine).not.toHaveBeenCalled();
    });

    it.each([
      ['temperature 9', 'generate', { ...GENERATE_REQUEST, temperature: 9 }, /"temperature"/],
      ['empty messages', 'generate', { ...GENERATE_REQUEST, messages: [] }, /"messages"/],
      [
        'a message with an unknown role',
        'generate',
        { ...GENERATE_REQUEST, messages: [{ role: 'x', content: '' }] },
        /"role"/,
      ],
      ['a relative model host', 'load', { ...LOAD_REQUEST, modelHost: '/models' }, /"modelHost"/],
      ['an unknown backend', 'load', { ...LOAD_REQUEST, backend: 'cuda' }, /"backend"/],
      ['no dtypes', 'load', { ...LOAD_REQUEST, dtypes: [] }, /"dtypes"/],
      ['a payload that is a list', 'load', [LOAD_REQUEST], /must be an object/],
    ])('answers a %s with one INVALID_REQUEST error', async (_what, kind, request, text) => {
      const h = new Harness();
      const id = h.request({ kind, request });
      await h.settle();
      expect(h.finalFor(id)).toMatchObject({
        kind: 'error',
        error: { code: 'INVALID_REQUEST', name: 'InvalidRequestError', message: expect.stringMatching(text) },
      });
      expect(h.posts).toHaveLength(1);
      expect(h.createEngine).not.toHaveBeenCalled();
    });

    it('validates a generate before saying no model is loaded', async () => {
      const h = new Harness();
      const id = h.request({ kind: 'generate', request: { ...GENERATE_REQUEST, temperature: 9 } });
      await h.settle();
      expect(h.finalFor(id)).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
    });

    it('rejects an invalid request while busy without disturbing the running one', async () => {
      const h = new Harness();
      await loaded(h);
      const gen = h.request({ kind: 'generate', request: GENERATE_REQUEST });
      await flush();
      const bad = h.request({ kind: 'generate', request: { ...GENERATE_REQUEST, topP: 2 } });
      await flush();
      expect(h.finalFor(bad)).toMatchObject({ error: { code: 'INVALID_REQUEST' } });
      h.engine.lastGenerate?.result.resolve(generationResult());
      await h.settle();
      expect(h.finalFor(gen).kind).toBe('result');
      expect(h.engine.abortCalls).toBe(0);
    });

    it.each([
      ['no id', { v, kind: 'ping' }],
      ['a fractional id', { v, id: 1.5, kind: 'ping' }],
      ['an id as text', { v, id: '1', kind: 'ping' }],
      ['null', null],
      ['a string', 'ping'],
      ['a number', 7],
      ['undefined', undefined],
    ])('sends no reply at all to a message with %s', async (_what, message) => {
      const h = new Harness();
      h.raw(message);
      await h.settle();
      expect(h.posts).toEqual([]);
    });
  });

  it('gives every request in a busy interleaving exactly one final reply', async () => {
    const h = new Harness();
    const ids: number[] = [];
    ids.push(h.request({ kind: 'generate', request: GENERATE_REQUEST }));
    ids.push(h.request({ kind: 'load', request: LOAD_REQUEST }));
    await flush();
    h.engine.lastLoad?.onProgress?.(progress(500));
    ids.push(h.request({ kind: 'ping' }));
    ids.push(h.request({ kind: 'load', request: LOAD_REQUEST }));
    ids.push(h.request({ kind: 'abort' }));
    h.engine.lastLoad?.result.resolve(loadResult());
    await flush();
    ids.push(h.request({ kind: 'generate', request: GENERATE_REQUEST }));
    await flush();
    h.engine.lastGenerate?.callbacks?.onToken?.({ text: 'a', index: 0, atMs: 1 });
    ids.push(h.request({ kind: 'generate', request: GENERATE_REQUEST }));
    ids.push(h.request({ kind: 'abort' }));
    ids.push(h.request({ kind: 'unload' }));
    ids.push(h.request({ kind: 'generate', request: { messages: [] } }));
    h.raw({ v: 9, id: 999, kind: 'ping' });
    await h.settle();
    expect(ids.map((id) => h.finalFor(id).kind)).toEqual([
      'error', // generate before load
      'result', // load
      'result', // ping
      'error', // second load while loading
      'result', // abort while loading
      'result', // generate, aborted
      'error', // generate while generating
      'result', // abort
      'result', // unload
      'error', // invalid generate
    ]);
    expect(h.finalFor(999)).toMatchObject({ error: { code: 'PROTOCOL' } });
  });
});
