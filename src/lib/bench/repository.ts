import type { HearthDatabase } from '../db';
import type { BenchRecord } from './types';

/** Benchmark history, oldest first. */
export class BenchRepository {
  constructor(private readonly db: HearthDatabase) {}

  list(): Promise<BenchRecord[]> {
    return this.db.getAllFromIndex('benchResults', 'by-at');
  }

  async add(record: BenchRecord): Promise<void> {
    await this.db.put('benchResults', record);
  }

  async delete(id: string): Promise<void> {
    await this.db.delete('benchResults', id);
  }
}
