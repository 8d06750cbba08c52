import type { HearthDatabase } from '../db';
import { InvalidAmountError } from '../errors';
import { SpendRepository } from '../settings/spend';
import { monthKey } from './budget';

/** The part of BroadcastChannel the ledger uses; injectable, because Node and older browsers lack one. */
export interface BroadcastLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  close(): void;
}

export interface SpendLedgerOptions {
  /** The clock that picks the month. Default: `new Date()`. */
  now?: () => Date;
  /**
   * Opens the channel that tells other tabs about a charge; null for none (then only this tab's listeners
   * hear of charges). Default: BroadcastChannel where it exists, else none.
   */
  openChannel?: ((name: string) => BroadcastLike) | null;
}

/** Called with this month's total, in US dollars, after a charge here or in another tab. */
export type SpendListener = (spentUsd: number) => void;

export const SPEND_CHANNEL = 'hearth-cloud-spend';
const NOTICE = 'charged';

/**
 * This month's cloud spend, kept in IndexedDB (`cloudSpend`) and shared by every tab. Totals are always
 * read from the database, never cached: another tab may have charged since. A charge is one
 * read-add-write transaction, so two tabs charging at once cannot lose either charge.
 */
export class SpendLedger {
  readonly #repository: SpendRepository;
  readonly #now: () => Date;
  readonly #openChannel: ((name: string) => BroadcastLike) | null;
  readonly #listeners = new Set<SpendListener>();
  #channel: BroadcastLike | null = null;

  constructor(db: HearthDatabase, options: SpendLedgerOptions = {}) {
    this.#repository = new SpendRepository(db);
    this.#now = options.now ?? (() => new Date());
    this.#openChannel = options.openChannel === undefined ? defaultChannel() : options.openChannel;
  }

  /** US dollars spent this calendar month (local time), read fresh from IndexedDB. */
  spent(): Promise<number> {
    return this.#repository.spent(monthKey(this.#now()));
  }

  /**
   * Adds `usd` to this month and returns the new total. Rejects NaN, infinite and negative amounts with
   * InvalidAmountError (nothing is recorded): a bad price or usage must show up, not corrupt the budget.
   */
  async charge(usd: number): Promise<number> {
    if (!Number.isFinite(usd) || usd < 0) {
      throw new InvalidAmountError(`a charge of ${usd} USD is not a finite amount of zero or more`);
    }
    const total = await this.#repository.add(monthKey(this.#now()), usd);
    this.#channelOpen()?.postMessage({ type: NOTICE });
    this.#notify(total);
    return total;
  }

  /** Hears every charge, from this tab or another; returns the function that stops listening. */
  subscribe(listener: SpendListener): () => void {
    this.#listeners.add(listener);
    this.#channelOpen();
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Closes the channel (a Node BroadcastChannel would keep the process alive). */
  close(): void {
    this.#channel?.close();
    this.#channel = null;
    this.#listeners.clear();
  }

  #channelOpen(): BroadcastLike | null {
    if (this.#channel === null && this.#openChannel !== null) {
      this.#channel = this.#openChannel(SPEND_CHANNEL);
      this.#channel.addEventListener('message', (event) => {
        if (!isNotice(event.data)) return;
        // The total is read again rather than taken from the message: notices from two tabs may arrive in
        // either order, the database has the last word.
        void this.spent().then(
          (total) => this.#notify(total),
          () => undefined,
        );
      });
    }
    return this.#channel;
  }

  #notify(total: number): void {
    for (const listener of this.#listeners) listener(total);
  }
}

function isNotice(data: unknown): boolean {
  return typeof data === 'object' && data !== null && 'type' in data && data.type === NOTICE;
}

function defaultChannel(): ((name: string) => BroadcastLike) | null {
  return typeof BroadcastChannel === 'function' ? (name) => new BroadcastChannel(name) : null;
}
