import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ModelLibrary } from '../../../../src/lib/cache/library';
import type { DownloadModelRequest, ModelProgress } from '../../../../src/lib/cache/model-download';
import { openModelCache } from '../../../../src/lib/cache/open';
import type { ModelManifest } from '../../../../src/lib/cache/schema';
import { ModelStore } from '../../../../src/lib/cache/store';
import { AbortedError, NetworkError } from '../../../../src/lib/errors';
import { SELF_TEST_MODEL, type ModelEntry } from '../../../../src/lib/models';

const ENTRY: ModelEntry = {
  ...SELF_TEST_MODEL,
  id: 'org/m',
  repo: 'org/m',
  builtIn: false,
  downloadBytes: 2e9,
};

let count = 0;
async function setup(estimate = { usage: 1e9, quota: 10e9 }) {
  const db = await openModelCache(`library-${++count}`);
  const store = new ModelStore(async () => db);
  const asked: string[] = [];
  let persistCalls = 0;
  let fail: Error | null = null;
  let release: () => void = () => undefined;
  const downloads = {
    download: async (request: DownloadModelRequest, onProgress?: (p: ModelProgress) => void) => {
      asked.push(request.entry.id);
      onProgress?.({
        modelId: request.entry.id,
        phase: 'downloading',
        loadedBytes: 5e8,
        totalBytes: 2e9,
        bytesPerS: 1e7,
        etaS: 150,
        file: 'onnx/model_q4.onnx',
      });
      await new Promise<void>((resolve) => (release = resolve));
      if (fail) throw fail;
      const manifest: ModelManifest = {
        modelId: request.entry.id,
        engine: 'transformers',
        files: [],
        state: 'complete',
        totalBytes: 2e9,
        createdAt: 0,
        updatedAt: 0,
      };
      await store.putManifest(manifest);
      return manifest;
    },
    pause: async () => ({ paused: true }),
    delete: async (modelId: string) => {
      await store.deleteModel(modelId);
      return { deleted: true as const };
    },
  };
  let changes = 0;
  const library = new ModelLibrary({
    store,
    downloads,
    storage: {
      estimate: async () => estimate,
      persist: async () => {
        persistCalls++;
        return true;
      },
      persisted: async () => false,
    },
    requestFor: async (entry) => ({
      entry,
      modelHost: 'http://127.0.0.1:9',
      device: { backend: 'wasm', shaderF16: false },
    }),
    onChange: () => changes++,
  });
  await library.refresh();
  return {
    library,
    store,
    asked,
    persistCalls: () => persistCalls,
    finish: (error: Error | null = null) => {
      fail = error;
      release();
    },
    changes: () => changes,
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ModelLibrary', () => {
  it('shows a download with its progress, then the model as ready', async () => {
    const { library, finish, persistCalls } = await setup();
    expect(library.status(ENTRY)).toEqual({ state: 'not-downloaded' });
    expect(library.spaceNote(ENTRY)).toBe('needs 2.0 GB, 9.0 GB free');
    const done = library.download(ENTRY);
    await tick();
    expect(library.status(ENTRY)).toMatchObject({
      state: 'downloading',
      progress: { loadedBytes: 5e8, etaS: 150 },
    });
    finish();
    await done;
    expect(library.status(ENTRY)).toEqual({ state: 'ready', bytes: 2e9 });
    expect(library.isReady(ENTRY)).toBe(true);
    // Persistence is asked for when the first model is kept.
    expect(persistCalls()).toBe(1);
  });

  it('refuses a model that cannot fit, with both sizes, and fetches nothing', async () => {
    const { library, asked } = await setup({ usage: 9.5e9, quota: 10e9 });
    await library.download(ENTRY);
    expect(asked).toEqual([]);
    expect(library.notice).toMatch(/needs 2\.0 GB; 500 MB is free/);
    expect(library.status(ENTRY).state).toBe('not-downloaded');
  });

  it('a failed download says why; a pause says nothing', async () => {
    const first = await setup();
    const failing = first.library.download(ENTRY);
    await tick();
    first.finish(new NetworkError('the mirror is unreachable'));
    await failing;
    expect(first.library.notice).toContain('connection failed');

    const second = await setup();
    const paused = second.library.download(ENTRY);
    await tick();
    second.finish(new AbortedError('paused'));
    await paused;
    expect(second.library.notice).toBeNull();
  });

  it('the built-in model is always there and never downloaded', async () => {
    const { library, asked } = await setup();
    expect(library.status(SELF_TEST_MODEL)).toEqual({ state: 'built-in' });
    await library.download(SELF_TEST_MODEL);
    expect(asked).toEqual([]);
  });

  it('delete makes a ready model not downloaded again', async () => {
    const { library, finish } = await setup();
    const done = library.download(ENTRY);
    await tick();
    finish();
    await done;
    await library.delete(ENTRY);
    expect(library.status(ENTRY)).toEqual({ state: 'not-downloaded' });
  });
});
