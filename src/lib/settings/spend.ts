import type { HearthDatabase } from '../db';

/** Cloud spend for one calendar month; adding is one transaction so two tabs cannot lose a charge. */
export class SpendRepository {
  constructor(private readonly db: HearthDatabase) {}

  async spent(month: string): Promise<number> {
    return (await this.db.get('cloudSpend', month))?.spentUsd ?? 0;
  }

  async add(month: string, usd: number): Promise<number> {
    const tx = this.db.transaction('cloudSpend', 'readwrite');
    const current = (await tx.store.get(month)) ?? { month, spentUsd: 0, requests: 0 };
    const next = { month, spentUsd: current.spentUsd + Math.max(0, usd), requests: current.requests + 1 };
    await tx.store.put(next);
    await tx.done;
    return next.spentUsd;
  }
}
