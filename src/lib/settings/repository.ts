import type { HearthDatabase } from '../db';
import { withDefaults, type Settings } from './settings';

export class SettingsRepository {
  constructor(private readonly db: HearthDatabase) {}

  async load(): Promise<Settings> {
    return withDefaults(await this.db.get('settings', 'app'));
  }

  async save(settings: Settings): Promise<void> {
    await this.db.put('settings', settings, 'app');
  }
}
