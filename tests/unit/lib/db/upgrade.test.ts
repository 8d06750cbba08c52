import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { DB_VERSION, openHearthDB } from '../../../../src/lib/db';
import { ConversationRepository } from '../../../../src/lib/chat';
import { SettingsRepository } from '../../../../src/lib/settings';

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
    expect([...db.objectStoreNames].sort()).toEqual([
      'benchResults',
      'cloudSpend',
      'conversations',
      'messages',
      'settings',
    ]);
    expect((await new SettingsRepository(db).load()).modelMirrorUrl).toBe('https://mirror.example');
    const chats = new ConversationRepository(db);
    const conversation = await chats.create('m');
    expect(await chats.list()).toEqual([conversation]);
    db.close();
  });

  it('creates every store on a fresh device', async () => {
    const db = await openHearthDB('fresh-device');
    expect([...db.objectStoreNames].sort()).toEqual([
      'benchResults',
      'cloudSpend',
      'conversations',
      'messages',
      'settings',
    ]);
    expect(db.transaction('messages').store.indexNames.contains('by-conversation')).toBe(true);
    db.close();
  });
});
