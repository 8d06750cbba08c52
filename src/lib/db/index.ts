export { databaseFrom, DatabaseConnection } from './connection';
export type { ConnectionListener, ConnectionStatus, DatabaseSource } from './connection';
export { BLOCKED_TIMEOUT_MS, OPEN_TIMEOUT_MS, openFailure, openHearthDB } from './open';
export type { HearthDatabase, OpenHearthDBOptions, VersionChange } from './open';
export { DB_NAME, DB_VERSION } from './schema';
export type { CloudStateRecord, HearthDB } from './schema';
