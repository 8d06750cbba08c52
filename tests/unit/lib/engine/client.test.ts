import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WorkerEngine, type ClientTimeouts, type WorkerLike } from '../../../../src/lib/engine/client';
import {
  parseRequest,
  PROTOCOL_VERSION,
  type WorkerReply,
  type WorkerRequest,
} from '../../../../src/lib/engine/protocol';
import type { LoadProgress, TokenEvent } from '../../../../src/lib/engine/types';
import {
  AbortedError,
  EngineBusyError,
  HearthError,
  ModelFileNotFoundError,
  ProtocolError,
  TimeoutError,
  WorkerCrashedError,
} from '../../../../src/lib/errors';
import { GENERATE_REQUEST, generationResult, LOAD_REQUEST, loadResult, progress } from './fakes';

const v = PROTOCOL_VERSION;
const TIMEOUTS: ClientTimeouts = { loadIdleMs: 1_000, generateIdleMs: 2_000, controlMs: 300 };

type Responder = (request: WorkerRequest, worker: FakeWorker) => void;

/** An in-memory Worker: records what the page posts and lets the test, or a scripted responder, answer. */
class FakeWorker implements WorkerLike {
  readonly sent: WorkerRequest[] = [];
  terminateCalls = 0;
  /** Throws from postMessage when set, like a DataCloneError. */
  failPost: Error | null = null;
  readonly #target = new EventTarget();

  constructor(private readonly responder: Responder | undefined) {}

  postMessage(message: unknown): void {
    if (this.failPost) throw this.failPost;
    // What the worker receives is a structured clone, and it must be a well-formed request.
    const request = parseRequest(structuredClone(message));
    if ('invalid' in request) throw new Error(`the page sent an invalid request: ${request.invalid}`);
    this.sent.push(request);
    this.responder?.(request, this);
  }

  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.#target.addEventListener(type, { handleEvent: listener });
  }

  terminate(): void {
    this.terminateCalls++;
  }

  reply(reply: WorkerReply): void {
    this.send(reply);
  }

  /** Posts anything at all to the page. */
  send(data: unknown): void {
    this.#target.dispatchEvent(new MessageEvent('message', { data: structuredClone(data) }));
  }

  crash(event: Event = new ErrorEvent('error', { message: 'Uncaught RangeError: boom' })): void {
    this.#target.dispatchEvent(event);
  }

  messageError(): void {
    this.#target.dispatchEvent(new MessageEvent('messageerror'));
  }

  sentKinds(): string[] {
    return this.sent.map((request) => request.kind);
  }

  last(): WorkerRequest {
    const last = this.sent.at(-1);
    if (!last) throw new Error('nothing was sent');
    return last;
  }
}

/** Node has no ErrorEvent; browsers hand the worker's `error` listener one. */
class NodeErrorEvent extends Event {
  readonly message: string;
  constructor(type: string, init: { message?: string } = {}) {
    super(type);
    this.message = init.message ?? '';
  }
}

interface Setup {
  engine: WorkerEngine;
  workers: FakeWorker[];
  worker: () => FakeWorker;
  onRestart: ReturnType<typeof vi.fn<(reason: Error) => void>>;
}

function setup(responder?: Responder, timeouts: Partial<ClientTimeouts> = TIMEOUTS): Setup {
  const workers: FakeWorker[] = [];
  const onRestart = vi.fn<(reason: Error) => void>();
  const engine = new WorkerEngine({
    createWorker: () => {
      const worker = new FakeWorker(responder);
      workers.push(worker);
      return worker;
    },
    timeouts,
    onRestart,
  });
  const worker = (): FakeWorker => {
    const last = workers.at(-1);
    if (!last) throw new Error('no worker was created');
    return last;
  };
  return { engine, workers, worker, onRestart };
}

/** Answers every request at once with a plausible result. */
const answerEverything: Responder = (request, worker) => {
  const { id } = request;
  switch (request.kind) {
    case 'ping':
      return worker.reply({ v, id, kind: 'result', result: { pong: true, version: v } });
    case 'load':
      return worker.reply({ v, id, kind: 'result', result: loadResult() });
    case 'generate':
      return worker.reply({ v, id, kind: 'result', result: generationResult() });
    case 'abort':
      return worker.reply({ v, id, kind: 'result', result: { aborted: true } });
    case 'unload':
      return worker.reply({ v, id, kind: 'result', result: { unloaded: true } });
  }
};

type Outcome<T> =
  { state: 'pending' } | { state: 'resolved'; value: T } | { state: 'rejected'; error: unknown };

/** Captures how a promise settles without letting an early rejection go unhandled. */
function track<T>(promise: Promise<T>): {
  state: () => Outcome<T>['state'];
  value: () => T;
  error: () => unknown;
} {
  let outcome: Outcome<T> = { state: 'pending' };
  promise.then(
    (value) => (outcome = { state: 'resolved', value }),
    (error: unknown) => (outcome = { state: 'rejected', error }),
  );
  return {
    state: () => outcome.state,
    value: () => {
      if (outcome.state !== 'resolved') throw new Error(`the promise is ${outcome.state}, not resolved`);
      return outcome.value;
    },
    error: () => {
      if (outcome.state !== 'rejected') throw new Error(`the promise is ${outcome.state}, not rejected`);
      return outcome.error;
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('ErrorEvent', NodeErrorEvent);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('WorkerEngine', () => {
  describe('load', () => {
    it('sends one load request and resolves with the result, forwarding progress in order', async () => {
      const { engine, workers } = setup((request, worker) => {
        if (request.kind !== 'load') return;
        worker.reply({ v, id: request.id, kind: 'progress', progress: progress(250) });
        worker.reply({ v, id: request.id, kind: 'progress', progress: progress(1000) });
        worker.reply({ v, id: request.id, kind: 'result', result: loadResult({ dtype: 'q4' }) });
      });
      const seen: LoadProgress[] = [];
      await expect(engine.load(LOAD_REQUEST, (p) => seen.push(p))).resolves.toEqual(
        loadResult({ dtype: 'q4' }),
      );
      expect(seen).toEqual([progress(250), progress(1000)]);
      expect(workers).toHaveLength(1);
      expect(workers[0]?.sent).toEqual([{ v, id: 1, kind: 'load', request: LOAD_REQUEST }]);
    });

    it('reuses one worker for every request and gives each a new id', async () => {
      const { engine, workers, worker } = setup(answerEverything);
      await engine.load(LOAD_REQUEST);
      await engine.ping();
      await engine.generate(GENERATE_REQUEST);
      expect(workers).toHaveLength(1);
      expect(worker().sent.map((request) => request.id)).toEqual([1, 2, 3]);
    });
  });

  describe('generate', () => {
    it('forwards tokens in order and resolves with the result', async () => {
      const tokens: TokenEvent[] = [
        { text: 'H', index: 0, atMs: 3 },
        { text: 'i', index: 1, atMs: 5 },
        { text: '!', index: 2, atMs: 6 },
      ];
      const { engine, worker } = setup((request, w) => {
        if (request.kind !== 'generate') return;
        w.reply({ v, id: request.id, kind: 'tokens', tokens: tokens.slice(0, 1) });
        w.reply({ v, id: request.id, kind: 'tokens', tokens: tokens.slice(1) });
        w.reply({ v, id: request.id, kind: 'result', result: generationResult({ text: 'Hi!' }) });
      });
      const seen: TokenEvent[] = [];
      const result = await engine.generate(GENERATE_REQUEST, { onToken: (token) => seen.push(token) });
      expect(result).toEqual(generationResult({ text: 'Hi!' }));
      expect(seen).toEqual(tokens);
      expect(worker().last()).toEqual({ v, id: 1, kind: 'generate', request: GENERATE_REQUEST });
    });

    it('sends an abort request when its AbortSignal fires, and resolves with the aborted result', async () => {
      const { engine, worker } = setup();
      const controller = new AbortController();
      const generation = track(engine.generate(GENERATE_REQUEST, { signal: controller.signal }));
      const generateId = worker().last().id;
      controller.abort();
      expect(worker().sentKinds()).toEqual(['generate', 'abort']);
      const abortId = worker().last().id;
      worker().reply({ v, id: abortId, kind: 'result', result: { aborted: true } });
      worker().reply({
        v,
        id: generateId,
        kind: 'result',
        result: generationResult({ finishReason: 'aborted' }),
      });
      await vi.advanceTimersByTimeAsync(0);
      expect(generation.value().finishReason).toBe('aborted');

      // The listener is gone once the generation settled: aborting again sends nothing.
      controller.abort();
      expect(worker().sentKinds()).toEqual(['generate', 'abort']);
    });

    it('rejects with AbortedError at once when the signal was already aborted, sending nothing', async () => {
      const { engine, workers } = setup();
      await expect(engine.generate(GENERATE_REQUEST, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
        AbortedError,
      );
      expect(workers).toHaveLength(0);
    });

    it('abort() sends nothing when no generation is running', async () => {
      const { engine, worker } = setup(answerEverything);
      engine.abort();
      await engine.load(LOAD_REQUEST);
      engine.abort();
      await engine.generate(GENERATE_REQUEST);
      engine.abort();
      expect(worker().sentKinds()).toEqual(['load', 'generate']);
    });
  });

  describe('error replies', () => {
    it('rejects with ModelFileNotFoundError whose user message names the URL', async () => {
      const { engine, onRestart } = setup((request, worker) =>
        worker.reply({
          v,
          id: request.id,
          kind: 'error',
          error: {
            name: 'ModelFileNotFoundError',
            code: 'MODEL_FILE_NOT_FOUND',
            message: 'Model file not found: http://x/y.onnx',
            detail: { url: 'http://x/y.onnx' },
          },
        }),
      );
      const error = await engine.load(LOAD_REQUEST).then(
        () => null,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(ModelFileNotFoundError);
      expect(error).toBeInstanceOf(HearthError);
      expect(error instanceof ModelFileNotFoundError && error.url).toBe('http://x/y.onnx');
      expect(error instanceof HearthError && error.userMessage()).toContain('http://x/y.onnx');
      // An error reply is an answer: the worker is fine and is kept.
      expect(onRestart).not.toHaveBeenCalled();
    });

    it('rejects with the class that matches the code', async () => {
      const { engine, worker, workers } = setup((request, w) =>
        w.reply({
          v,
          id: request.id,
          kind: 'error',
          error: {
            name: 'EngineBusyError',
            code: 'ENGINE_BUSY',
            message: 'cannot generate while a load is running',
          },
        }),
      );
      const rejection = engine.generate(GENERATE_REQUEST);
      await expect(rejection).rejects.toBeInstanceOf(EngineBusyError);
      await expect(rejection).rejects.toMatchObject({
        code: 'ENGINE_BUSY',
        message: 'cannot generate while a load is running',
      });
      expect(worker().terminateCalls).toBe(0);
      expect(workers).toHaveLength(1);
    });
  });

  describe('inactivity timeout', () => {
    it('rejects with TimeoutError when the worker stays silent, replaces the worker and tells onRestart', async () => {
      const { engine, workers, onRestart } = setup();
      const load = track(engine.load(LOAD_REQUEST));
      await vi.advanceTimersByTimeAsync(TIMEOUTS.loadIdleMs - 1);
      expect(load.state()).toBe('pending');
      await vi.advanceTimersByTimeAsync(1);
      expect(load.state()).toBe('rejected');
      expect(load.error()).toBeInstanceOf(TimeoutError);
      expect(load.error()).toMatchObject({ code: 'TIMEOUT', detail: { seconds: 1 } });
      expect(workers[0]?.terminateCalls).toBe(1);
      expect(onRestart).toHaveBeenCalledExactlyOnceWith(load.error());

      // The next call gets a fresh worker.
      const ping = track(engine.ping());
      expect(workers).toHaveLength(2);
      expect(workers[0]?.sentKinds()).toEqual(['load']);
      expect(workers[1]?.sentKinds()).toEqual(['ping']);
      const id = workers[1]?.last().id ?? -1;
      workers[1]?.reply({ v, id, kind: 'result', result: { pong: true, version: v } });
      await vi.advanceTimersByTimeAsync(0);
      expect(ping.value()).toEqual({ pong: true, version: v });
    });

    it('is reset by progress: a load reporting every 50 ms for longer than the idle timeout succeeds', async () => {
      const { engine, worker, onRestart } = setup();
      const seen: LoadProgress[] = [];
      const load = track(engine.load(LOAD_REQUEST, (p) => seen.push(p)));
      const { id } = worker().last();
      const steps = (TIMEOUTS.loadIdleMs * 5) / 50;
      for (let step = 1; step <= steps; step++) {
        await vi.advanceTimersByTimeAsync(50);
        worker().reply({ v, id, kind: 'progress', progress: progress(step, steps) });
      }
      expect(load.state()).toBe('pending');
      worker().reply({ v, id, kind: 'result', result: loadResult() });
      await vi.advanceTimersByTimeAsync(0);
      expect(load.value()).toEqual(loadResult());
      expect(seen).toHaveLength(steps);
      expect(onRestart).not.toHaveBeenCalled();
      expect(worker().terminateCalls).toBe(0);
    });

    it('counts from the last progress message, not from the start', async () => {
      const { engine, worker } = setup();
      const load = track(engine.load(LOAD_REQUEST));
      const { id } = worker().last();
      await vi.advanceTimersByTimeAsync(900);
      worker().reply({ v, id, kind: 'progress', progress: progress(1) });
      await vi.advanceTimersByTimeAsync(TIMEOUTS.loadIdleMs - 1);
      expect(load.state()).toBe('pending');
      await vi.advanceTimersByTimeAsync(1);
      expect(load.error()).toBeInstanceOf(TimeoutError);
    });

    it('is reset by tokens while generating, and uses the generate timeout', async () => {
      const { engine, worker } = setup();
      const generation = track(engine.generate(GENERATE_REQUEST));
      const { id } = worker().last();
      for (let index = 0; index < 10; index++) {
        await vi.advanceTimersByTimeAsync(TIMEOUTS.generateIdleMs - 100);
        worker().reply({ v, id, kind: 'tokens', tokens: [{ text: 'x', index, atMs: index }] });
      }
      expect(generation.state()).toBe('pending');
      await vi.advanceTimersByTimeAsync(TIMEOUTS.generateIdleMs);
      expect(generation.error()).toBeInstanceOf(TimeoutError);
    });

    it('gives control requests the short timeout', async () => {
      const { engine } = setup();
      const ping = track(engine.ping());
      await vi.advanceTimersByTimeAsync(TIMEOUTS.controlMs);
      expect(ping.error()).toBeInstanceOf(TimeoutError);
    });

    it('uses the default timeouts when none are given', async () => {
      const { engine } = setup(undefined, {});
      const load = track(engine.load(LOAD_REQUEST));
      await vi.advanceTimersByTimeAsync(179_999);
      expect(load.state()).toBe('pending');
      await vi.advanceTimersByTimeAsync(1);
      expect(load.error()).toBeInstanceOf(TimeoutError);
    });

    it('fails every other request in flight too, since the worker is replaced', async () => {
      const { engine, onRestart } = setup(undefined, { ...TIMEOUTS, controlMs: 100 });
      const load = track(engine.load(LOAD_REQUEST));
      const ping = track(engine.ping());
      await vi.advanceTimersByTimeAsync(100);
      expect(ping.error()).toBeInstanceOf(TimeoutError);
      expect(load.error()).toBe(ping.error());
      expect(onRestart).toHaveBeenCalledTimes(1);
    });

    it('does not fire after the request was answered', async () => {
      const { engine, onRestart, worker } = setup(answerEverything);
      await engine.load(LOAD_REQUEST);
      await vi.advanceTimersByTimeAsync(TIMEOUTS.loadIdleMs * 10);
      expect(onRestart).not.toHaveBeenCalled();
      expect(worker().terminateCalls).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
    });
  });

  describe('a crashed worker', () => {
    it('rejects every pending request with WorkerCrashedError, calls onRestart, and the next request gets a fresh worker', async () => {
      const { engine, workers, onRestart } = setup();
      const load = track(engine.load(LOAD_REQUEST));
      const ping = track(engine.ping());
      workers[0]?.crash();
      await vi.advanceTimersByTimeAsync(0);
      for (const request of [load, ping]) {
        expect(request.error()).toBeInstanceOf(WorkerCrashedError);
        expect(request.error()).toMatchObject({ message: 'Uncaught RangeError: boom' });
      }
      expect(onRestart).toHaveBeenCalledExactlyOnceWith(load.error());
      expect(workers[0]?.terminateCalls).toBe(1);
      expect(vi.getTimerCount()).toBe(0);

      const again = track(engine.load(LOAD_REQUEST));
      expect(workers).toHaveLength(2);
      expect(workers[1]?.sentKinds()).toEqual(['load']);
      workers[1]?.reply({ v, id: workers[1].last().id, kind: 'result', result: loadResult() });
      await vi.advanceTimersByTimeAsync(0);
      expect(again.value()).toEqual(loadResult());
    });

    it('says the worker failed when the error event carries no message', async () => {
      const { engine, worker } = setup();
      const load = track(engine.load(LOAD_REQUEST));
      worker().crash(new Event('error'));
      await vi.advanceTimersByTimeAsync(0);
      expect(load.error()).toBeInstanceOf(WorkerCrashedError);
      expect(load.error()).toMatchObject({ message: 'the worker failed to start or crashed' });
    });

    it('treats an unreadable message as a crash', async () => {
      const { engine, worker, onRestart } = setup();
      const load = track(engine.load(LOAD_REQUEST));
      worker().messageError();
      await vi.advanceTimersByTimeAsync(0);
      expect(load.error()).toBeInstanceOf(WorkerCrashedError);
      expect(onRestart).toHaveBeenCalledTimes(1);
    });

    it('ignores everything the replaced worker says afterwards', async () => {
      const { engine, workers, onRestart } = setup();
      track(engine.load(LOAD_REQUEST));
      const old = workers[0];
      old?.crash();
      const ping = track(engine.ping());
      const pingId = workers[1]?.last().id ?? -1;
      // The old worker answers the new request's id, and crashes again: neither may count.
      old?.reply({
        v,
        id: pingId,
        kind: 'error',
        error: { name: 'UnknownError', code: 'UNKNOWN', message: 'stale' },
      });
      old?.crash();
      await vi.advanceTimersByTimeAsync(0);
      expect(ping.state()).toBe('pending');
      expect(onRestart).toHaveBeenCalledTimes(1);
      workers[1]?.reply({ v, id: pingId, kind: 'result', result: { pong: true, version: v } });
      await vi.advanceTimersByTimeAsync(0);
      expect(ping.state()).toBe('resolved');
    });
  });

  describe('replies that do not fit', () => {
    it('ignores late replies for requests that are already settled', async () => {
      const { engine, worker, onRestart } = setup();
      const seen: LoadProgress[] = [];
      const load = track(engine.load(LOAD_REQUEST, (p) => seen.push(p)));
      const { id } = worker().last();
      worker().reply({ v, id, kind: 'result', result: loadResult() });
      worker().reply({ v, id, kind: 'result', result: loadResult({ dtype: 'fp32' }) });
      worker().reply({
        v,
        id,
        kind: 'error',
        error: { name: 'UnknownError', code: 'UNKNOWN', message: 'late' },
      });
      worker().reply({ v, id, kind: 'progress', progress: progress(1) });
      await vi.advanceTimersByTimeAsync(TIMEOUTS.loadIdleMs * 2);
      expect(load.value()).toEqual(loadResult());
      expect(seen).toEqual([]);
      expect(onRestart).not.toHaveBeenCalled();
    });

    it('ignores replies for ids it never sent', async () => {
      const { engine, worker } = setup();
      const ping = track(engine.ping());
      worker().reply({ v, id: 999, kind: 'result', result: { pong: true, version: v } });
      await vi.advanceTimersByTimeAsync(0);
      expect(ping.state()).toBe('pending');
      await vi.advanceTimersByTimeAsync(TIMEOUTS.controlMs);
      expect(ping.error()).toBeInstanceOf(TimeoutError);
    });

    it.each<[string, (id: number) => unknown]>([
      ['null', () => null],
      ['a string', () => 'result'],
      ['a wrong protocol version', (id) => ({ v: 2, id, kind: 'result', result: loadResult() })],
      ['an id as text', (id) => ({ v, id: String(id), kind: 'result', result: loadResult() })],
      ['an unknown kind', (id) => ({ v, id, kind: 'done', result: loadResult() })],
      [
        'an error with an unknown code',
        (id) => ({ v, id, kind: 'error', error: { code: 'NOPE', message: 'x' } }),
      ],
      ['an error without a message', (id) => ({ v, id, kind: 'error', error: { code: 'UNKNOWN' } })],
      ['an error without an error', (id) => ({ v, id, kind: 'error' })],
      ['a result without a result', (id) => ({ v, id, kind: 'result' })],
      ['a progress without progress', (id) => ({ v, id, kind: 'progress' })],
      ['a token batch that is not a list', (id) => ({ v, id, kind: 'tokens', tokens: 'x' })],
      ['a token batch with a non-object', (id) => ({ v, id, kind: 'tokens', tokens: ['x'] })],
    ])('ignores a reply that is %s; the request then times out', async (_what, malformed) => {
      const { engine, worker } = setup();
      const seen: LoadProgress[] = [];
      const load = track(engine.load(LOAD_REQUEST, (p) => seen.push(p)));
      const { id } = worker().last();
      await vi.advanceTimersByTimeAsync(TIMEOUTS.loadIdleMs / 2);
      worker().send(malformed(id));
      await vi.advanceTimersByTimeAsync(TIMEOUTS.loadIdleMs / 2);
      expect(load.state()).toBe('rejected');
      expect(load.error()).toBeInstanceOf(TimeoutError);
      expect(seen).toEqual([]);
    });
  });

  describe('dispose', () => {
    it('rejects pending requests with AbortedError and terminates the worker, without a restart', async () => {
      const { engine, worker, workers, onRestart } = setup();
      const load = track(engine.load(LOAD_REQUEST));
      const ping = track(engine.ping());
      await engine.dispose();
      expect(load.error()).toBeInstanceOf(AbortedError);
      expect(ping.error()).toBeInstanceOf(AbortedError);
      expect(worker().terminateCalls).toBe(1);
      expect(onRestart).not.toHaveBeenCalled();
      expect(vi.getTimerCount()).toBe(0);

      // A late answer from the closed worker changes nothing.
      workers[0]?.reply({ v, id: 1, kind: 'result', result: loadResult() });
      await vi.advanceTimersByTimeAsync(0);
      expect(load.error()).toBeInstanceOf(AbortedError);
    });

    it('is harmless when no worker was ever started', async () => {
      const { engine, workers } = setup();
      await engine.dispose();
      expect(workers).toHaveLength(0);
    });
  });

  describe('unload', () => {
    it('does not start a worker just to unload nothing', async () => {
      const { engine, workers } = setup();
      await engine.unload();
      expect(workers).toHaveLength(0);
    });

    it('sends an unload request to a running worker', async () => {
      const { engine, worker } = setup(answerEverything);
      await engine.load(LOAD_REQUEST);
      await engine.unload();
      expect(worker().sentKinds()).toEqual(['load', 'unload']);
    });
  });

  it('rejects with ProtocolError when a request cannot be posted, leaving no timer behind', async () => {
    const { engine, worker } = setup(answerEverything);
    await engine.ping();
    worker().failPost = new Error('DataCloneError');
    await expect(engine.load(LOAD_REQUEST)).rejects.toBeInstanceOf(ProtocolError);
    expect(vi.getTimerCount()).toBe(0);
  });
});
