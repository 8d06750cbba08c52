import type { HearthDatabase } from '../db';
import { InvalidAmountError, type CloudRateLimitedError } from '../errors';

/**
 * How long to keep messages off the cloud after a 429 that names no Retry-After: 30 seconds. Rate limits
 * are counted per minute (requests or tokens a minute) by OpenAI-style APIs and most gateways, so sending
 * the next message at once would most likely be refused again, costing a round trip; half a minute lets
 * much of the window roll over while the device answers, and is short enough that one stray 429 does not
 * keep the cloud away for long.
 */
export const DEFAULT_RATE_LIMIT_PAUSE_S = 30;

/**
 * The longest pause kept: a day. A server may send any Retry-After (a wrong date, a huge number), and a
 * pause that survives reloads must never lock the cloud away for good.
 */
export const MAX_PAUSE_S = 24 * 60 * 60;

/** Seconds to pause after a 429: its Retry-After, else the default. */
export function rateLimitPauseS(error: CloudRateLimitedError): number {
  const retryAfterS = error.detail.retryAfterS;
  return typeof retryAfterS === 'number' ? retryAfterS : DEFAULT_RATE_LIMIT_PAUSE_S;
}

const KEY = 'pause';

/**
 * The wait a rate-limited cloud asked for, kept in IndexedDB (`cloudState`) so that a reload does not send
 * the next message straight into another 429. `load()` once, then `waitS()` answers synchronously, as the
 * router needs. The clock is wall time (epoch milliseconds): it has to mean the same after a reload.
 */
export class CloudPause {
  readonly #db: HearthDatabase;
  readonly #now: () => number;
  #untilMs = 0;

  constructor(db: HearthDatabase, options: { now?: () => number } = {}) {
    this.#db = db;
    this.#now = options.now ?? (() => Date.now());
  }

  /** Reads the stored pause (one set in an earlier page load or in another tab). */
  async load(): Promise<void> {
    const stored = await this.#db.get('cloudState', KEY);
    this.#untilMs = Math.max(this.#untilMs, stored?.untilMs ?? 0);
  }

  /** Seconds left before the cloud may be asked again; 0 when there is no pause. From memory. */
  waitS(): number {
    const left = (this.#untilMs - this.#now()) / 1000;
    // A clock set back (or a record written by a clock set ahead) cannot stretch a pause past the maximum.
    return Math.min(MAX_PAUSE_S, Math.max(0, left));
  }

  /**
   * Pauses the cloud for `seconds` from now, unless a longer pause is already set. NaN and negative
   * seconds are rejected with InvalidAmountError (only a bug produces them); anything over MAX_PAUSE_S,
   * Infinity included, is clamped to it (a server can send such a Retry-After). Memory is updated at once,
   * the database by the time the promise resolves.
   */
  async pauseFor(seconds: number): Promise<void> {
    if (Number.isNaN(seconds) || seconds < 0) {
      throw new InvalidAmountError(`a pause of ${seconds} seconds is not zero or more`);
    }
    const untilMs = this.#now() + Math.min(seconds, MAX_PAUSE_S) * 1000;
    this.#untilMs = Math.max(this.#untilMs, untilMs);
    const tx = this.#db.transaction('cloudState', 'readwrite');
    const stored = await tx.store.get(KEY);
    // Another tab may have stored a longer pause since this one loaded: the longer wins.
    this.#untilMs = Math.max(this.#untilMs, stored?.untilMs ?? 0);
    await tx.store.put({ name: KEY, untilMs: this.#untilMs });
    await tx.done;
  }
}
