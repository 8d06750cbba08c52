import type { ConnectionStatus, DatabaseConnection } from '../../lib/db';

/** The page's view of its database connection: one notice for the whole app when storage is off or stale. */
export class StorageStore {
  status = $state<ConnectionStatus>('opening');
  notice = $state<string | null>(null);

  constructor(readonly connection: DatabaseConnection) {
    const update = (status: ConnectionStatus): void => {
      this.status = status;
      this.notice = connection.notice();
    };
    update(connection.status);
    connection.subscribe(update);
  }

  /** A newer Hearth took the database in another tab: only a reload lets this tab save again. */
  get needsReload(): boolean {
    return this.status === 'superseded';
  }
}
