import 'fake-indexeddb/auto';
import { unwrap } from 'idb';
import { describe, expect, it } from 'vitest';
import { DatabaseConnection, openHearthDB } from '../../../../src/lib/db';
import {
  DEFAULT_SETTINGS,
  MemorySettingsRepository,
  MemorySpendRepository,
  SettingsRepository,
  SpendRepository,
  type SettingsStorage,
  type SpendStorage,
} from '../../../../src/lib/settings';

/* One contract each for settings and spend, run against IndexedDB and against the in-memory fallback. */

let counter = 0;
const name = (): string => `settings-contract-${++counter}`;

const SETTINGS: { name: string; make: () => Promise<SettingsStorage> }[] = [
  { name: 'SettingsRepository', make: async () => new SettingsRepository(await openHearthDB(name())) },
  {
    name: 'SettingsRepository on a DatabaseConnection',
    make: async () => new SettingsRepository(new DatabaseConnection({ name: name() })),
  },
  { name: 'MemorySettingsRepository', make: async () => new MemorySettingsRepository() },
];

describe.each(SETTINGS)('$name', ({ make }) => {
  it('reads the defaults before anything is saved, with no problems', async () => {
    const repository = await make();
    expect(await repository.read()).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
    expect(await repository.load()).toEqual(DEFAULT_SETTINGS);
  });

  it('reads back what it saved, lists and prices included', async () => {
    const repository = await make();
    const saved = {
      ...DEFAULT_SETTINGS,
      routingMode: 'device' as const,
      privateTerms: ['salary'],
      cloudPrices: { m: { inputPerMTokUsd: 1, outputPerMTokUsd: 2 } },
    };
    await repository.save(saved);
    expect(await repository.load()).toEqual(saved);
  });

  it('keeps a copy: changing the saved object afterwards changes nothing', async () => {
    const repository = await make();
    const saved = { ...DEFAULT_SETTINGS, privateTerms: ['salary'] };
    await repository.save(saved);
    saved.privateTerms.push('later');
    (await repository.load()).privateTerms.push('also later');
    expect((await repository.load()).privateTerms).toEqual(['salary']);
  });
});

const SPEND: { name: string; make: () => Promise<SpendStorage> }[] = [
  { name: 'SpendRepository', make: async () => new SpendRepository(await openHearthDB(name())) },
  { name: 'MemorySpendRepository', make: async () => new MemorySpendRepository() },
];

describe.each(SPEND)('$name', ({ make }) => {
  it('adds charges per month and never takes money off', async () => {
    const spend = await make();
    expect(await spend.spent('2026-01')).toBe(0);
    expect(await spend.add('2026-01', 0.5)).toBe(0.5);
    expect(await spend.add('2026-01', 0.25)).toBe(0.75);
    expect(await spend.add('2026-01', -3)).toBe(0.75);
    expect(await spend.add('2026-01', NaN)).toBe(0.75);
    expect(await spend.spent('2026-01')).toBe(0.75);
    expect(await spend.spent('2026-02')).toBe(0);
  });
});

describe('reading damaged records back from IndexedDB', () => {
  it('repairs settings and names what it reset', async () => {
    const db = await openHearthDB(name());
    const tx = unwrap(db).transaction('settings', 'readwrite');
    tx.objectStore('settings').put({ routingMode: 'sometimes', monthlyCloudBudgetUsd: 3 }, 'app');
    await new Promise((resolve) => tx.addEventListener('complete', resolve));
    expect(await new SettingsRepository(db).read()).toEqual({
      settings: { ...DEFAULT_SETTINGS, monthlyCloudBudgetUsd: 3 },
      problems: ['where messages run'],
    });
  });

  it('counts a damaged month total as nothing spent rather than NaN, which would never stop spending', async () => {
    const db = await openHearthDB(name());
    const tx = unwrap(db).transaction('cloudSpend', 'readwrite');
    tx.objectStore('cloudSpend').put({ month: '2026-03', spentUsd: 'lots', requests: null });
    await new Promise((resolve) => tx.addEventListener('complete', resolve));
    const spend = new SpendRepository(db);
    expect(await spend.spent('2026-03')).toBe(0);
    expect(await spend.add('2026-03', 2)).toBe(2);
    expect(await db.get('cloudSpend', '2026-03')).toEqual({ month: '2026-03', spentUsd: 2, requests: 1 });
  });
});
