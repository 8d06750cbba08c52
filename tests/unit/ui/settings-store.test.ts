import 'fake-indexeddb/auto';
import { unwrap } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openHearthDB, type HearthDatabase } from '../../../src/lib/db';
import { StorageUnavailableError } from '../../../src/lib/errors';
import { DEFAULT_SETTINGS, SettingsRepository } from '../../../src/lib/settings';
import { SettingsStore } from '../../../src/ui/stores/settings.svelte';

let counter = 0;
const fresh = (): Promise<HearthDatabase> => openHearthDB(`settings-store-${++counter}`);

async function ready(store: SettingsStore): Promise<void> {
  await vi.waitFor(() => expect(store.ready).toBe(true));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('SettingsStore', () => {
  it('reads saved settings with no notice when all is well', async () => {
    const db = await fresh();
    await new SettingsRepository(db).save({ ...DEFAULT_SETTINGS, cloudModel: 'gpt-4o-mini' });
    const store = new SettingsStore(Promise.resolve(db));
    await ready(store);
    expect(store.current.cloudModel).toBe('gpt-4o-mini');
    expect(store.notice).toBeNull();
    expect(store.persistent).toBe(true);
  });

  it('shows one notice naming the settings that were invalid and reset', async () => {
    const db = await fresh();
    const tx = unwrap(db).transaction('settings', 'readwrite');
    tx.objectStore('settings').put({ monthlyCloudBudgetUsd: -1, routerThreshold: 7, cloudModel: 'm' }, 'app');
    await new Promise((resolve) => tx.addEventListener('complete', resolve));
    const store = new SettingsStore(db);
    await ready(store);
    expect(store.current).toEqual({ ...DEFAULT_SETTINGS, cloudModel: 'm' });
    expect(store.notice).toBe(
      'Some saved settings were invalid and were reset: monthly cloud budget, router threshold. Check them in Settings.',
    );
    store.dismissNotice();
    expect(store.notice).toBeNull();
  });

  it('falls back to memory with a notice when the database cannot be opened, and still saves there', async () => {
    const store = new SettingsStore(Promise.reject(new StorageUnavailableError('SecurityError: denied')));
    await ready(store);
    expect(store.persistent).toBe(false);
    expect(store.notice).toMatch(
      /^Settings are kept only in this tab for now\. This browser does not let Hearth save/,
    );
    expect(store.current).toEqual(DEFAULT_SETTINGS);
    await store.update({ routingMode: 'device' });
    expect(store.current.routingMode).toBe('device');
    expect(store.saveError).toBeNull();
  });

  it('keeps a change that could not be saved, and says so', async () => {
    const db = await fresh();
    const store = new SettingsStore(db);
    await ready(store);
    vi.spyOn(SettingsRepository.prototype, 'save').mockRejectedValue(
      new DOMException('The quota has been exceeded.', 'QuotaExceededError'),
    );
    await store.update({ cloudModel: 'kept-in-memory' });
    expect(store.current.cloudModel).toBe('kept-in-memory');
    expect(store.saveError).toMatch(
      /^Your change is kept in this tab but could not be saved on this device: This device has no room left/,
    );
    vi.restoreAllMocks();
    await store.update({ cloudModel: 'saved' });
    expect(store.saveError).toBeNull();
    expect((await new SettingsRepository(db).load()).cloudModel).toBe('saved');
  });

  it('never saves the defaults over saved settings when a change comes before they are read', async () => {
    const db = await fresh();
    await new SettingsRepository(db).save({ ...DEFAULT_SETTINGS, cloudModel: 'saved-earlier' });
    let open: (value: HearthDatabase) => void = () => {};
    const store = new SettingsStore(new Promise<HearthDatabase>((resolve) => (open = resolve)));
    const early = store.update({ routingMode: 'device' });
    open(db);
    await early;
    expect(store.current).toMatchObject({ cloudModel: 'saved-earlier', routingMode: 'device' });
    expect(await new SettingsRepository(db).load()).toMatchObject({
      cloudModel: 'saved-earlier',
      routingMode: 'device',
    });
  });
});
