import { openDB, type IDBPDatabase } from 'idb';
import { MODEL_CACHE_DB, MODEL_CACHE_VERSION, type ModelCacheDB } from './schema';

export type ModelCacheDatabase = IDBPDatabase<ModelCacheDB>;

/**
 * Opens the weight cache, one schema version at a time; an older tab steps aside when a newer one upgrades.
 * Async on purpose: a browser that refuses storage (a private window) throws from `indexedDB.open` itself,
 * and that must reach the caller as a rejection, never as an uncaught error that stops the page.
 */
export async function openModelCache(name = MODEL_CACHE_DB): Promise<ModelCacheDatabase> {
  return openDB<ModelCacheDB>(name, MODEL_CACHE_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('models', { keyPath: 'modelId' });
        db.createObjectStore('files', { keyPath: 'url' }).createIndex('by-model', 'modelId');
        db.createObjectStore('chunks', { keyPath: ['url', 'index'] }).createIndex('by-url', 'url');
      }
    },
    blocking(_current, _next, event) {
      // A newer Hearth wants to upgrade: let it, this connection is reopened on the next use.
      const target = event.target;
      if (target instanceof IDBDatabase) target.close();
    },
  });
}

/**
 * One shared connection to the weight cache, opened on first use and opened again after it was closed
 * (a newer tab upgrading, site data cleared) or after an open failed, so a refusal is not remembered forever.
 */
export function modelCacheConnection(
  open: () => Promise<ModelCacheDatabase> = () => openModelCache(),
): () => Promise<ModelCacheDatabase> {
  let current: Promise<ModelCacheDatabase> | null = null;
  return () => {
    if (current) return current;
    const opening = open().then(
      (db) => {
        const forget = (): void => {
          if (current === opening) current = null;
        };
        db.addEventListener('close', forget);
        db.addEventListener('versionchange', forget);
        return db;
      },
      (error: unknown) => {
        if (current === opening) current = null;
        throw error;
      },
    );
    current = opening;
    return opening;
  };
}
