import { openDB, type IDBPDatabase } from 'idb';
import { MODEL_CACHE_DB, MODEL_CACHE_VERSION, type ModelCacheDB } from './schema';

export type ModelCacheDatabase = IDBPDatabase<ModelCacheDB>;

/** Opens the weight cache, one schema version at a time; an older tab steps aside when a newer one upgrades. */
export function openModelCache(name = MODEL_CACHE_DB): Promise<ModelCacheDatabase> {
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
