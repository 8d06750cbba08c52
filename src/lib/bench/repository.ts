import { databaseFrom, type DatabaseSource, type HearthDatabase } from '../db';
import type { BenchRecord } from './types';

/** Benchmark history, oldest first. */
export class BenchRepository {
  readonly #db: () => Promise<HearthDatabase>;

  constructor(source: DatabaseSource) {
    this.#db = databaseFrom(source);
  }

  async list(): Promise<BenchRecord[]> {
    return (await this.#db()).getAllFromIndex('benchResults', 'by-at');
  }

  async add(record: BenchRecord): Promise<void> {
    await (await this.#db()).put('benchResults', record);
  }

  async delete(id: string): Promise<void> {
    await (await this.#db()).delete('benchResults', id);
  }
}
