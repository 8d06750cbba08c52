import type { CloudPause, SpendLedger } from '../../lib/assistant';
import { monthKey } from '../../lib/cloud';
import type { DatabaseSource } from '../../lib/db';
import { InvalidRequestError } from '../../lib/errors';
import { loadClassifier, type DifficultyClassifier } from '../../lib/router';
import { SpendRepository } from '../../lib/settings';

/** A 429 that names no wait still pauses the cloud this long: retrying at once would only be refused again. */
const DEFAULT_RATE_LIMIT_PAUSE_S = 30;

/** What the router needs beyond settings: its trained classifier, this month's spend, and being online. */
export class RoutingStore {
  classifier = $state<DifficultyClassifier | null>(null);
  spentUsd = $state(0);
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  readonly defaultThreshold = $derived(this.classifier?.weights.threshold ?? null);
  #spend: Promise<SpendRepository>;
  #cloudPausedUntil = 0;

  readonly ledger: SpendLedger = {
    spent: async () => {
      const spent = await (await this.#spend).spent(monthKey());
      this.spentUsd = spent;
      return spent;
    },
    charge: async (usd) => {
      if (!Number.isFinite(usd) || usd < 0)
        throw new InvalidRequestError(`a charge of ${usd} USD is not a cost`);
      this.spentUsd = await (await this.#spend).add(monthKey(), usd);
      return this.spentUsd;
    },
  };

  readonly pause: CloudPause = {
    waitS: () => Math.max(0, (this.#cloudPausedUntil - Date.now()) / 1000),
    pauseFor: async (seconds) => {
      const wait = seconds ?? DEFAULT_RATE_LIMIT_PAUSE_S;
      this.#cloudPausedUntil = Math.max(this.#cloudPausedUntil, Date.now() + wait * 1000);
    },
  };

  constructor(db: DatabaseSource) {
    // Without storage the month's spend is unknown, so every read fails and the turn keeps the cloud closed.
    this.#spend = Promise.resolve(new SpendRepository(db));
    void this.ledger.spent().catch(() => undefined);
    window.addEventListener('online', () => (this.online = true));
    window.addEventListener('offline', () => (this.online = false));
  }

  /** Loads the classifier on first use (its weights are not part of the first page load). */
  async ready(): Promise<DifficultyClassifier> {
    const classifier = await loadClassifier();
    this.classifier = classifier;
    return classifier;
  }

  expectedCloudShare(threshold: number): number {
    if (!this.classifier) void this.ready();
    return this.classifier?.expectedCloudShare(threshold) ?? Number.NaN;
  }
}
