import { openDB, type IDBPDatabase } from 'idb';
import { DB_NAME, DB_VERSION, type HearthDB } from './schema';

export type HearthDatabase = IDBPDatabase<HearthDB>;

/** Opens the database, upgrading it one schema version at a time. */
export function openHearthDB(name = DB_NAME): Promise<HearthDatabase> {
  return openDB<HearthDB>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('settings');
      }
      if (oldVersion < 2) {
        const conversations = db.createObjectStore('conversations', { keyPath: 'id' });
        conversations.createIndex('by-updated', 'updatedAt');
        const messages = db.createObjectStore('messages', { keyPath: 'id' });
        messages.createIndex('by-conversation', ['conversationId', 'createdAt']);
      }
      if (oldVersion < 3) {
        db.createObjectStore('benchResults', { keyPath: 'id' }).createIndex('by-at', 'at');
      }
      if (oldVersion < 4) {
        db.createObjectStore('cloudSpend', { keyPath: 'month' });
      }
      if (oldVersion < 5) {
        db.createObjectStore('cloudState', { keyPath: 'name' });
      }
    },
    blocked() {
      console.warn(
        'Hearth: another tab holds an older version of the database open; close it to finish the upgrade.',
      );
    },
  });
}
