/**
 * Model files in IndexedDB, in chunks: a multi-GB file never has to be one Blob in memory, a download can
 * stop at any chunk and go on from there, and the bytes of a finished file stream out chunk by chunk.
 */
import { toHearthError } from '../errors';
import type { ModelCacheDatabase } from './open';
import type { ModelManifest, StoredFile } from './schema';

/** 4 MiB: few enough writes for a gigabyte (256), small enough that a reload loses little. */
export const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

/** The record of a file nothing of which is stored yet. */
export function emptyFileRecord(
  file: Pick<StoredFile, 'url' | 'modelId' | 'path'>,
  etag: string | null = null,
): StoredFile {
  return {
    ...file,
    size: null,
    etag,
    sha256: null,
    storedBytes: 0,
    chunkSize: DEFAULT_CHUNK_SIZE,
    complete: false,
    handedTo: null,
    updatedAt: 0,
  };
}

export class ModelStore {
  constructor(
    private readonly db: () => Promise<ModelCacheDatabase>,
    private readonly now: () => number = Date.now,
  ) {}

  async manifest(modelId: string): Promise<ModelManifest | undefined> {
    return (await this.db()).get('models', modelId);
  }

  async manifests(): Promise<ModelManifest[]> {
    return (await this.db()).getAll('models');
  }

  async putManifest(manifest: ModelManifest): Promise<void> {
    await this.#write(async (db) => db.put('models', { ...manifest, updatedAt: this.now() }));
  }

  async file(url: string): Promise<StoredFile | undefined> {
    return (await this.db()).get('files', url);
  }

  async files(modelId: string): Promise<StoredFile[]> {
    return (await this.db()).getAllFromIndex('files', 'by-model', modelId);
  }

  async putFile(file: StoredFile): Promise<void> {
    await this.#write(async (db) => db.put('files', { ...file, updatedAt: this.now() }));
  }

  /**
   * Stores chunk `index` of `url` and moves `storedBytes` past it, in one transaction: after a crash or a
   * reload the record never claims bytes that are not there. Chunks must arrive in order.
   */
  async appendChunk(url: string, index: number, bytes: Uint8Array): Promise<StoredFile> {
    return this.#write(async (db) => {
      const tx = db.transaction(['files', 'chunks'], 'readwrite');
      const file = await tx.objectStore('files').get(url);
      if (!file) throw new Error(`no file record for ${url}`);
      const expected = Math.ceil(file.storedBytes / file.chunkSize);
      if (index !== expected) throw new Error(`chunk ${index} of ${url} arrived, but ${expected} was next`);
      // A copy of exactly these bytes: the view may be a window onto a larger buffer.
      await tx.objectStore('chunks').put({ url, index, data: bytes.slice().buffer });
      const next = { ...file, storedBytes: file.storedBytes + bytes.byteLength, updatedAt: this.now() };
      await tx.objectStore('files').put(next);
      await tx.done;
      return next;
    });
  }

  /** Forgets a file's bytes (a changed or corrupt file): the next download starts it from the first byte. */
  async resetFile(url: string, patch: Partial<StoredFile> = {}): Promise<void> {
    await this.#write(async (db) => {
      const tx = db.transaction(['files', 'chunks'], 'readwrite');
      await deleteChunks(tx.objectStore('chunks'), url);
      const file = await tx.objectStore('files').get(url);
      if (file) {
        await tx
          .objectStore('files')
          .put({ ...file, ...patch, storedBytes: 0, complete: false, handedTo: null, updatedAt: this.now() });
      }
      await tx.done;
    });
  }

  /** The file now lives in web-llm's database: its chunks here are dropped, the record says where it went. */
  async handOver(url: string): Promise<void> {
    await this.#write(async (db) => {
      const tx = db.transaction(['files', 'chunks'], 'readwrite');
      await deleteChunks(tx.objectStore('chunks'), url);
      const file = await tx.objectStore('files').get(url);
      if (file)
        await tx
          .objectStore('files')
          .put({ ...file, handedTo: 'webllm', complete: true, updatedAt: this.now() });
      await tx.done;
    });
  }

  /** The chunks of a file, in order, each read in its own short transaction. */
  async *chunks(url: string): AsyncGenerator<Uint8Array> {
    const file = await this.file(url);
    if (!file) return;
    const count = Math.ceil(file.storedBytes / file.chunkSize);
    for (let index = 0; index < count; index++) {
      const chunk = await (await this.db()).get('chunks', [url, index]);
      if (!chunk) throw new Error(`chunk ${index} of ${url} is missing`);
      yield new Uint8Array(chunk.data);
    }
  }

  /** A finished file's bytes as a stream, read chunk by chunk as it is consumed. */
  stream(url: string): ReadableStream<Uint8Array> {
    const chunks = this.chunks(url);
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const next = await chunks.next();
          if (next.done) controller.close();
          else controller.enqueue(next.value);
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
  }

  /** Deletes a model's chunks, file records and manifest; nothing of it is left. */
  async deleteModel(modelId: string): Promise<void> {
    await this.#write(async (db) => {
      const tx = db.transaction(['models', 'files', 'chunks'], 'readwrite');
      const files = await tx.objectStore('files').index('by-model').getAll(modelId);
      for (const file of files) {
        await deleteChunks(tx.objectStore('chunks'), file.url);
        await tx.objectStore('files').delete(file.url);
      }
      await tx.objectStore('models').delete(modelId);
      await tx.done;
    });
  }

  /** Bytes held in chunks, over every model. */
  async storedBytes(): Promise<number> {
    const files = await (await this.db()).getAll('files');
    return files.reduce((sum, file) => sum + (file.handedTo ? 0 : file.storedBytes), 0);
  }

  /** Storage errors (a full disk above all) come out as Hearth's errors. */
  async #write<T>(work: (db: ModelCacheDatabase) => Promise<T>): Promise<T> {
    try {
      return await work(await this.db());
    } catch (error) {
      throw toHearthError(error);
    }
  }
}

type ChunkStore = {
  index(name: 'by-url'): { getAllKeys(query: string): Promise<[string, number][]> };
  delete(key: [string, number]): Promise<void>;
};

async function deleteChunks(chunks: ChunkStore, url: string): Promise<void> {
  for (const key of await chunks.index('by-url').getAllKeys(url)) await chunks.delete(key);
}
