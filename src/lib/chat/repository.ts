import { databaseFrom, type DatabaseSource, type HearthDatabase } from '../db';
import { fieldsOf } from '../db/fields';
import {
  newConversation,
  newestFirst,
  type ChatRepository,
  type ChatRepositoryOptions,
} from './chat-repository';
import { parseConversation, parseMessage, type Parsed } from './parse';
import type { Conversation, StoredMessage } from './types';

export { newId } from './chat-repository';

/**
 * Conversations and their messages in IndexedDB. Every write is one transaction, so a reload never sees
 * half. Everything read back is checked (parseConversation, parseMessage): damaged fields are reset,
 * unusable records left out, and `onProblems` hears about both.
 */
export class ConversationRepository implements ChatRepository {
  readonly #db: () => Promise<HearthDatabase>;
  readonly #onProblems: (problems: string[]) => void;

  constructor(source: DatabaseSource, options: ChatRepositoryOptions = {}) {
    this.#db = databaseFrom(source);
    this.#onProblems = options.onProblems ?? (() => {});
  }

  async create(modelId: string, now = Date.now()): Promise<Conversation> {
    const conversation = newConversation(modelId, now);
    await (await this.#db()).put('conversations', conversation);
    return conversation;
  }

  /** Newest first. Reads the whole store, not the index, so a chat with a damaged time is still found. */
  async list(): Promise<Conversation[]> {
    const stored: unknown[] = await (await this.#db()).getAll('conversations');
    return this.#usable(stored.map(parseConversation)).sort(newestFirst);
  }

  async get(id: string): Promise<Conversation | undefined> {
    const stored: unknown = await (await this.#db()).get('conversations', id);
    if (stored === undefined) return undefined;
    return this.#usable([parseConversation(stored)])[0];
  }

  async update(conversation: Conversation): Promise<void> {
    await (await this.#db()).put('conversations', conversation);
  }

  async delete(id: string): Promise<void> {
    const tx = (await this.#db()).transaction(['conversations', 'messages'], 'readwrite');
    const messages = tx.objectStore('messages');
    const range = IDBKeyRange.bound([id, -Infinity], [id, Infinity]);
    for (const key of await messages.index('by-conversation').getAllKeys(range)) await messages.delete(key);
    await tx.objectStore('conversations').delete(id);
    await tx.done;
  }

  async messages(conversationId: string): Promise<StoredMessage[]> {
    const stored: unknown[] = await (
      await this.#db()
    ).getAllFromIndex(
      'messages',
      'by-conversation',
      IDBKeyRange.bound([conversationId, -Infinity], [conversationId, Infinity]),
    );
    // The index already orders them by createdAt, then id.
    return this.#usable(stored.map(parseMessage));
  }

  async putMessage(message: StoredMessage, touchedAt = Date.now()): Promise<void> {
    const tx = (await this.#db()).transaction(['conversations', 'messages'], 'readwrite');
    await tx.objectStore('messages').put(message);
    const conversations = tx.objectStore('conversations');
    const conversation = await conversations.get(message.conversationId);
    if (conversation) await conversations.put({ ...conversation, updatedAt: touchedAt });
    await tx.done;
  }

  async recoverInterrupted(): Promise<number> {
    const tx = (await this.#db()).transaction('messages', 'readwrite');
    let recovered = 0;
    for (let cursor = await tx.store.openCursor(); cursor; cursor = await cursor.continue()) {
      // Checked field by field: a damaged record must not stop the others from being recovered.
      if (fieldsOf(cursor.value)?.get('status') === 'streaming') {
        await cursor.update({ ...cursor.value, status: 'stopped' });
        recovered++;
      }
    }
    await tx.done;
    return recovered;
  }

  #usable<T>(parsed: Parsed<T>[]): T[] {
    const problems = parsed.flatMap((p) => p.problems);
    if (problems.length > 0) this.#onProblems(problems);
    return parsed.flatMap((p) => (p.value === null ? [] : [p.value]));
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
