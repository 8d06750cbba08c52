import 'fake-indexeddb/auto';
import { forceCloseDatabase } from 'fake-indexeddb';
import { deleteDB, openDB, unwrap } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConversationRepository } from '../../../../src/lib/chat';
import {
  DatabaseConnection,
  DB_VERSION,
  openFailure,
  openHearthDB,
  type ConnectionStatus,
  type HearthDatabase,
} from '../../../../src/lib/db';
import {
  HearthError,
  StorageBlockedError,
  StorageSupersededError,
  StorageTimeoutError,
  StorageUnavailableError,
} from '../../../../src/lib/errors';
import { DEFAULT_SETTINGS, SettingsRepository } from '../../../../src/lib/settings';

let counter = 0;
const fresh = (what: string): string => `connection-${what}-${++counter}`;

/**
 * fake-indexeddb declares forceCloseDatabase's parameter as the IDBDatabase constructor, a slip in its
 * .d.ts: at run time it takes a connection, and fires its `close` event as a browser does when site data
 * is cleared.
 */
function closeLikeTheBrowser(db: HearthDatabase): void {
  Reflect.apply(forceCloseDatabase, undefined, [unwrap(db)]);
}

/** An older Hearth tab: its code predates the `blocking` handler, so it never closes for an upgrade. */
function olderTab(name: string): Promise<{ close(): void }> {
  return openDB(name, 1, { upgrade: (db) => void db.createObjectStore('settings') });
}

/** Fails the test quickly instead of letting it wait for vitest's 30 s limit when something hangs. */
function within<T>(promise: Promise<T>, ms = 2_000): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms),
    ),
  ]);
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('a newer Hearth in another tab (this tab is blocking its upgrade)', () => {
  it('closes this connection at once, so the newer tab opens and upgrades; later writes here fail by name', async () => {
    const name = fresh('blocking');
    const onBlocking = vi.fn();
    const connection = new DatabaseConnection({ name, onBlocking });
    const chats = new ConversationRepository(connection);
    const kept = await chats.create('m');

    let newerBlocked = false;
    const newer = await within(
      openDB(name, DB_VERSION + 1, {
        upgrade: (db) => void db.createObjectStore('fromTheFuture'),
        blocked: () => (newerBlocked = true),
      }),
    );

    expect(newerBlocked).toBe(false);
    expect([...newer.objectStoreNames]).toContain('fromTheFuture');
    expect(await newer.get('conversations', kept.id)).toEqual(kept);
    expect(onBlocking).toHaveBeenCalledWith({
      currentVersion: DB_VERSION,
      requestedVersion: DB_VERSION + 1,
    });
    expect(connection.status).toBe('superseded');
    expect(connection.notice()).toBe('Hearth was updated in another tab. Reload this tab to keep saving.');
    await expect(chats.create('m')).rejects.toBeInstanceOf(StorageSupersededError);
    await expect(chats.list()).rejects.toBeInstanceOf(StorageSupersededError);
    await expect(new SettingsRepository(connection).load()).rejects.toMatchObject({
      code: 'STORAGE_SUPERSEDED',
    });
    newer.close();
  });

  it('closes a bare openHearthDB connection too, and its later writes reject rather than hang', async () => {
    const name = fresh('bare-blocking');
    const onBlocking = vi.fn();
    const db = await openHearthDB({ name, onBlocking });
    let newerBlocked = false;
    const newer = await within(openDB(name, DB_VERSION + 1, { blocked: () => (newerBlocked = true) }));
    expect(newerBlocked).toBe(false);
    expect(onBlocking).toHaveBeenCalledOnce();
    await expect(within(db.put('settings', DEFAULT_SETTINGS, 'app'))).rejects.toThrow(/not allowed/);
    newer.close();
  });

  it('tells a tab that opens after the upgrade, with old code, the same thing', async () => {
    const name = fresh('version-error');
    (await openDB(name, DB_VERSION + 1)).close();
    const error = await openHearthDB(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageSupersededError);
  });
});

describe('an older Hearth in another tab (it blocks this tab’s upgrade)', () => {
  it('says so and keeps waiting; when the older tab closes the open completes and upgrades', async () => {
    const name = fresh('blocked');
    const older = await olderTab(name);
    const onBlocked = vi.fn();
    const statuses: ConnectionStatus[] = [];
    // The plain timeout is short: once blocked, the longer wait for the person applies instead.
    const connection = new DatabaseConnection({ name, onBlocked, timeoutMs: 300, blockedTimeoutMs: 5_000 });
    connection.subscribe((status) => statuses.push(status));

    await vi.waitFor(() =>
      expect(onBlocked).toHaveBeenCalledWith({ currentVersion: 1, requestedVersion: DB_VERSION }),
    );
    expect(connection.status).toBe('blocked');
    expect(connection.notice()).toMatch(/^Close other Hearth tabs to finish updating\./);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(connection.status).toBe('blocked');

    older.close();
    const db = await within(connection.database());
    expect(db.version).toBe(DB_VERSION);
    expect([...db.objectStoreNames]).toContain('conversations');
    expect(connection.status).toBe('open');
    expect(statuses).toEqual(['blocked', 'open']);
    db.close();
  });

  it('gives up after the blocked wait with a named error, and closes the connection that arrives late', async () => {
    const name = fresh('blocked-timeout');
    const older = await olderTab(name);
    const connection = new DatabaseConnection({ name, blockedTimeoutMs: 50 });

    const error = await connection.database().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageBlockedError);
    expect(connection.status).toBe('failed');
    expect(connection.notice()).toMatch(/Close other Hearth tabs and reload this one/);

    older.close();
    // The open still completes underneath; left open it would block every later upgrade and deletion.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const deletionBlocked = vi.fn();
    await within(deleteDB(name, { blocked: deletionBlocked }));
    expect(deletionBlocked).not.toHaveBeenCalled();
  });
});

describe('opening', () => {
  it('times out with a named error when the browser never answers', async () => {
    const name = fresh('timeout');
    // An open waits behind a pending deletion, and this deletion waits for a tab that never closes: the
    // open gets no answer at all, not even `blocked`, as in browsers whose IndexedDB hangs.
    const older = await olderTab(name);
    indexedDB.deleteDatabase(name);
    const onBlocked = vi.fn();

    const error = await openHearthDB({ name, timeoutMs: 50, onBlocked }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageTimeoutError);
    expect(error instanceof HearthError && error.userMessage()).toMatch(
      /did not open in time \(no answer in 0\.1 s\).*reload the page/,
    );
    expect(onBlocked).not.toHaveBeenCalled();
    older.close();
  });

  it('reports an open that throws (a private window) as storage unavailable, chats kept in this tab', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    });
    const connection = new DatabaseConnection({ name: fresh('throws') });
    const error = await connection.database().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageUnavailableError);
    expect(error instanceof HearthError && error.message).toMatch(/^SecurityError: The user denied/);
    expect(connection.status).toBe('failed');
    expect(connection.notice()).toMatch(/chats will live only in this tab/);
    // Failing is remembered: later use fails at once, never waits for another timeout.
    await expect(connection.database()).rejects.toBe(error);
  });

  it('reports a browser without IndexedDB as storage unavailable', async () => {
    vi.stubGlobal('indexedDB', undefined);
    await expect(openHearthDB(fresh('missing'))).rejects.toBeInstanceOf(StorageUnavailableError);
  });

  it.each([
    ['SecurityError', StorageUnavailableError],
    ['InvalidStateError', StorageUnavailableError],
    ['UnknownError', StorageUnavailableError],
    ['QuotaExceededError', StorageUnavailableError],
    ['AbortError', StorageUnavailableError],
    ['VersionError', StorageSupersededError],
  ])('classifies %s from an open', (name, ErrorClass) => {
    const error = openFailure(new DOMException('from the browser', name));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.message).toBe(`${name}: from the browser`);
  });

  it('keeps named errors as they are and classifies anything else as unavailable', () => {
    const timeout = new StorageTimeoutError('no answer');
    expect(openFailure(timeout)).toBe(timeout);
    expect(openFailure('a string')).toBeInstanceOf(StorageUnavailableError);
  });
});

describe('the browser closing the connection (terminated)', () => {
  it('tells the app, and the next use reopens the database', async () => {
    const name = fresh('terminated');
    const onTerminated = vi.fn();
    const connection = new DatabaseConnection({ name, onTerminated });
    const chats = new ConversationRepository(connection);
    const kept = await chats.create('m');

    closeLikeTheBrowser(await connection.database());
    await vi.waitFor(() => expect(onTerminated).toHaveBeenCalledOnce());
    expect(connection.status).toBe('terminated');
    expect(connection.notice()).toMatch(/^The browser closed Hearth's saved data/);

    expect(await chats.list()).toEqual([kept]);
    expect(connection.status).toBe('open');
  });

  it('fails by name when the reopen fails', async () => {
    const connection = new DatabaseConnection({ name: fresh('terminated-then-refused') });
    closeLikeTheBrowser(await connection.database());
    await vi.waitFor(() => expect(connection.status).toBe('terminated'));
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('storage is off', 'SecurityError');
    });
    await expect(connection.database()).rejects.toBeInstanceOf(StorageUnavailableError);
    expect(connection.status).toBe('failed');
  });
});
