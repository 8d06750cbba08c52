import { databaseFrom, type DatabaseSource, type HearthDatabase } from '../db';
import { fieldsOf, finite } from '../db/fields';

/** Cloud spend per calendar month ('2026-11'), for the budget's hard stop. */
export interface SpendStorage {
  spent(month: string): Promise<number>;
  /** Adds a charge (negative ones count as 0); returns the month's new total. */
  add(month: string, usd: number): Promise<number>;
}

interface MonthSpend {
  month: string;
  spentUsd: number;
  requests: number;
}

/**
 * A stored month read back. A damaged total counts as 0 rather than NaN: NaN would fail every budget
 * comparison and so never stop spending, while 0 still stops it once the month's budget is spent again.
 */
export function monthSpend(month: string, stored: unknown): MonthSpend {
  const record = fieldsOf(stored);
  return {
    month,
    spentUsd: finite(record?.get('spentUsd'), 0) ?? 0,
    requests: finite(record?.get('requests'), 0) ?? 0,
  };
}

function charged(current: MonthSpend, usd: number): MonthSpend {
  return {
    month: current.month,
    spentUsd: current.spentUsd + (finite(usd, 0) ?? 0),
    requests: current.requests + 1,
  };
}

/** Cloud spend in IndexedDB; adding is one transaction so two tabs cannot lose a charge. */
export class SpendRepository implements SpendStorage {
  readonly #db: () => Promise<HearthDatabase>;

  constructor(source: DatabaseSource) {
    this.#db = databaseFrom(source);
  }

  async spent(month: string): Promise<number> {
    return monthSpend(month, await (await this.#db()).get('cloudSpend', month)).spentUsd;
  }

  async add(month: string, usd: number): Promise<number> {
    const tx = (await this.#db()).transaction('cloudSpend', 'readwrite');
    const next = charged(monthSpend(month, await tx.store.get(month)), usd);
    await tx.store.put(next);
    await tx.done;
    return next.spentUsd;
  }
}

/** Cloud spend kept in this tab only, for when there is no storage: the budget still stops spending. */
export class MemorySpendRepository implements SpendStorage {
  readonly #months = new Map<string, MonthSpend>();

  spent(month: string): Promise<number> {
    return Promise.resolve(this.#months.get(month)?.spentUsd ?? 0);
  }

  add(month: string, usd: number): Promise<number> {
    const next = charged(this.#months.get(month) ?? monthSpend(month, undefined), usd);
    this.#months.set(month, next);
    return Promise.resolve(next.spentUsd);
  }
}
