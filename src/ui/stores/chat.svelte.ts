import {
  ConversationRepository,
  DEFAULT_GENERATION_SETTINGS,
  DEFAULT_SYSTEM_PROMPT,
  newId,
  titleFrom,
} from '../../lib/chat';
import type { AnswerMeta, Conversation, StoredMessage } from '../../lib/chat';
import type { HearthDatabase } from '../../lib/db';
import type { BackendChoice, ChatMessage } from '../../lib/engine';
import { userMessageFor } from '../../lib/errors';
import type { ModelEntry } from '../../lib/models';
import type { InferenceStore } from './inference.svelte';

/** How often a streaming answer is written to IndexedDB: a reload loses at most this much of it. */
const PERSIST_EVERY_MS = 250;

/** Until the cloud router exists, every answer runs here, and this is why. */
const DEVICE_ONLY_REASON = 'no cloud endpoint is configured';

export type ChatSetup = Pick<Conversation, 'systemPrompt' | 'settings'> & { modelId?: string };

function freshSetup(): ChatSetup {
  return { systemPrompt: DEFAULT_SYSTEM_PROMPT, settings: { ...DEFAULT_GENERATION_SETTINGS } };
}

/** The chat: conversations and their messages, kept in IndexedDB, and the answer being streamed. */
export class ChatStore {
  conversations = $state<Conversation[]>([]);
  activeId = $state<string | null>(null);
  messages = $state<StoredMessage[]>([]);
  ready = $state(false);
  /** A sentence for the person when storage fails or something was recovered. */
  notice = $state<string | null>(null);
  streamingId = $state<string | null>(null);
  readonly active = $derived(this.conversations.find((c) => c.id === this.activeId));
  /** What a new, not yet saved chat will start with: set before its first message is sent. */
  draft = $state<ChatSetup>(freshSetup());
  /** The open chat's setup, or the draft's for a new chat. */
  readonly setup: ChatSetup = $derived(this.active ?? this.draft);
  #repository: Promise<ConversationRepository>;

  constructor(
    private readonly inference: InferenceStore,
    db: Promise<HearthDatabase>,
  ) {
    this.#repository = db.then((database) => new ConversationRepository(database));
    void this.#init();
  }

  async #init(): Promise<void> {
    try {
      const repository = await this.#repository;
      const recovered = await repository.recoverInterrupted();
      if (recovered > 0) {
        this.notice = `${recovered === 1 ? 'An answer was' : `${recovered} answers were`} cut off when the page closed; kept up to the last word and marked stopped.`;
      }
      this.conversations = await repository.list();
      const newest = this.conversations[0];
      if (newest) await this.select(newest.id);
    } catch (error) {
      this.notice = `Saved chats could not be read: ${userMessageFor(error)}`;
    } finally {
      this.ready = true;
    }
  }

  async select(id: string): Promise<void> {
    if (this.streamingId) return;
    this.activeId = id;
    this.messages = await (await this.#repository).messages(id);
  }

  /** Starts an empty chat; it is saved with its first message. */
  newChat(): void {
    if (this.streamingId) return;
    this.activeId = null;
    this.messages = [];
    this.draft = freshSetup();
  }

  async rename(id: string, title: string): Promise<void> {
    const conversation = this.conversations.find((c) => c.id === id);
    const trimmed = title.trim();
    if (!conversation || trimmed === '') return;
    await this.#save({ ...$state.snapshot(conversation), title: trimmed });
  }

  async remove(id: string): Promise<void> {
    if (this.streamingId && id === this.activeId) this.inference.stop();
    await this.#guard(async (repository) => repository.delete(id));
    this.conversations = this.conversations.filter((c) => c.id !== id);
    if (this.activeId === id) {
      const next = this.conversations[0];
      if (next) await this.select(next.id);
      else this.newChat();
    }
  }

  /** Changes the active chat's system prompt, generation settings or model. */
  async configure(patch: Partial<ChatSetup>): Promise<void> {
    if (!this.active) {
      this.draft = { ...this.draft, ...patch };
      return;
    }
    await this.#save({ ...$state.snapshot(this.active), ...patch });
  }

  async send(text: string, model: ModelEntry, backend: BackendChoice): Promise<void> {
    const content = text.trim();
    if (content === '' || this.streamingId) return;
    const repository = await this.#repository;
    const conversation = this.active ?? (await this.#createConversation(repository, model, content));

    const now = Date.now();
    const userMessage: StoredMessage = {
      id: newId(),
      conversationId: conversation.id,
      createdAt: now,
      role: 'user',
      content,
      status: 'complete',
    };
    const answer: StoredMessage = {
      id: newId(),
      conversationId: conversation.id,
      createdAt: now + 1,
      role: 'assistant',
      content: '',
      status: 'streaming',
      meta: { modelId: model.id, modelName: model.displayName, where: 'device', reason: DEVICE_ONLY_REASON },
    };
    const history = this.#promptFrom(conversation);
    this.messages.push(userMessage, answer);
    // Work on the reactive copy so the page shows each token as it lands.
    const live = this.messages[this.messages.length - 1] ?? answer;
    this.streamingId = answer.id;
    await this.#guard(async (r) => {
      await r.putMessage(userMessage);
      await r.putMessage($state.snapshot(live));
    });
    this.#touch(conversation.id);

    try {
      const loaded = await this.inference.load(model, backend);
      if (!loaded) {
        this.#finish(live, 'error', { error: this.inference.error ?? 'The model could not be loaded.' });
        return;
      }
      let lastSaved = performance.now();
      const result = await this.inference.generate(
        [...history, { role: 'user', content }],
        conversation.settings,
        (token) => {
          live.content += token.text;
          const at = performance.now();
          if (at - lastSaved >= PERSIST_EVERY_MS) {
            lastSaved = at;
            void this.#guard(async (r) => r.putMessage($state.snapshot(live)));
          }
        },
      );
      if (!result) {
        this.#finish(live, live.content ? 'stopped' : 'error', {
          error: this.inference.error ?? 'The model stopped with an error.',
        });
        return;
      }
      const meta: AnswerMeta = {
        ...(live.meta ??
          answer.meta ?? {
            modelId: model.id,
            modelName: model.displayName,
            where: 'device',
            reason: DEVICE_ONLY_REASON,
          }),
        backend: loaded.backend,
        stats: result.stats,
        trimmedMessages: result.trimmedMessages,
      };
      live.content = result.text;
      this.#finish(live, result.finishReason === 'aborted' ? 'stopped' : 'complete', { meta });
    } finally {
      this.streamingId = null;
    }
  }

  stop(): void {
    this.inference.stop();
  }

  #finish(
    live: StoredMessage,
    status: StoredMessage['status'],
    extra: Pick<StoredMessage, 'meta' | 'error'>,
  ): void {
    live.status = status;
    if (extra.meta) live.meta = extra.meta;
    if (extra.error) live.error = extra.error;
    void this.#guard(async (r) => r.putMessage($state.snapshot(live)));
  }

  /** The model sees the system prompt and every finished turn; failed answers are left out. */
  #promptFrom(conversation: Conversation): ChatMessage[] {
    const turns: ChatMessage[] = this.messages
      .filter((m) => m.status !== 'error' && !(m.role === 'assistant' && m.content === ''))
      .map((m) => ({ role: m.role, content: m.content }));
    return conversation.systemPrompt.trim()
      ? [{ role: 'system', content: conversation.systemPrompt }, ...turns]
      : turns;
  }

  async #createConversation(
    repository: ConversationRepository,
    model: ModelEntry,
    firstMessage: string,
  ): Promise<Conversation> {
    const created = await repository.create(model.id);
    const conversation = {
      ...created,
      ...$state.snapshot(this.draft),
      modelId: model.id,
      title: titleFrom(firstMessage),
    };
    await repository.update(conversation);
    this.conversations.unshift(conversation);
    this.activeId = conversation.id;
    return conversation;
  }

  #touch(id: string): void {
    const index = this.conversations.findIndex((c) => c.id === id);
    const conversation = this.conversations[index];
    if (index <= 0 || !conversation) return;
    this.conversations.splice(index, 1);
    this.conversations.unshift(conversation);
  }

  async #save(conversation: Conversation): Promise<void> {
    await this.#guard(async (r) => r.update(conversation));
    this.conversations = this.conversations.map((c) => (c.id === conversation.id ? conversation : c));
  }

  /** Storage failures (a full disk, a private window) are told, never thrown at the UI. */
  async #guard(write: (repository: ConversationRepository) => Promise<void>): Promise<void> {
    try {
      await write(await this.#repository);
    } catch (error) {
      this.notice = `This chat could not be saved on this device: ${userMessageFor(error)}`;
    }
  }
}
