import { parseSettings, type ParsedSettings } from './parse';
import type { Settings } from './settings';
import type { SettingsStorage } from './repository';

/**
 * Settings kept in this tab only, for when the browser gives Hearth no storage. It copies on the way in
 * and out, as IndexedDB does, so a caller changing its object never changes what was saved.
 */
export class MemorySettingsRepository implements SettingsStorage {
  #saved: Settings | undefined;

  constructor(initial?: Settings) {
    this.#saved = initial === undefined ? undefined : structuredClone(initial);
  }

  read(): Promise<ParsedSettings> {
    // parseSettings builds new objects and lists, so what it returns is already a copy.
    return Promise.resolve(parseSettings(this.#saved));
  }

  async load(): Promise<Settings> {
    return (await this.read()).settings;
  }

  save(settings: Settings): Promise<void> {
    this.#saved = structuredClone(settings);
    return Promise.resolve();
  }
}
