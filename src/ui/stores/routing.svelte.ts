import { monthKey } from '../../lib/cloud';
import type { HearthDatabase } from '../../lib/db';
import { loadClassifier, type DifficultyClassifier } from '../../lib/router';
import { SpendRepository } from '../../lib/settings';

/** What the router needs beyond settings: its trained classifier, this month's spend, and being online. */
export class RoutingStore {
  classifier = $state<DifficultyClassifier | null>(null);
  spentUsd = $state(0);
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  readonly defaultThreshold = $derived(this.classifier?.weights.threshold ?? null);
  #spend: Promise<SpendRepository>;
  #cloudPausedUntil = 0;

  constructor(db: Promise<HearthDatabase>) {
    this.#spend = db.then((database) => new SpendRepository(database));
    void this.#spend.then((spend) => spend.spent(monthKey())).then((spent) => (this.spentUsd = spent));
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

  /** Honours a 429's Retry-After: until then the router keeps messages on this device. */
  pauseCloud(seconds: number): void {
    this.#cloudPausedUntil = Math.max(this.#cloudPausedUntil, Date.now() + seconds * 1000);
  }

  /** Seconds left of the wait the cloud asked for (0 when none). */
  cloudWaitS(): number {
    return Math.max(0, (this.#cloudPausedUntil - Date.now()) / 1000);
  }

  async charge(usd: number): Promise<void> {
    this.spentUsd = await (await this.#spend).add(monthKey(), usd);
  }
}
