import { openDB, type IDBPDatabase, type OpenDBCallbacks } from 'idb';
import {
  HearthError,
  StorageBlockedError,
  StorageSupersededError,
  StorageTimeoutError,
  StorageUnavailableError,
} from '../errors';
import { DB_NAME, DB_VERSION, type HearthDB } from './schema';

export type HearthDatabase = IDBPDatabase<HearthDB>;

/** A version change between tabs: the version open now, and the one asked for (null: the database is deleted). */
export interface VersionChange {
  currentVersion: number;
  requestedVersion: number | null;
}

export interface OpenHearthDBOptions {
  name?: string;
  /** How long the browser may take to answer at all; some browsers never answer a broken open. */
  timeoutMs?: number;
  /** Once blocked, how long to wait for the older tabs to close: people need time to find them. */
  blockedTimeoutMs?: number;
  /** This tab wants to upgrade and an older tab keeps the database open: ask the person to close it. */
  onBlocked?: (change: VersionChange) => void;
  /** A newer Hearth in another tab wants to upgrade; this connection is already closed when this is called. */
  onBlocking?: (change: VersionChange) => void;
  /** The browser closed the connection abnormally (site data cleared, disk failure). */
  onTerminated?: () => void;
}

export const OPEN_TIMEOUT_MS = 10_000;
export const BLOCKED_TIMEOUT_MS = 60_000;

type ConnectionEvents = Pick<OpenDBCallbacks<HearthDB>, 'blocked' | 'blocking' | 'terminated'>;

/**
 * Opens Hearth's database. Never hangs: it settles within `timeoutMs`, or `blockedTimeoutMs` after
 * another tab blocked it, and every failure is a named error (StorageUnavailableError, StorageTimeoutError,
 * StorageBlockedError, StorageSupersededError). When another tab needs a newer version, this connection
 * closes at once so that tab can upgrade; its later use fails rather than waits.
 */
export function openHearthDB(options: string | OpenHearthDBOptions = {}): Promise<HearthDatabase> {
  const settings = typeof options === 'string' ? { name: options } : options;
  const { name = DB_NAME, timeoutMs = OPEN_TIMEOUT_MS, blockedTimeoutMs = BLOCKED_TIMEOUT_MS } = settings;
  return new Promise((resolve, reject) => {
    let settled = false;
    let database: HearthDatabase | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const giveUp = (error: HearthError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error);
    };
    const limit = (ms: number, error: () => HearthError): void => {
      clearTimeout(timer);
      timer = setTimeout(() => giveUp(error()), ms);
    };
    limit(
      timeoutMs,
      () => new StorageTimeoutError(`no answer in ${seconds(timeoutMs)} s`, { seconds: seconds(timeoutMs) }),
    );
    if (typeof indexedDB === 'undefined') {
      giveUp(new StorageUnavailableError('this browser has no IndexedDB'));
      return;
    }
    const events: ConnectionEvents = {
      blocked(currentVersion, requestedVersion) {
        if (settled) return;
        // The cause is known and the person is told how to fix it: give them time to find the other tab.
        limit(
          blockedTimeoutMs,
          () =>
            new StorageBlockedError(
              `version ${currentVersion} is open in another tab; waited ${seconds(blockedTimeoutMs)} s for it to close`,
            ),
        );
        const change = { currentVersion, requestedVersion };
        if (settings.onBlocked) settings.onBlocked(change);
        else console.warn('Hearth: close other Hearth tabs to finish updating the database.', change);
      },
      blocking(currentVersion, requestedVersion) {
        // Holding on would stall the other tab's upgrade for as long as this tab stays open.
        database?.close();
        settings.onBlocking?.({ currentVersion, requestedVersion });
      },
      terminated() {
        settings.onTerminated?.();
      },
    };
    let opening: Promise<HearthDatabase>;
    try {
      opening = openAndUpgrade(name, events);
    } catch (error) {
      giveUp(openFailure(error));
      return;
    }
    opening.then(
      (db) => {
        // Too late: the caller has moved on without storage, and an unused connection would block upgrades.
        if (settled) return db.close();
        settled = true;
        clearTimeout(timer);
        database = db;
        resolve(db);
      },
      (error: unknown) => giveUp(openFailure(error)),
    );
  });
}

/** What a failed open means for the person: a newer database than this code knows, or no storage at all. */
export function openFailure(error: unknown): HearthError {
  if (error instanceof HearthError) return error;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // The database on disk is newer than this tab's code: a newer Hearth has opened it in another tab.
  if (name === 'VersionError') return new StorageSupersededError(message);
  // SecurityError (private windows, blocked site data), InvalidStateError, UnknownError (a broken
  // profile), QuotaExceededError, AbortError: none of them is fixed by trying again in this tab.
  return new StorageUnavailableError(message);
}

function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

/** Opens the database, upgrading it one schema version at a time. */
function openAndUpgrade(name: string, events: ConnectionEvents): Promise<HearthDatabase> {
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
    ...events,
  });
}
