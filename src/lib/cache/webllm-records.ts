/**
 * web-llm's own IndexedDB cache (cacheBackend "indexeddb"): three databases, `webllm/config`, `webllm/wasm`
 * and `webllm/model`, each with one store `urls` of `{url, data}` records keyed by absolute URL. Hearth
 * writes a file there once it is downloaded and verified, so web-llm finds it and the bytes exist once;
 * and deletes them itself, offline, tensor-cache.json included (web-llm's helpers leave it behind and need
 * the network for it).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { toHearthError } from '../errors';
import type { WebLlmDatabase } from './plan';

interface WebLlmCacheDB extends DBSchema {
  urls: { key: string; value: { url: string; data: unknown } };
}

const DATABASES: readonly WebLlmDatabase[] = ['webllm/config', 'webllm/wasm', 'webllm/model'];

/** Opens one of web-llm's databases exactly as web-llm 0.2.86 creates it (version 1, store `urls`). */
function open(name: WebLlmDatabase): Promise<IDBPDatabase<WebLlmCacheDB>> {
  return openDB<WebLlmCacheDB>(name, 1, {
    upgrade(db) {
      if (!db.objectStoreNames.contains('urls')) db.createObjectStore('urls', { keyPath: 'url' });
    },
  });
}

export async function putWebLlmRecord(
  database: WebLlmDatabase,
  url: string,
  data: ArrayBuffer | unknown,
): Promise<void> {
  const db = await open(database);
  try {
    await db.put('urls', { url, data });
  } catch (error) {
    throw toHearthError(error);
  } finally {
    db.close();
  }
}

export async function hasWebLlmRecord(database: WebLlmDatabase, url: string): Promise<boolean> {
  const db = await open(database);
  try {
    return (await db.getKey('urls', url)) !== undefined;
  } finally {
    db.close();
  }
}

/** Deletes these URLs from every web-llm database; works offline. */
export async function deleteWebLlmRecords(urls: readonly string[]): Promise<void> {
  for (const name of DATABASES) {
    const db = await open(name);
    try {
      const tx = db.transaction('urls', 'readwrite');
      for (const url of urls) await tx.store.delete(url);
      await tx.done;
    } finally {
      db.close();
    }
  }
}

/** Every URL web-llm has cached, per database: what "no debris" is checked against. */
export async function listWebLlmRecords(): Promise<Record<WebLlmDatabase, string[]>> {
  const result: Record<WebLlmDatabase, string[]> = {
    'webllm/config': [],
    'webllm/wasm': [],
    'webllm/model': [],
  };
  for (const name of DATABASES) {
    const db = await open(name);
    try {
      result[name] = await db.getAllKeys('urls');
    } finally {
      db.close();
    }
  }
  return result;
}
