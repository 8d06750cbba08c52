import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  deleteModelFiles,
  downloadModel,
  type ModelProgress,
} from '../../../../src/lib/cache/model-download';
import { openModelCache } from '../../../../src/lib/cache/open';
import { ModelStore } from '../../../../src/lib/cache/store';
import { TransformersCache } from '../../../../src/lib/cache/transformers-cache';
import { AbortedError, ModelFileCorruptError, StorageFullError } from '../../../../src/lib/errors';
import { SELF_TEST_MODEL, type ModelEntry } from '../../../../src/lib/models';
import { FakeFileServer, randomBytes } from './fake-server';

const HOST = 'http://127.0.0.1:9';
const ONNX: ModelEntry = {
  ...SELF_TEST_MODEL,
  id: 'org/tiny',
  repo: 'org/tiny',
  builtIn: false,
  dtypes: ['q4f16', 'q4'],
  downloadBytes: 30_000,
};
const MLC: ModelEntry = {
  ...SELF_TEST_MODEL,
  id: 'Tiny-q4f32_1-MLC',
  repo: 'mlc-ai/Tiny-q4f32_1-MLC',
  engine: 'webllm',
  builtIn: false,
  dtypes: ['q4f32_1'],
  modelLib: 'Tiny-q4f32_1-webgpu.wasm',
  downloadBytes: 20_000,
};
const base = (entry: ModelEntry) => `${HOST}/${entry.repo}/resolve/main/`;
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

let count = 0;
async function setup() {
  const db = await openModelCache(`model-download-${++count}`);
  const store = new ModelStore(async () => db);
  const server = new FakeFileServer();
  const records = new Map<string, { database: string; data: unknown }>();
  const webllm = {
    put: async (database: string, url: string, data: unknown) => void records.set(url, { database, data }),
    remove: async (urls: readonly string[]) => urls.forEach((url) => records.delete(url)),
  };
  return { store, server, records, deps: { store, fetch: server.fetch, webllm } };
}

function serveOnnx(server: FakeFileServer, externalChunks = 0) {
  const b = base(ONNX);
  server.set(
    `${b}config.json`,
    json({
      model_type: 'llama',
      'transformers.js_config': externalChunks ? { use_external_data_format: externalChunks } : {},
    }),
  );
  server.set(`${b}tokenizer.json`, json({ model: {} }));
  server.set(`${b}tokenizer_config.json`, json({}));
  server.set(`${b}onnx/model_q4.onnx`, randomBytes(9_000, 1));
  server.set(`${b}onnx/model_q4f16.onnx`, randomBytes(9_000, 2));
  if (externalChunks >= 1) server.set(`${b}onnx/model_q4.onnx_data`, randomBytes(12_000, 3));
  if (externalChunks >= 2) server.set(`${b}onnx/model_q4.onnx_data_1`, randomBytes(5_000, 4));
}

const WASM_DEVICE = { backend: 'wasm' as const, shaderF16: false };

describe('downloadModel: transformers.js models', () => {
  it('fetches the index files, then the weights in the format this device loads, with their external data', async () => {
    const { server, deps } = await setup();
    serveOnnx(server, 2);
    const progress: ModelProgress[] = [];
    const manifest = await downloadModel(
      { entry: ONNX, modelHost: HOST, device: WASM_DEVICE },
      deps,
      new AbortController().signal,
      (p) => progress.push(p),
    );
    const b = base(ONNX);
    expect(manifest.state).toBe('complete');
    expect(manifest.files).toEqual([
      `${b}config.json`,
      `${b}tokenizer.json`,
      `${b}tokenizer_config.json`,
      `${b}onnx/model_q4.onnx`,
      `${b}onnx/model_q4.onnx_data`,
      `${b}onnx/model_q4.onnx_data_1`,
    ]);
    // generation_config.json is optional: its 404 is no failure. q4f16 is not fetched without shader-f16.
    expect(server.served.some((s) => s.url.endsWith('model_q4f16.onnx'))).toBe(false);
    expect(progress.at(-1)).toMatchObject({ phase: 'complete', etaS: 0 });
    expect(progress.at(-1)?.loadedBytes).toBe(progress.at(-1)?.totalBytes);
    expect(manifest.totalBytes).toBe(
      server.files.size === 0
        ? 0
        : [...manifest.files].reduce((n, url) => n + (server.files.get(url)?.length ?? 0), 0),
    );
  });

  it('the files are then what transformers.js gets from its cache hook, byte for byte', async () => {
    const { store, server, deps } = await setup();
    serveOnnx(server);
    await downloadModel(
      { entry: ONNX, modelHost: HOST, device: WASM_DEVICE },
      deps,
      new AbortController().signal,
    );
    const cache = new TransformersCache(store);
    const url = `${base(ONNX)}onnx/model_q4.onnx`;
    const response = await cache.match(url);
    expect(new Uint8Array(await (response ?? new Response()).arrayBuffer())).toEqual(server.files.get(url));
    expect(await cache.match(`${base(ONNX)}onnx/model_missing.onnx`)).toBeUndefined();
  });

  it('refuses before any byte when the model cannot fit in the free space, naming both sizes', async () => {
    const { server, deps } = await setup();
    serveOnnx(server);
    const failure = await downloadModel(
      { entry: { ...ONNX, downloadBytes: 5e9 }, modelHost: HOST, device: WASM_DEVICE },
      { ...deps, freeBytes: async () => 1e9 },
      new AbortController().signal,
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageFullError);
    expect((failure as StorageFullError).userMessage()).toMatch(/needs 5\.0 GB; 1\.0 GB is free/);
    expect(server.served).toEqual([]);
  });

  it('a pause keeps what is stored (state paused); the next call resumes and completes', async () => {
    const { store, server, deps } = await setup();
    serveOnnx(server, 1);
    const controller = new AbortController();
    const paused = await downloadModel(
      { entry: ONNX, modelHost: HOST, device: WASM_DEVICE },
      deps,
      controller.signal,
      (p) => {
        if (p.file.endsWith('model_q4.onnx')) controller.abort();
      },
    ).catch((error: unknown) => error);
    expect(paused).toBeInstanceOf(AbortedError);
    expect((await store.manifest(ONNX.id))?.state).toBe('paused');
    const done = await downloadModel(
      { entry: ONNX, modelHost: HOST, device: WASM_DEVICE },
      deps,
      new AbortController().signal,
    );
    expect(done.state).toBe('complete');
    // Nothing was fetched twice from the start.
    const starts = server.served.filter((s) => s.start === 0).map((s) => s.url);
    expect(new Set(starts).size).toBe(starts.length);
  });

  it('a corrupt file marks the model damaged, with the reason', async () => {
    const { store, server, deps } = await setup();
    serveOnnx(server);
    const corrupting = (input: string, init: RequestInit) => {
      if (input.endsWith('model_q4.onnx')) server.faults = { corruptBytes: true };
      return server.fetch(input, init);
    };
    await expect(
      downloadModel(
        { entry: ONNX, modelHost: HOST, device: WASM_DEVICE },
        { ...deps, fetch: corrupting },
        new AbortController().signal,
      ),
    ).rejects.toBeInstanceOf(ModelFileCorruptError);
    const manifest = await store.manifest(ONNX.id);
    expect(manifest?.state).toBe('damaged');
    expect(manifest?.problem).toContain('SHA-256');
    expect((await store.file(`${base(ONNX)}onnx/model_q4.onnx`))?.complete).toBe(false);
  });

  it('delete frees everything: chunks, records and manifest', async () => {
    const { store, server, deps } = await setup();
    serveOnnx(server);
    await downloadModel(
      { entry: ONNX, modelHost: HOST, device: WASM_DEVICE },
      deps,
      new AbortController().signal,
    );
    expect(await store.storedBytes()).toBeGreaterThan(9_000);
    await deleteModelFiles(ONNX.id, deps);
    expect(await store.storedBytes()).toBe(0);
    expect(await store.files(ONNX.id)).toEqual([]);
    expect(await store.manifest(ONNX.id)).toBeUndefined();
  });
});

describe('downloadModel: web-llm models', () => {
  function serveMlc(server: FakeFileServer) {
    const b = base(MLC);
    server.set(`${b}mlc-chat-config.json`, json({ tokenizer_files: ['tokenizer.json', 'vocab.json'] }));
    server.set(
      `${b}tensor-cache.json`,
      json({
        records: [
          { dataPath: 'params_shard_0.bin', nbytes: 7_000 },
          { dataPath: 'params_shard_1.bin', nbytes: 6_000 },
        ],
      }),
    );
    server.set(`${b}tokenizer.json`, json({ model: {} }));
    server.set(`${b}params_shard_0.bin`, randomBytes(7_000, 5));
    server.set(`${b}params_shard_1.bin`, randomBytes(6_000, 6));
    server.set(`${HOST}/libs/${MLC.modelLib}`, randomBytes(3_000, 7));
  }

  it("writes each verified file into web-llm's own database and keeps no second copy", async () => {
    const { store, server, records, deps } = await setup();
    serveMlc(server);
    const manifest = await downloadModel(
      {
        entry: MLC,
        modelHost: HOST,
        modelLibUrl: `${HOST}/libs/${MLC.modelLib}`,
        device: { backend: 'webgpu', shaderF16: false },
      },
      deps,
      new AbortController().signal,
    );
    expect(manifest.state).toBe('complete');
    const b = base(MLC);
    expect([...records.entries()].map(([url, r]) => [url.replace(HOST, ''), r.database]).sort()).toEqual(
      [
        [`${b}mlc-chat-config.json`, 'webllm/config'],
        [`${b}tensor-cache.json`, 'webllm/model'],
        [`${b}tokenizer.json`, 'webllm/model'],
        [`${b}params_shard_0.bin`, 'webllm/model'],
        [`${b}params_shard_1.bin`, 'webllm/model'],
        [`${HOST}/libs/${MLC.modelLib}`, 'webllm/wasm'],
      ]
        .map(([url, db]) => [(url ?? '').replace(HOST, ''), db])
        .sort(),
    );
    // tensor-cache.json is kept parsed, as web-llm stores it; the rest as bytes.
    expect(records.get(`${b}tensor-cache.json`)?.data).toMatchObject({
      records: [{ dataPath: 'params_shard_0.bin' }, {}],
    });
    expect(new Uint8Array(records.get(`${b}params_shard_1.bin`)?.data as ArrayBuffer)).toEqual(
      server.files.get(`${b}params_shard_1.bin`),
    );
    // One copy: Hearth keeps no chunks of them.
    expect(await store.storedBytes()).toBe(0);
    expect(manifest.totalBytes).toBe(
      7_000 +
        6_000 +
        3_000 +
        [...server.files.entries()].filter(([u]) => /json$/.test(u)).reduce((n, [, v]) => n + v.length, 0),
    );

    await deleteModelFiles(MLC.id, deps);
    expect(records.size).toBe(0);
  });

  it("a failed web-llm download leaves nothing in web-llm's database that is not verified", async () => {
    const { server, records, deps } = await setup();
    serveMlc(server);
    server.files.delete(`${base(MLC)}params_shard_1.bin`);
    await expect(
      downloadModel(
        {
          entry: MLC,
          modelHost: HOST,
          modelLibUrl: `${HOST}/libs/${MLC.modelLib}`,
          device: { backend: 'webgpu', shaderF16: false },
        },
        deps,
        new AbortController().signal,
      ),
    ).rejects.toThrow();
    expect([...records.keys()].some((url) => url.endsWith('params_shard_1.bin'))).toBe(false);
  });
});
