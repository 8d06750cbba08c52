import type { HearthDatabase } from '../db';
import {
  DEFAULT_GENERATION_SETTINGS,
  DEFAULT_SYSTEM_PROMPT,
  type Conversation,
  type StoredMessage,
} from './types';

export function newId(): string {
  return crypto.randomUUID();
}

/** Where conversations and their messages are kept. */
export interface ChatRepository {
  list(): Promise<Conversation[]>;
  update(conversation: Conversation): Promise<void>;
  delete(id: string): Promise<void>;
  messages(conversationId: string): Promise<StoredMessage[]>;
  putMessage(message: StoredMessage): Promise<void>;
  recoverInterrupted(): Promise<number>;
}

/** Conversations and their messages in IndexedDB. Every write is one transaction, so a reload never sees half. */
export class ConversationRepository implements ChatRepository {
  constructor(private readonly db: HearthDatabase) {}

  async create(modelId: string, now = Date.now()): Promise<Conversation> {
    const conversation: Conversation = {
      id: newId(),
      title: 'New chat',
      createdAt: now,
      updatedAt: now,
      modelId,
      systemPrompt: DEFAULT_SYSTEM_PROMPT,
      settings: { ...DEFAULT_GENERATION_SETTINGS },
    };
    await this.db.put('conversations', conversation);
    return conversation;
  }

  /** Newest first. */
  async list(): Promise<Conversation[]> {
    const all = await this.db.getAllFromIndex('conversations', 'by-updated');
    return all.reverse();
  }

  get(id: string): Promise<Conversation | undefined> {
    return this.db.get('conversations', id);
  }

  async update(conversation: Conversation): Promise<void> {
    await this.db.put('conversations', conversation);
  }

  async delete(id: string): Promise<void> {
    const tx = this.db.transaction(['conversations', 'messages'], 'readwrite');
    const messages = tx.objectStore('messages');
    const range = IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
    for (const key of await messages.index('by-conversation').getAllKeys(range)) await messages.delete(key);
    await tx.objectStore('conversations').delete(id);
    await tx.done;
  }

  messages(conversationId: string): Promise<StoredMessage[]> {
    return this.db.getAllFromIndex(
      'messages',
      'by-conversation',
      IDBKeyRange.bound([conversationId, -Infinity], [conversationId, Infinity]),
    );
  }

  /** Saves a message and marks its conversation as just used, together. */
  async putMessage(message: StoredMessage, touchedAt = Date.now()): Promise<void> {
    const tx = this.db.transaction(['conversations', 'messages'], 'readwrite');
    await tx.objectStore('messages').put(message);
    const conversations = tx.objectStore('conversations');
    const conversation = await conversations.get(message.conversationId);
    if (conversation) await conversations.put({ ...conversation, updatedAt: touchedAt });
    await tx.done;
  }

  /**
   * An answer still marked `streaming` was cut off by a reload or a closed tab: keep its text up to the
   * last saved token and mark it stopped. Returns how many were recovered.
   */
  async recoverInterrupted(): Promise<number> {
    const tx = this.db.transaction('messages', 'readwrite');
    let recovered = 0;
    for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
      if (cursor.value.status === 'streaming') {
        await cursor.update({ ...cursor.value, status: 'stopped' });
        recovered++;
      }
    }
    await tx.done;
    return recovered;
  }
}

/** A short title from the first message, on a word boundary. */
export function titleFrom(text: string, maxLength = 48): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= maxLength) return oneLine || 'New chat';
  const cut = oneLine.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}
