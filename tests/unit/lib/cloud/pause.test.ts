import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CloudPause,
  DEFAULT_RATE_LIMIT_PAUSE_S,
  MAX_PAUSE_S,
  rateLimitPauseS,
} from '../../../../src/lib/cloud';
import { openHearthDB, type HearthDatabase } from '../../../../src/lib/db';
import { CloudRateLimitedError, InvalidAmountError } from '../../../../src/lib/errors';

let opened: HearthDatabase[] = [];
let count = 0;
async function database(name = `pause-${count++}`): Promise<HearthDatabase> {
  const db = await openHearthDB(name);
  opened.push(db);
  return db;
}
afterEach(() => {
  for (const db of opened) db.close();
  opened = [];
});

/** A wall clock the test moves by hand. */
function clock(start = Date.UTC(2026, 2, 1)) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('CloudPause', () => {
  it('no pause at first, before or after load', async () => {
    const pause = new CloudPause(await database());
    expect(pause.waitS()).toBe(0);
    await pause.load();
    expect(pause.waitS()).toBe(0);
  });

  it('pauseFor(s) makes waitS() count down from s to 0, synchronously', async () => {
    const time = clock();
    const pause = new CloudPause(await database(), { now: time.now });
    const saved = pause.pauseFor(7);
    // Memory first: the router can ask at once, before IndexedDB has answered.
    expect(pause.waitS()).toBe(7);
    await saved;
    time.advance(2_500);
    expect(pause.waitS()).toBe(4.5);
    time.advance(10_000);
    expect(pause.waitS()).toBe(0);
  });

  it('survives a reload: a new instance over the same database sees the pause after load()', async () => {
    const time = clock();
    const name = `pause-reload-${count++}`;
    const before = await database(name);
    await new CloudPause(before, { now: time.now }).pauseFor(20);
    before.close();

    time.advance(5_000);
    const reloaded = new CloudPause(await database(name), { now: time.now });
    expect(reloaded.waitS()).toBe(0);
    await reloaded.load();
    expect(reloaded.waitS()).toBe(15);
  });

  it('a shorter pause never shortens a longer one, here or from another tab', async () => {
    const time = clock();
    const db = await database();
    const here = new CloudPause(db, { now: time.now });
    const otherTab = new CloudPause(db, { now: time.now });
    await otherTab.pauseFor(60);
    await here.pauseFor(5);
    // This instance never loaded, yet the stored longer pause wins when it writes.
    expect(here.waitS()).toBe(60);
    expect((await db.get('cloudState', 'pause'))?.untilMs).toBe(time.now() + 60_000);
    await otherTab.pauseFor(1);
    expect(otherTab.waitS()).toBe(60);
  });

  it.each([Number.NaN, -1, Number.NEGATIVE_INFINITY])(
    'rejects %s seconds with InvalidAmountError',
    async (seconds) => {
      const pause = new CloudPause(await database());
      const error: unknown = await pause.pauseFor(seconds).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidAmountError);
      expect(pause.waitS()).toBe(0);
    },
  );

  it('clamps a huge or infinite pause (a server can send any Retry-After) to a day', async () => {
    const time = clock();
    const db = await database();
    const pause = new CloudPause(db, { now: time.now });
    await pause.pauseFor(Number.POSITIVE_INFINITY);
    expect(pause.waitS()).toBe(MAX_PAUSE_S);
    // What is stored is a day from now, not Infinity: the clamp holds across reloads too.
    expect((await db.get('cloudState', 'pause'))?.untilMs).toBe(time.now() + MAX_PAUSE_S * 1000);
    expect(MAX_PAUSE_S).toBe(86_400);
    await pause.pauseFor(10 ** 12);
    expect(pause.waitS()).toBe(MAX_PAUSE_S);
  });

  it('a clock set back cannot stretch a stored pause past a day', async () => {
    const time = clock();
    const db = await database();
    await new CloudPause(db, { now: time.now }).pauseFor(MAX_PAUSE_S);
    const setBack = new CloudPause(db, { now: () => time.now() - 30 * 86_400_000 });
    await setBack.load();
    expect(setBack.waitS()).toBe(MAX_PAUSE_S);
  });
});

describe('rateLimitPauseS', () => {
  it('is the Retry-After when the 429 had one', () => {
    expect(rateLimitPauseS(new CloudRateLimitedError('HTTP 429', { status: 429, retryAfterS: 7 }))).toBe(7);
    expect(rateLimitPauseS(new CloudRateLimitedError('HTTP 429', { status: 429, retryAfterS: 0 }))).toBe(0);
  });

  it('is a short default, 30 seconds, when it had none', () => {
    expect(DEFAULT_RATE_LIMIT_PAUSE_S).toBe(30);
    expect(rateLimitPauseS(new CloudRateLimitedError('HTTP 429', { status: 429 }))).toBe(30);
  });
});
