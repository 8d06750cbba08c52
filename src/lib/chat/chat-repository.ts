import {
  DEFAULT_GENERATION_SETTINGS,
  DEFAULT_SYSTEM_PROMPT,
  type Conversation,
  type StoredMessage,
} from './types';

/**
 * Where conversations and their messages are kept: IndexedDB (ConversationRepository), or this tab's memory
 * when the browser gives Hearth no storage (MemoryChatRepository). Both behave the same; one contract test
 * suite runs against each.
 */
export interface ChatRepository {
  /** A new conversation with the default setup, saved at once. */
  create(modelId: string, now?: number): Promise<Conversation>;
  /** Every conversation, the most recently used first. */
  list(): Promise<Conversation[]>;
  get(id: string): Promise<Conversation | undefined>;
  /** Saves the conversation as given (creating it when it is new). */
  update(conversation: Conversation): Promise<void>;
  /** Deletes the conversation and all its messages. */
  delete(id: string): Promise<void>;
  /** The conversation's messages in the order they were written (by createdAt). */
  messages(conversationId: string): Promise<StoredMessage[]>;
  /** Saves a message and marks its conversation as used at `touchedAt`, together. */
  putMessage(message: StoredMessage, touchedAt?: number): Promise<void>;
  /**
   * An answer still marked `streaming` was cut off by a reload or a closed tab: keep its text and mark it
   * stopped. Returns how many were recovered.
   */
  recoverInterrupted(): Promise<number>;
}

export interface ChatRepositoryOptions {
  /**
   * Called after a read that repaired or left out damaged records, with what it did in words for people
   * (see chatRepairNotice). Reads still return everything that could be used.
   */
  onProblems?: (problems: string[]) => void;
}

export function newId(): string {
  return crypto.randomUUID();
}

export function newConversation(modelId: string, now: number): Conversation {
  return {
    id: newId(),
    title: 'New chat',
    createdAt: now,
    updatedAt: now,
    modelId,
    systemPrompt: DEFAULT_SYSTEM_PROMPT,
    settings: { ...DEFAULT_GENERATION_SETTINGS },
  };
}

/** IndexedDB's string key order (UTF-16 code units), which `<` on strings also follows. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Most recently used first; ties newest id first, as the reversed `by-updated` index would give them. */
export function newestFirst(a: Conversation, b: Conversation): number {
  return b.updatedAt - a.updatedAt || compareIds(b.id, a.id);
}

/** As the `by-conversation` index orders them: by createdAt, ties by id. */
export function inWrittenOrder(a: StoredMessage, b: StoredMessage): number {
  return a.createdAt - b.createdAt || compareIds(a.id, b.id);
}
