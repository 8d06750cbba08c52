import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { modelCacheConnection, openModelCache } from '../../../../src/lib/cache/open';
import { ModelLibrary } from '../../../../src/lib/cache/library';
import { ModelStore } from '../../../../src/lib/cache/store';

describe('the weight cache connection', () => {
  it('turns a browser that refuses storage into a rejection, not an uncaught throw', async () => {
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
    try {
      let promise: Promise<unknown> | undefined;
      expect(() => {
        promise = openModelCache('refused');
      }).not.toThrow();
      await expect(promise).rejects.toThrow('denied');
    } finally {
      IDBFactory.prototype.open = open;
    }
  });

  it('tells the Models page that stored models cannot be read, and the library still answers', async () => {
    const open = IDBFactory.prototype.open;
    IDBFactory.prototype.open = () => {
      throw new DOMException('denied', 'SecurityError');
    };
    try {
      const library = new ModelLibrary({
        store: new ModelStore(modelCacheConnection()),
        downloads: {
          download: () => Promise.reject(new Error('not used')),
          pause: () => Promise.resolve({ paused: false }),
          delete: () => Promise.resolve({ deleted: true as const }),
        },
        requestFor: () => Promise.reject(new Error('not used')),
        onChange: () => undefined,
      });
      await library.refresh();
      expect(library.notice).toMatch(/Stored models could not be read/);
    } finally {
      IDBFactory.prototype.open = open;
    }
  });

  it('opens once, opens again after a failed open, and again after a newer tab took the database', async () => {
    let opens = 0;
    let fail = true;
    const connection = modelCacheConnection(() => {
      opens++;
      if (fail) return Promise.reject(new Error('first open fails'));
      return openModelCache('reopened');
    });
    await expect(connection()).rejects.toThrow('first open fails');
    fail = false;
    const first = await connection();
    expect(await connection()).toBe(first);
    expect(opens).toBe(2);

    // A newer version elsewhere: the old connection closes itself, the next use opens afresh.
    const newer = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('reopened', 99);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    newer.close();
    expect(opens).toBe(2);
    await expect(connection()).rejects.toThrow();
    expect(opens).toBe(3);
  });
});
