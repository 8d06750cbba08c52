export { openHearthDB } from './open';
export type { HearthDatabase } from './open';
export { DB_NAME, DB_VERSION } from './schema';
export type { CloudStateRecord, HearthDB } from './schema';
