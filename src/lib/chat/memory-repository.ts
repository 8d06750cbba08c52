import { inWrittenOrder, newConversation, newestFirst, type ChatRepository } from './chat-repository';
import type { Conversation, StoredMessage } from './types';

/**
 * Conversations kept in this tab only, for when the browser gives Hearth no storage (a private window,
 * storage switched off). It copies on the way in and out as IndexedDB does, so changing an object after
 * saving it never changes what was saved, and a Svelte proxy is refused just as IndexedDB refuses it.
 */
export class MemoryChatRepository implements ChatRepository {
  readonly #conversations = new Map<string, Conversation>();
  readonly #messages = new Map<string, StoredMessage>();

  async create(modelId: string, now = Date.now()): Promise<Conversation> {
    const conversation = newConversation(modelId, now);
    this.#conversations.set(conversation.id, structuredClone(conversation));
    return conversation;
  }

  async list(): Promise<Conversation[]> {
    return [...this.#conversations.values()].map((c) => structuredClone(c)).sort(newestFirst);
  }

  async get(id: string): Promise<Conversation | undefined> {
    const conversation = this.#conversations.get(id);
    return conversation && structuredClone(conversation);
  }

  async update(conversation: Conversation): Promise<void> {
    this.#conversations.set(conversation.id, structuredClone(conversation));
  }

  async delete(id: string): Promise<void> {
    for (const [key, message] of this.#messages)
      if (message.conversationId === id) this.#messages.delete(key);
    this.#conversations.delete(id);
  }

  async messages(conversationId: string): Promise<StoredMessage[]> {
    return [...this.#messages.values()]
      .filter((message) => message.conversationId === conversationId)
      .map((message) => structuredClone(message))
      .sort(inWrittenOrder);
  }

  async putMessage(message: StoredMessage, touchedAt = Date.now()): Promise<void> {
    this.#messages.set(message.id, structuredClone(message));
    const conversation = this.#conversations.get(message.conversationId);
    if (conversation) this.#conversations.set(conversation.id, { ...conversation, updatedAt: touchedAt });
  }

  async recoverInterrupted(): Promise<number> {
    let recovered = 0;
    for (const [key, message] of this.#messages) {
      if (message.status === 'streaming') {
        this.#messages.set(key, { ...message, status: 'stopped' });
        recovered++;
      }
    }
    return recovered;
  }
}
