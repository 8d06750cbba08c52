import { databaseFrom, type DatabaseSource, type HearthDatabase } from '../db';
import { parseSettings, type ParsedSettings } from './parse';
import type { Settings } from './settings';

/** Where settings are kept: IndexedDB, or this tab's memory when there is no storage. */
export interface SettingsStorage {
  /** The saved settings, checked: invalid fields are reset to their defaults and named in `problems`. */
  read(): Promise<ParsedSettings>;
  /** The saved settings, checked (the problems left out). */
  load(): Promise<Settings>;
  save(settings: Settings): Promise<void>;
}

export class SettingsRepository implements SettingsStorage {
  readonly #db: () => Promise<HearthDatabase>;

  constructor(source: DatabaseSource) {
    this.#db = databaseFrom(source);
  }

  async read(): Promise<ParsedSettings> {
    // Typed as Settings by the schema, but it is whatever was stored: check it all.
    const stored: unknown = await (await this.#db()).get('settings', 'app');
    return parseSettings(stored);
  }

  async load(): Promise<Settings> {
    return (await this.read()).settings;
  }

  async save(settings: Settings): Promise<void> {
    await (await this.#db()).put('settings', settings, 'app');
  }
}
