import type { CloudPause as PausePort, SpendLedger as LedgerPort } from '../../lib/assistant';
import { CloudPause, SpendLedger } from '../../lib/cloud';
import type { DatabaseConnection } from '../../lib/db';
import { loadClassifier, type DifficultyClassifier } from '../../lib/router';

/**
 * What the router needs beyond settings: its trained classifier, this month's spend (shared by every tab,
 * read fresh before each decision), a 429's pause (kept across reloads), and being online.
 */
export class RoutingStore {
  classifier = $state<DifficultyClassifier | null>(null);
  spentUsd = $state(0);
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  readonly defaultThreshold = $derived(this.classifier?.weights.threshold ?? null);
  /** Without storage the spend is unknown: every read then fails, and the turn keeps the cloud closed. */
  #ledger: Promise<SpendLedger>;
  #pause: CloudPause | null = null;
  /** Until the stored pause is read (or where storage is off), a pause lives in this tab's memory. */
  #memoryPauseUntil = 0;

  readonly ledger: LedgerPort = {
    spent: async () => {
      const spent = await (await this.#ledger).spent();
      this.spentUsd = spent;
      return spent;
    },
    charge: async (usd) => {
      this.spentUsd = await (await this.#ledger).charge(usd);
      return this.spentUsd;
    },
  };

  readonly pause: PausePort = {
    waitS: () =>
      Math.max(this.#pause?.waitS() ?? 0, Math.max(0, (this.#memoryPauseUntil - Date.now()) / 1000)),
    pauseFor: async (seconds) => {
      this.#memoryPauseUntil = Math.max(this.#memoryPauseUntil, Date.now() + seconds * 1000);
      await this.#pause?.pauseFor(seconds);
    },
  };

  constructor(db: DatabaseConnection) {
    const database = db.database();
    this.#ledger = database.then((opened) => {
      const ledger = new SpendLedger(opened);
      // Another tab's charge shows here too.
      ledger.subscribe((spent) => (this.spentUsd = spent));
      return ledger;
    });
    void database
      .then(async (opened) => {
        const pause = new CloudPause(opened);
        await pause.load();
        this.#pause = pause;
      })
      .catch(() => undefined);
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
