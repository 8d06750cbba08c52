import type { HearthDatabase } from '../../lib/db';
import { DEFAULT_SETTINGS, SettingsRepository, type Settings } from '../../lib/settings';
import { userMessageFor } from '../../lib/errors';

/** Settings kept in IndexedDB; the page works with defaults until they are read, and says when saving fails. */
export class SettingsStore {
  current = $state<Settings>({ ...DEFAULT_SETTINGS });
  ready = $state(false);
  saveError = $state<string | null>(null);
  #repository: Promise<SettingsRepository>;

  constructor(db: Promise<HearthDatabase>) {
    this.#repository = db.then((database) => new SettingsRepository(database));
    this.#repository
      .then((repository) => repository.load())
      .then((saved) => {
        this.current = saved;
      })
      .catch((error: unknown) => {
        this.saveError = `Settings could not be read: ${userMessageFor(error)}`;
      })
      .finally(() => {
        this.ready = true;
      });
  }

  async update(patch: Partial<Settings>): Promise<void> {
    const next = { ...this.current, ...patch };
    this.current = next;
    try {
      await (await this.#repository).save($state.snapshot(next));
      this.saveError = null;
    } catch (error) {
      this.saveError = `Settings could not be saved: ${userMessageFor(error)}`;
    }
  }
}
