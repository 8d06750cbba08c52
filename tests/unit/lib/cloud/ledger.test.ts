import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SpendLedger, SPEND_CHANNEL, type BroadcastLike } from '../../../../src/lib/cloud';
import { openHearthDB, type HearthDatabase } from '../../../../src/lib/db';
import { InvalidAmountError } from '../../../../src/lib/errors';

let opened: HearthDatabase[] = [];
let ledgers: SpendLedger[] = [];
let count = 0;
async function database(): Promise<HearthDatabase> {
  const db = await openHearthDB(`ledger-${count++}`);
  opened.push(db);
  return db;
}
function ledger(db: HearthDatabase, options: ConstructorParameters<typeof SpendLedger>[1] = {}): SpendLedger {
  const made = new SpendLedger(db, options);
  ledgers.push(made);
  return made;
}
afterEach(() => {
  for (const made of ledgers) made.close();
  for (const db of opened) db.close();
  ledgers = [];
  opened = [];
  vi.unstubAllGlobals();
});

/** BroadcastChannel's behaviour in miniature: a message reaches every other channel of the same name. */
function fakeHub(): { open: (name: string) => BroadcastLike; opened: string[] } {
  const channels: { name: string; listeners: ((event: { data: unknown }) => void)[] }[] = [];
  const opened: string[] = [];
  return {
    opened,
    open(name) {
      const self = { name, listeners: [] as ((event: { data: unknown }) => void)[] };
      channels.push(self);
      opened.push(name);
      return {
        postMessage(message) {
          for (const other of channels) {
            if (other !== self && other.name === name) {
              // Asynchronous, like the real thing.
              for (const listener of other.listeners)
                setTimeout(() => listener({ data: structuredClone(message) }));
            }
          }
        },
        addEventListener(_type, listener) {
          self.listeners.push(listener);
        },
        close() {
          channels.splice(channels.indexOf(self), 1);
        },
      };
    },
  };
}

const MARCH = () => new Date(2026, 2, 15, 12);
const APRIL = () => new Date(2026, 3, 1, 0, 0, 1);

describe('SpendLedger', () => {
  it('charges add up per month and return the new total', async () => {
    const spend = ledger(await database(), { now: MARCH, openChannel: null });
    expect(await spend.spent()).toBe(0);
    expect(await spend.charge(0.25)).toBe(0.25);
    expect(await spend.charge(0.5)).toBe(0.75);
    expect(await spend.charge(0)).toBe(0.75);
    expect(await spend.spent()).toBe(0.75);
  });

  it('the month comes from the injected clock: a new month starts at zero', async () => {
    const db = await database();
    await ledger(db, { now: MARCH, openChannel: null }).charge(2);
    const april = ledger(db, { now: APRIL, openChannel: null });
    expect(await april.spent()).toBe(0);
    expect(await april.charge(1)).toBe(1);
    expect(await ledger(db, { now: MARCH, openChannel: null }).spent()).toBe(2);
    expect((await db.get('cloudSpend', '2026-03'))?.spentUsd).toBe(2);
  });

  it('spent() reads the database every time: a charge made by another tab shows at once', async () => {
    const db = await database();
    const here = ledger(db, { now: MARCH, openChannel: null });
    const otherTab = ledger(db, { now: MARCH, openChannel: null });
    expect(await here.spent()).toBe(0);
    await otherTab.charge(1.5);
    expect(await here.spent()).toBe(1.5);
  });

  it('two charges at once are both counted', async () => {
    const db = await database();
    const a = ledger(db, { now: MARCH, openChannel: null });
    const b = ledger(db, { now: MARCH, openChannel: null });
    await Promise.all([a.charge(1), b.charge(2), a.charge(3)]);
    expect(await a.spent()).toBe(6);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0.01])(
    'refuses a charge of %s with InvalidAmountError, recording nothing',
    async (usd) => {
      const spend = ledger(await database(), { now: MARCH, openChannel: null });
      await spend.charge(1);
      const error: unknown = await spend.charge(usd).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidAmountError);
      expect(error).toMatchObject({ code: 'INVALID_AMOUNT' });
      expect(await spend.spent()).toBe(1);
    },
  );

  it('tells this tab’s listeners the new total, until they unsubscribe', async () => {
    const spend = ledger(await database(), { now: MARCH, openChannel: null });
    const heard: number[] = [];
    const stop = spend.subscribe((total) => heard.push(total));
    await spend.charge(1);
    await spend.charge(2);
    stop();
    await spend.charge(4);
    expect(heard).toEqual([1, 3]);
  });

  it('tells other tabs through the channel, with the total read from the database', async () => {
    const hub = fakeHub();
    const db = await database();
    const here = ledger(db, { now: MARCH, openChannel: hub.open });
    const otherTab = ledger(db, { now: MARCH, openChannel: hub.open });
    const heard: number[] = [];
    otherTab.subscribe((total) => heard.push(total));
    await here.charge(0.5);
    await vi.waitFor(() => expect(heard).toEqual([0.5]));
    await here.charge(0.25);
    await vi.waitFor(() => expect(heard).toEqual([0.5, 0.75]));
    expect(hub.opened).toEqual([SPEND_CHANNEL, SPEND_CHANNEL]);
  });

  it('ignores messages on the channel that are not its notices', async () => {
    const hub = fakeHub();
    const db = await database();
    const heard: number[] = [];
    ledger(db, { now: MARCH, openChannel: hub.open }).subscribe((total) => heard.push(total));
    hub.open(SPEND_CHANNEL).postMessage({ type: 'something else' });
    hub.open(SPEND_CHANNEL).postMessage('charged');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(heard).toEqual([]);
  });

  it('works where BroadcastChannel does not exist: only this tab hears', async () => {
    vi.stubGlobal('BroadcastChannel', undefined);
    const spend = ledger(await database(), { now: MARCH });
    const heard: number[] = [];
    spend.subscribe((total) => heard.push(total));
    expect(await spend.charge(1)).toBe(1);
    expect(heard).toEqual([1]);
  });

  it('uses the real BroadcastChannel by default where there is one', async () => {
    expect(typeof BroadcastChannel).toBe('function');
    const db = await database();
    const here = ledger(db, { now: MARCH });
    const otherTab = ledger(db, { now: MARCH });
    const heard: number[] = [];
    otherTab.subscribe((total) => heard.push(total));
    await here.charge(2);
    await vi.waitFor(() => expect(heard).toEqual([2]));
  });
});
