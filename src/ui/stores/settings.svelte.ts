import type { DatabaseSource } from '../../lib/db';
import {
  DEFAULT_SETTINGS,
  MemorySettingsRepository,
  SettingsRepository,
  settingsNotice,
  type Settings,
  type SettingsStorage,
} from '../../lib/settings';
import { userMessageFor } from '../../lib/errors';

/**
 * Settings kept in IndexedDB. The page works with defaults until they are read; when the database cannot
 * be used they are kept in this tab's memory instead, and the page says so.
 */
export class SettingsStore {
  current = $state<Settings>({ ...DEFAULT_SETTINGS });
  ready = $state(false);
  /** The last save failed: what happened, and that the change is kept in this tab. */
  saveError = $state<string | null>(null);
  /** What the person should know about their saved settings: some were reset, or they live only in this tab. */
  notice = $state<string | null>(null);
  /** False once settings live only in this tab's memory. */
  persistent = $state(true);
  #repository: Promise<SettingsStorage>;
  /** Changes made before the saved settings arrived: they win over what is read. */
  #early: Partial<Settings> = {};

  constructor(db: DatabaseSource | Promise<DatabaseSource>) {
    this.#repository = this.#load(db);
  }

  async #load(db: DatabaseSource | Promise<DatabaseSource>): Promise<SettingsStorage> {
    try {
      const repository = new SettingsRepository(await db);
      const { settings, problems } = await repository.read();
      this.current = { ...settings, ...this.#early };
      this.notice = settingsNotice(problems);
      return repository;
    } catch (error) {
      this.persistent = false;
      this.notice = `Settings are kept only in this tab for now. ${userMessageFor(error)}`;
      return new MemorySettingsRepository($state.snapshot(this.current));
    } finally {
      this.ready = true;
    }
  }

  async update(patch: Partial<Settings>): Promise<void> {
    this.current = { ...this.current, ...patch };
    if (!this.ready) this.#early = { ...this.#early, ...patch };
    const repository = await this.#repository;
    try {
      // What is current once the saved settings are in, so an early change never saves over them with defaults.
      await repository.save($state.snapshot(this.current));
      this.saveError = null;
    } catch (error) {
      this.saveError = `Your change is kept in this tab but could not be saved on this device: ${userMessageFor(error)}`;
    }
  }

  dismissNotice(): void {
    this.notice = null;
  }
}
