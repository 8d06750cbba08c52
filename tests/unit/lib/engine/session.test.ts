import { describe, expect, it } from 'vitest';
import {
  DeviceSession,
  type Engine,
  type LoadRequest,
  type LoadResult,
  type SessionState,
} from '../../../../src/lib/engine';
import { AbortedError, GpuDeviceLostError, NetworkError, OutOfMemoryError } from '../../../../src/lib/errors';
import { SELF_TEST_MODEL } from '../../../../src/lib/models';

const RESULT: LoadResult = {
  modelId: SELF_TEST_MODEL.id,
  backend: 'wasm',
  dtype: 'fp32',
  loadMs: 1,
  contextWindow: 2048,
  modelBytes: 10,
  threads: 1,
};

/** An engine whose loads finish when the test says, and whose generate can fail on cue. */
class FakeEngine implements Engine {
  loads: LoadRequest[] = [];
  disposed = 0;
  pendingLoads: { resolve: (r: LoadResult) => void; reject: (e: Error) => void }[] = [];
  generateError: Error | null = null;
  /** Tokens sent before `generateError` is thrown. */
  tokensBeforeError = 0;
  /** Loads finish by themselves (for the automatic reload after a GPU reset). */
  autoFinish = false;
  generates = 0;

  load(request: LoadRequest): Promise<LoadResult> {
    this.loads.push(request);
    if (this.autoFinish) return Promise.resolve(RESULT);
    return new Promise((resolve, reject) => this.pendingLoads.push({ resolve, reject }));
  }
  finishLoad(result: LoadResult = RESULT): void {
    this.pendingLoads.shift()?.resolve(result);
  }
  failLoad(error: Error): void {
    this.pendingLoads.shift()?.reject(error);
  }
  async generate(
    _request: unknown,
    callbacks?: { onToken?: (t: { text: string; index: number; atMs: number }) => void },
  ) {
    this.generates++;
    if (this.generateError) {
      for (let index = 0; index < this.tokensBeforeError; index++)
        callbacks?.onToken?.({ text: 'x', index, atMs: index });
      const error = this.generateError;
      if (this.tokensBeforeError === 0) this.generateError = null;
      throw error;
    }
    return {
      text: 'hi',
      finishReason: 'stop' as const,
      trimmedMessages: 0,
      stats: {
        promptTokens: 1,
        generatedTokens: 1,
        ttftMs: 1,
        prefillTokensPerS: 1,
        decodeTokensPerS: 1,
        totalMs: 1,
      },
    };
  }
  abort(): void {}
  async unload(): Promise<void> {}
  async dispose(): Promise<void> {
    this.disposed++;
  }
}

function session() {
  const engine = new FakeEngine();
  const states: SessionState[] = [];
  const notices: string[] = [];
  const s = new DeviceSession({
    engine,
    loadRequest: (model, backend) => ({
      engine: model.engine,
      modelId: model.id,
      modelHost: 'http://127.0.0.1/models',
      revision: 'main',
      backend,
      dtypes: model.dtypes,
    }),
    onChange: (state) => states.push(state),
    onNotice: (text) => notices.push(text),
  });
  return { s, engine, states, notices };
}

const PARAMS = { maxNewTokens: 4, temperature: 0, topP: 1 };
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('DeviceSession', () => {
  it('shares one load between callers and reuses the loaded model afterwards', async () => {
    const { s, engine } = session();
    const a = s.ensureLoaded(SELF_TEST_MODEL, 'auto');
    const b = s.ensureLoaded(SELF_TEST_MODEL, 'auto');
    engine.finishLoad();
    expect(await a).toEqual(RESULT);
    expect(await b).toEqual(RESULT);
    await s.ensureLoaded(SELF_TEST_MODEL, 'auto');
    expect(engine.loads).toHaveLength(1);
    expect(s.state.status).toBe('ready');
  });

  it('Stop during a load stops the waiting at once; the load goes on and is kept for the next message', async () => {
    const { s, engine } = session();
    const controller = new AbortController();
    const waiting = s.ensureLoaded(SELF_TEST_MODEL, 'auto', controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortedError);
    engine.finishLoad();
    await flush();
    expect(s.isLoaded(SELF_TEST_MODEL, 'auto')).toBe(true);
    await s.ensureLoaded(SELF_TEST_MODEL, 'auto');
    expect(engine.loads).toHaveLength(1);
  });

  it.each([
    ['a lost GPU', new GpuDeviceLostError('device lost'), 'The GPU was reset'],
    ['GPU memory running out', new OutOfMemoryError('out of memory'), 'The GPU ran out of memory'],
  ])(
    '%s mid-answer recycles the worker, marks the model unloaded, says one line, and the next message reloads',
    async (_, error, said) => {
      const { s, engine, notices } = session();
      const loading = s.ensureLoaded(SELF_TEST_MODEL, 'auto');
      engine.finishLoad();
      await loading;
      engine.generateError = error;
      engine.tokensBeforeError = 3;
      const tokens: string[] = [];
      await expect(
        s.generate([{ role: 'user', content: 'x' }], PARAMS, (t) => tokens.push(t.text)),
      ).rejects.toThrow();
      expect(tokens).toHaveLength(3);
      expect(engine.disposed).toBe(1);
      expect(s.state.loaded).toBeNull();
      expect(notices).toHaveLength(1);
      expect(notices[0]).toContain(said);
      expect(notices[0]).toContain('the conversation continues');

      engine.generateError = null;
      const again = s.ensureLoaded(SELF_TEST_MODEL, 'auto');
      engine.finishLoad();
      await again;
      expect(engine.loads).toHaveLength(2);
    },
  );

  it('a GPU lost before the first token: the worker is recycled, the model reloads and the answer comes anyway', async () => {
    const { s, engine, notices } = session();
    engine.autoFinish = true;
    await s.ensureLoaded(SELF_TEST_MODEL, 'auto');
    engine.generateError = new GpuDeviceLostError('device lost');
    const result = await s.generate([{ role: 'user', content: 'x' }], PARAMS, () => {});
    expect(result.text).toBe('hi');
    expect(engine.disposed).toBe(1);
    expect(engine.loads).toHaveLength(2);
    expect(engine.generates).toBe(2);
    expect(notices).toHaveLength(1);
    expect(s.state.status).toBe('ready');
  });

  it('downloads the model first (its progress shown) and loads it only once the files are stored', async () => {
    const engine = new FakeEngine();
    engine.autoFinish = true;
    const order: string[] = [];
    const states: SessionState[] = [];
    const s = new DeviceSession({
      engine,
      loadRequest: (model, backend) => {
        order.push('load');
        return {
          engine: model.engine,
          modelId: model.id,
          modelHost: 'http://127.0.0.1/m',
          revision: 'main',
          backend,
          dtypes: model.dtypes,
        };
      },
      onChange: (state) => states.push(state),
      prepare: async (_model, _backend, onProgress) => {
        order.push('download');
        onProgress({ phase: 'download', fraction: 0.5, loadedBytes: 50, totalBytes: 100 });
      },
    });
    await s.ensureLoaded(SELF_TEST_MODEL, 'auto');
    expect(order).toEqual(['download', 'load']);
    expect(states.some((state) => state.progress?.fraction === 0.5)).toBe(true);
  });

  it('a download that fails never reaches the engine, and says why', async () => {
    const engine = new FakeEngine();
    const s = new DeviceSession({
      engine,
      loadRequest: () => {
        throw new Error('not reached');
      },
      onChange: () => undefined,
      prepare: async () => {
        throw new NetworkError('the mirror is down');
      },
    });
    await expect(s.ensureLoaded(SELF_TEST_MODEL, 'auto')).rejects.toBeInstanceOf(NetworkError);
    expect(engine.loads).toEqual([]);
    expect(s.state).toMatchObject({ status: 'error', errorCode: 'NETWORK' });
  });

  it('an ordinary load failure is an error state, without recycling the worker', async () => {
    const { s, engine, notices } = session();
    const loading = s.ensureLoaded(SELF_TEST_MODEL, 'auto');
    engine.failLoad(new NetworkError('offline'));
    await expect(loading).rejects.toBeInstanceOf(NetworkError);
    expect(s.state).toMatchObject({ status: 'error', loaded: null });
    expect(s.state.error).toContain('connection failed');
    expect(engine.disposed).toBe(0);
    expect(notices).toEqual([]);
  });

  it('a worker restarted behind its back (crash, timeout) forgets the loaded model', async () => {
    const { s, engine } = session();
    const loading = s.ensureLoaded(SELF_TEST_MODEL, 'auto');
    engine.finishLoad();
    await loading;
    s.workerRestarted(new Error('crashed'));
    expect(s.isLoaded(SELF_TEST_MODEL, 'auto')).toBe(false);
  });
});
