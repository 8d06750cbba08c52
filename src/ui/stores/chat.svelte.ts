import { answerTurn, promptFrom, type TurnDependencies, type TurnEvent } from '../../lib/assistant';
import {
  DEFAULT_GENERATION_SETTINGS,
  DEFAULT_SYSTEM_PROMPT,
  newId,
  titleFrom,
  type ChatRepository,
} from '../../lib/chat';
import type { Conversation, StoredMessage } from '../../lib/chat';
import { streamChatCompletion } from '../../lib/cloud';
import type { BackendChoice } from '../../lib/engine';
import { userMessageFor } from '../../lib/errors';
import type { ModelEntry } from '../../lib/models';
import type { Target } from '../../lib/router';
import type { InferenceStore } from './inference.svelte';
import type { RoutingStore } from './routing.svelte';
import type { SettingsStore } from './settings.svelte';

export interface SendOptions {
  /** Where to run this one message, whatever the mode. */
  override?: Target;
  /** The person confirmed sending this conversation's private data to the cloud, this once. */
  confirmedPrivate?: boolean;
}

export type ChatSetup = Pick<Conversation, 'systemPrompt' | 'settings'> & { modelId?: string };

function freshSetup(): ChatSetup {
  return { systemPrompt: DEFAULT_SYSTEM_PROMPT, settings: { ...DEFAULT_GENERATION_SETTINGS } };
}

/** The turn being answered: Stop aborts it; deleting its conversation also discards what it would write. */
interface RunningTurn {
  conversationId: string;
  controller: AbortController;
  discarded: boolean;
}

/**
 * The chat as the page shows it: conversations, the open one's messages, and the turn being answered.
 * The answering itself lives in lib/assistant; this store only applies its events to reactive state.
 */
export class ChatStore {
  conversations = $state<Conversation[]>([]);
  activeId = $state<string | null>(null);
  messages = $state<StoredMessage[]>([]);
  ready = $state(false);
  /** A sentence for the person when storage fails or something was recovered. */
  notice = $state<string | null>(null);
  /** The answer whose text is streaming in now. */
  streamingId = $state<string | null>(null);
  /** A turn is being answered (it may span a cloud attempt, a device answer and the cascade). */
  busy = $state(false);
  readonly active = $derived(this.conversations.find((c) => c.id === this.activeId));
  /** What a new, not yet saved chat will start with: set before its first message is sent. */
  draft = $state<ChatSetup>(freshSetup());
  /** The open chat's setup, or the draft's for a new chat. */
  readonly setup: ChatSetup = $derived(this.active ?? this.draft);
  #turn: RunningTurn | null = null;
  /** Bumped by each send and by deleting the chat being answered: only the newest claim may clear `busy`. */
  #claims = 0;

  constructor(
    private readonly inference: InferenceStore,
    private readonly repository: Promise<ChatRepository>,
    private readonly settings: SettingsStore,
    private readonly routing: RoutingStore,
  ) {
    void this.#init();
  }

  /** Shows one line about the chats (null says nothing). */
  showNotice(text: string | null): void {
    if (text) this.notice = text;
  }

  async #init(): Promise<void> {
    try {
      const repository = await this.repository;
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
    if (this.busy) return;
    this.activeId = id;
    try {
      this.messages = await (await this.repository).messages(id);
    } catch (error) {
      this.messages = [];
      this.notice = `This chat could not be read: ${userMessageFor(error)}`;
    }
  }

  /** Starts an empty chat; it is saved with its first message. */
  newChat(): void {
    if (this.busy) return;
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

  /** Deletes a chat; one that is being answered stops at once, and nothing of it is written back. */
  async remove(id: string): Promise<void> {
    const discarding = this.#turn?.conversationId === id;
    if (this.#turn && discarding) {
      this.#turn.discarded = true;
      this.#turn.controller.abort();
      // The discarded turn ends by itself; the page must not wait for it to be usable again.
      this.#claims++;
      this.#turn = null;
      this.busy = false;
      this.streamingId = null;
    }
    await this.#guard(async (r) => r.delete(id));
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

  /**
   * Sends a message and answers it. Resolves false when the message was not taken (empty, or a turn is
   * still running), so the composer keeps the text; once taken it is on screen even if storage fails.
   */
  async send(
    text: string,
    model: ModelEntry,
    backend: BackendChoice,
    options: SendOptions = {},
  ): Promise<boolean> {
    const content = text.trim();
    if (content === '' || this.busy) return false;
    const claim = this.#claim();
    try {
      const conversation = this.active ?? (await this.#createConversation(model, content));
      const userMessage: StoredMessage = {
        id: newId(),
        conversationId: conversation.id,
        createdAt: Math.max(Date.now(), (this.messages.at(-1)?.createdAt ?? 0) + 1),
        role: 'user',
        content,
        status: 'complete',
      };
      this.messages.push(userMessage);
      await this.#guard(async (r) => r.putMessage(userMessage));
      this.#touch(conversation.id);
      await this.#runTurn(conversation, $state.snapshot(this.messages), model, backend, options);
      return true;
    } finally {
      this.#release(claim);
    }
  }

  /** Asks again for the answer `answerId` answered, in the cloud (the person pressed the button). */
  async askCloud(
    answerId: string,
    model: ModelEntry,
    backend: BackendChoice,
    confirmedPrivate: boolean,
  ): Promise<void> {
    const conversation = this.active;
    const index = this.messages.findIndex((m) => m.id === answerId);
    if (!conversation || index < 1 || this.busy) return;
    // The conversation as it stood when that answer was asked for.
    const before = $state.snapshot(this.messages).slice(0, index);
    if (before.at(-1)?.role !== 'user') return;
    const claim = this.#claim();
    try {
      await this.#runTurn(conversation, before, model, backend, { override: 'cloud', confirmedPrivate });
    } finally {
      this.#release(claim);
    }
  }

  #claim(): number {
    this.busy = true;
    return ++this.#claims;
  }

  #release(claim: number): void {
    if (this.#claims !== claim) return;
    this.busy = false;
    this.streamingId = null;
  }

  stop(): void {
    this.#turn?.controller.abort();
  }

  async #runTurn(
    conversation: Conversation,
    history: StoredMessage[],
    model: ModelEntry,
    backend: BackendChoice,
    options: SendOptions,
  ): Promise<void> {
    const turn: RunningTurn = {
      conversationId: conversation.id,
      controller: new AbortController(),
      discarded: false,
    };
    this.#turn = turn;
    try {
      const events = answerTurn(
        {
          conversation: $state.snapshot(conversation),
          prompt: promptFrom(conversation, history),
          model,
          backend,
          ...options,
          after: this.messages.at(-1)?.createdAt ?? 0,
          signal: turn.controller.signal,
          discarded: () => turn.discarded,
        },
        this.#dependencies(),
      );
      for await (const event of events) {
        if (!turn.discarded) this.#apply(event);
      }
    } catch (error) {
      this.notice = `The answer failed: ${userMessageFor(error)}`;
    } finally {
      if (this.#turn === turn) this.#turn = null;
    }
  }

  #apply(event: TurnEvent): void {
    switch (event.kind) {
      case 'answer': {
        const { message } = event;
        const index = this.messages.findIndex((m) => m.id === message.id);
        if (index === -1) this.messages.push(message);
        else this.messages[index] = message;
        if (message.status === 'streaming') this.streamingId = message.id;
        else if (this.streamingId === message.id) this.streamingId = null;
        this.#touch(message.conversationId);
        return;
      }
      case 'delta': {
        const message = this.messages.find((m) => m.id === event.id);
        if (message) message.content += event.text;
        return;
      }
      case 'notice':
        this.notice = event.text;
        return;
    }
  }

  #dependencies(): TurnDependencies {
    return {
      device: this.inference.session,
      cloud: streamChatCompletion,
      writer: { putMessage: async (message) => (await this.repository).putMessage(message) },
      ledger: this.routing.ledger,
      pause: this.routing.pause,
      classifier: () => this.routing.ready(),
      settings: () => $state.snapshot(this.settings.current),
      online: () => this.routing.online,
      now: () => Date.now(),
      monotonic: () => performance.now(),
      newId,
    };
  }

  /** A chat that cannot be saved still works in this tab: storage failing is said, never fatal. */
  async #createConversation(model: ModelEntry, firstMessage: string): Promise<Conversation> {
    const now = Date.now();
    const conversation: Conversation = {
      id: newId(),
      createdAt: now,
      updatedAt: now,
      ...$state.snapshot(this.draft),
      modelId: model.id,
      title: titleFrom(firstMessage),
    };
    await this.#guard(async (r) => r.update(conversation));
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
  async #guard(write: (repository: ChatRepository) => Promise<void>): Promise<void> {
    try {
      await write(await this.repository);
    } catch (error) {
      this.notice = `This chat could not be saved on this device: ${userMessageFor(error)} It stays here until you close the tab.`;
    }
  }
}
