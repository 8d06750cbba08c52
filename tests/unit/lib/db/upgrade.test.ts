import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openHearthDB } from '../../../../src/lib/db';
import { ConversationRepository } from '../../../../src/lib/chat';
import { SettingsRepository } from '../../../../src/lib/settings';

const ALL_STORES = ['benchResults', 'cloudSpend', 'cloudState', 'conversations', 'messages', 'settings'];

/** Version 4 exactly as it shipped (the steps of open.ts up to 4), so the test cannot drift with the code. */
async function createV4(name: string) {
  return openDB(name, 4, {
    upgrade(db) {
      db.createObjectStore('settings');
      const conversations = db.createObjectStore('conversations', { keyPath: 'id' });
      conversations.createIndex('by-updated', 'updatedAt');
      const messages = db.createObjectStore('messages', { keyPath: 'id' });
      messages.createIndex('by-conversation', ['conversationId', 'createdAt']);
      db.createObjectStore('benchResults', { keyPath: 'id' }).createIndex('by-at', 'at');
      db.createObjectStore('cloudSpend', { keyPath: 'month' });
    },
  });
}

describe('the Hearth database upgrade', () => {
  it('upgrades a version 1 database (settings only) without losing the saved settings', async () => {
    const name = 'upgrade-from-v1';
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('settings');
      },
    });
    await v1.put('settings', { modelMirrorUrl: 'https://mirror.example' }, 'app');
    v1.close();

    const db = await openHearthDB(name);
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames].sort()).toEqual(ALL_STORES);
    expect((await new SettingsRepository(db).load()).modelMirrorUrl).toBe('https://mirror.example');
    const chats = new ConversationRepository(db);
    const conversation = await chats.create('m');
    expect(await chats.list()).toEqual([conversation]);
    db.close();
  });

  it('upgrades a version 4 database with data in every store to version 5, keeping all of it', async () => {
    const name = 'upgrade-from-v4';
    const v4 = await createV4(name);
    const conversation = { id: 'c1', title: 'Old chat', createdAt: 1, updatedAt: 2 };
    const message = { id: 'm1', conversationId: 'c1', role: 'user', content: 'hello', createdAt: 1 };
    const bench = { id: 'b1', at: 5 };
    const spend = { month: '2026-03', spentUsd: 1.25, requests: 3 };
    await v4.put('settings', { modelMirrorUrl: 'https://mirror.example', cloudModel: 'gpt-4o-mini' }, 'app');
    await v4.put('conversations', conversation);
    await v4.put('messages', message);
    await v4.put('benchResults', bench);
    await v4.put('cloudSpend', spend);
    v4.close();

    const db = await openHearthDB(name);
    expect(db.version).toBe(5);
    expect([...db.objectStoreNames].sort()).toEqual(ALL_STORES);
    expect(await db.get('settings', 'app')).toEqual({
      modelMirrorUrl: 'https://mirror.example',
      cloudModel: 'gpt-4o-mini',
    });
    expect(await db.get('conversations', 'c1')).toEqual(conversation);
    expect(await db.get('messages', 'm1')).toEqual(message);
    expect(await db.get('benchResults', 'b1')).toEqual(bench);
    expect(await db.get('cloudSpend', '2026-03')).toEqual(spend);
    // The older indexes are still there and still work.
    expect(await db.getAllFromIndex('messages', 'by-conversation')).toHaveLength(1);
    expect(await db.getAllFromIndex('conversations', 'by-updated')).toHaveLength(1);
    // The new store is empty and keyed by name.
    expect(await db.count('cloudState')).toBe(0);
    await db.put('cloudState', { name: 'pause', untilMs: 1000 });
    expect(await db.get('cloudState', 'pause')).toEqual({ name: 'pause', untilMs: 1000 });
    db.close();
  });

  it('creates every store on a fresh device', async () => {
    const db = await openHearthDB('fresh-device');
    expect([...db.objectStoreNames].sort()).toEqual(ALL_STORES);
    expect(db.transaction('messages').store.indexNames.contains('by-conversation')).toBe(true);
    db.close();
  });
});
