import type { DBSchema } from 'idb';
import type { BenchRecord } from '../bench/types';
import type { Conversation, StoredMessage } from '../chat/types';
import type { Settings } from '../settings/settings';

/**
 * Hearth's one IndexedDB database. Every store is declared here so the compiler checks each key and
 * value; each schema version adds a step to the upgrade in `open.ts`, never rewrites an earlier one.
 */
export interface HearthDB extends DBSchema {
  settings: {
    key: 'app';
    value: Settings;
  };
  conversations: {
    key: string;
    value: Conversation;
    indexes: { 'by-updated': number };
  };
  messages: {
    key: string;
    value: StoredMessage;
    indexes: { 'by-conversation': [string, number] };
  };
  benchResults: {
    key: string;
    value: BenchRecord;
    indexes: { 'by-at': number };
  };
  /** Cloud spend per calendar month ('2026-11'), for the budget's hard stop. */
  cloudSpend: {
    key: string;
    value: { month: string; spentUsd: number; requests: number };
  };
  /** Small facts about the cloud that must survive a reload, one record per name. */
  cloudState: {
    key: CloudStateRecord['name'];
    value: CloudStateRecord;
  };
}

/**
 * One record of `cloudState`. 'pause': the cloud may not be asked before `untilMs` (epoch milliseconds),
 * because it answered 429 (see lib/cloud/pause.ts).
 */
export type CloudStateRecord = { name: 'pause'; untilMs: number };

export const DB_NAME = 'hearth';
/** 1: settings. 2: conversations and their messages. 3: benchmark history. 4: cloud spend. 5: cloud state. */
export const DB_VERSION = 5;
