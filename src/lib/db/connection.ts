import { StorageSupersededError, type HearthError } from '../errors';
import { openFailure, openHearthDB, type HearthDatabase, type OpenHearthDBOptions } from './open';

/**
 * - `opening`: the first open (or a reopen) is under way.
 * - `blocked`: this tab wants to upgrade; an older Hearth tab must close first.
 * - `open`: in use.
 * - `superseded`: closed so a newer Hearth in another tab could upgrade; this tab must reload to save.
 * - `terminated`: the browser closed it (site data cleared); the next use reopens it.
 * - `failed`: it could not be opened; `error` says why. Storage stays off for this page.
 */
export type ConnectionStatus = 'opening' | 'blocked' | 'open' | 'superseded' | 'terminated' | 'failed';

export type ConnectionListener = (status: ConnectionStatus) => void;

/**
 * The page's one connection to Hearth's database, watched across tabs. Repositories ask it for the
 * database on every operation, so after another tab upgrades they fail at once with
 * StorageSupersededError instead of using a closed connection, and after the browser closes it they
 * reopen it.
 */
export class DatabaseConnection {
  #status: ConnectionStatus = 'opening';
  #error: HearthError | null = null;
  #opening: Promise<HearthDatabase>;
  readonly #listeners = new Set<ConnectionListener>();

  /** Starts opening at once; the callbacks in `options` are called as well as the listeners. */
  constructor(private readonly options: OpenHearthDBOptions = {}) {
    this.#opening = this.#open();
  }

  get status(): ConnectionStatus {
    return this.#status;
  }

  /** Why storage is off (`failed`, `superseded`), else null. */
  get error(): HearthError | null {
    return this.#error;
  }

  /** The open database, for one operation. Rejects with a named error; never waits past the open's timeouts. */
  database(): Promise<HearthDatabase> {
    if (this.#status === 'superseded' && this.#error) return Promise.reject(this.#error);
    if (this.#status === 'terminated') this.#opening = this.#open();
    return this.#opening;
  }

  /** Calls `listener` on every change of status; returns how to stop. */
  subscribe(listener: ConnectionListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A sentence for the person about the current status, or null when there is nothing to say. */
  notice(): string | null {
    switch (this.#status) {
      case 'opening':
      case 'open':
        return null;
      case 'blocked':
        return 'Close other Hearth tabs to finish updating. This tab carries on once they are closed.';
      case 'terminated':
        return "The browser closed Hearth's saved data (for example because site data was cleared). Hearth reopens it on the next save; if saving fails, reload the page.";
      case 'superseded':
      case 'failed':
        return this.#error?.userMessage() ?? null;
    }
  }

  #open(): Promise<HearthDatabase> {
    this.#set('opening');
    const opening = openHearthDB({
      ...this.options,
      onBlocked: (change) => {
        this.#set('blocked');
        this.options.onBlocked?.(change);
      },
      onBlocking: (change) => {
        this.#error = new StorageSupersededError(
          change.requestedVersion === null
            ? 'another tab deleted the database'
            : `another tab opened version ${change.requestedVersion}`,
        );
        this.#set('superseded');
        this.options.onBlocking?.(change);
      },
      onTerminated: () => {
        this.#set('terminated');
        this.options.onTerminated?.();
      },
    });
    opening.then(
      () => this.#set('open'),
      (error: unknown) => {
        this.#error = openFailure(error);
        this.#set('failed');
      },
    );
    return opening;
  }

  #set(status: ConnectionStatus): void {
    if (this.#status === status) return;
    this.#status = status;
    for (const listener of this.#listeners) listener(status);
  }
}

/** What repositories accept: a connection that is watched, or a bare database (tests, older callers). */
export type DatabaseSource = HearthDatabase | DatabaseConnection;

/** How a repository gets the database for each operation. */
export function databaseFrom(source: DatabaseSource): () => Promise<HearthDatabase> {
  return source instanceof DatabaseConnection ? () => source.database() : () => Promise.resolve(source);
}
