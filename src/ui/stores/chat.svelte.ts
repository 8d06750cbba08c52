import {
  ConversationRepository,
  DEFAULT_GENERATION_SETTINGS,
  DEFAULT_SYSTEM_PROMPT,
  newId,
  titleFrom,
} from '../../lib/chat';
import type { AnswerMeta, Conversation, StoredMessage } from '../../lib/chat';
import {
  budgetPriceFor,
  costUsd,
  priceTable,
  estimateCostUsd,
  priceFor,
  streamChatCompletion,
} from '../../lib/cloud';
import type { HearthDatabase } from '../../lib/db';
import { isUnsure, type BackendChoice, type ChatMessage, type GenerationConfidence } from '../../lib/engine';
import { CloudRateLimitedError, userMessageFor } from '../../lib/errors';
import type { ModelEntry } from '../../lib/models';
import { escalationFor, route, type RouteDecision, type Target } from '../../lib/router';
import type { InferenceStore } from './inference.svelte';
import type { RoutingStore } from './routing.svelte';
import type { SettingsStore } from './settings.svelte';

/** How often a streaming answer is written to IndexedDB: a reload loses at most this much of it. */
const PERSIST_EVERY_MS = 250;

export interface SendOptions {
  /** Where to run this one message, whatever the mode. */
  override?: Target;
  /** The person confirmed sending a private message to the cloud. */
  confirmedPrivate?: boolean;
  /** Set when the cascade re-asks an unsure device answer: the reason shown, and no device fallback. */
  escalation?: string;
}

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

  #cloudAbort: AbortController | null = null;

  constructor(
    private readonly inference: InferenceStore,
    db: Promise<HearthDatabase>,
    private readonly settings: SettingsStore,
    private readonly routing: RoutingStore,
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

  async send(
    text: string,
    model: ModelEntry,
    backend: BackendChoice,
    options: SendOptions = {},
  ): Promise<void> {
    const content = text.trim();
    if (content === '' || this.streamingId) return;
    const repository = await this.#repository;
    const conversation = this.active ?? (await this.#createConversation(repository, model, content));
    const history = this.#promptFrom(conversation);
    const userMessage: StoredMessage = {
      id: newId(),
      conversationId: conversation.id,
      createdAt: Date.now(),
      role: 'user',
      content,
      status: 'complete',
    };
    this.messages.push(userMessage);
    await this.#guard(async (r) => r.putMessage(userMessage));
    await this.#answer(conversation, [...history, { role: 'user', content }], model, backend, options);
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
    if (!conversation || index < 1 || this.streamingId) return;
    // The conversation as it stood when that answer was asked for.
    const prompt = this.#promptFrom(conversation, this.messages.slice(0, index));
    if (prompt.at(-1)?.role !== 'user') return;
    await this.#answer(conversation, prompt, model, backend, { override: 'cloud', confirmedPrivate });
  }

  async #answer(
    conversation: Conversation,
    prompt: ChatMessage[],
    model: ModelEntry,
    backend: BackendChoice,
    options: SendOptions,
  ): Promise<void> {
    const lastUser = prompt.filter((m) => m.role === 'user').at(-1)?.content ?? '';
    const decision = await this.#decide(lastUser, prompt, model, options);
    const cloudModel = this.settings.current.cloudModel;
    const onDevice = (reason: string): AnswerMeta => ({
      modelId: model.id,
      modelName: model.displayName,
      where: 'device',
      reason,
      ...(decision.privateKinds.length > 0
        ? { privateKinds: decision.privateKinds.map((k) => k.label) }
        : {}),
    });
    let live = await this.#startAnswer(
      conversation,
      decision.target === 'cloud'
        ? {
            modelId: cloudModel,
            modelName: cloudModel,
            where: 'cloud',
            reason: options.escalation ?? decision.reasons[0] ?? '',
          }
        : onDevice(decision.reasons[0] ?? ''),
    );
    let confidence: GenerationConfidence | undefined;
    try {
      if (decision.target === 'cloud') {
        const fallback = options.escalation === undefined;
        const answered = await this.#answerInCloud(live, prompt, conversation, fallback);
        if (answered || !fallback) return;
        // The cloud failed: its partial answer is kept as it is, and the device answers below it.
        if (live.content !== '') {
          this.#finish(live, 'stopped', {});
          live = await this.#startAnswer(
            conversation,
            onDevice('the cloud failed, so it ran on this device'),
          );
        } else {
          live.meta = onDevice('the cloud failed, so it ran on this device');
        }
      }
      confidence = await this.#answerOnDevice(live, prompt, conversation, model, backend);
    } finally {
      this.streamingId = null;
    }
    if (confidence && live.status === 'complete' && decision.target === 'device') {
      await this.#escalate(live, conversation, prompt, model, backend, decision, confidence);
    }
  }

  /** Adds an empty answer that streams in, saved at once so a reload finds it. */
  async #startAnswer(conversation: Conversation, meta: AnswerMeta): Promise<StoredMessage> {
    const answer: StoredMessage = {
      id: newId(),
      conversationId: conversation.id,
      createdAt: Math.max(Date.now(), (this.messages.at(-1)?.createdAt ?? 0) + 1),
      role: 'assistant',
      content: '',
      status: 'streaming',
      meta,
    };
    this.messages.push(answer);
    const live = this.messages[this.messages.length - 1] ?? answer;
    this.streamingId = answer.id;
    await this.#guard(async (r) => r.putMessage($state.snapshot(live)));
    this.#touch(conversation.id);
    return live;
  }

  /** The cascade: an unsure device answer is re-asked in the cloud (Automatic mode) or the cloud is offered. */
  async #escalate(
    live: StoredMessage,
    conversation: Conversation,
    prompt: ChatMessage[],
    model: ModelEntry,
    backend: BackendChoice,
    decision: RouteDecision,
    confidence: GenerationConfidence,
  ): Promise<void> {
    const next = escalationFor(decision, this.settings.current.routingMode, isUnsure(confidence));
    if (next === 'none' || !live.meta) return;
    const why = `the on-device answer looked unsure (${Math.round(confidence.normalizedEntropy * 100)}% of maximal uncertainty over its first ${confidence.tokens} tokens)`;
    live.meta = { ...live.meta, unsure: why };
    await this.#guard(async (r) => r.putMessage($state.snapshot(live)));
    if (next === 'automatic')
      await this.#answer(conversation, prompt, model, backend, { override: 'cloud', escalation: why });
  }

  async #decide(
    text: string,
    prompt: ChatMessage[],
    model: ModelEntry,
    options: SendOptions,
  ): Promise<RouteDecision> {
    const settings = this.settings.current;
    const cloudConfigured = settings.cloudEndpointUrl !== '' && settings.cloudModel !== '';
    if (!cloudConfigured)
      return {
        target: 'device',
        decidedBy: 'gate',
        score: null,
        reasons: ['no cloud endpoint is configured'],
        privateKinds: [],
      };
    const classifier = await this.routing.ready();
    const price = budgetPriceFor(settings.cloudModel, priceTable(settings.cloudPrices));
    const chars = prompt.reduce((sum, m) => sum + m.content.length, 0);
    return route(
      text,
      {
        mode: settings.routingMode,
        ...(options.override ? { override: options.override } : {}),
        cloudConfigured,
        online: this.routing.online,
        cloudWaitS: this.routing.cloudWaitS(),
        budgetLeftUsd: settings.monthlyCloudBudgetUsd - this.routing.spentUsd,
        estimatedCostUsd: estimateCostUsd(chars, this.active?.settings.maxNewTokens ?? 512, price),
        localModelUsable: true,
        localContextTokens: model.contextWindow,
        // A conservative guess: real tokenizers average 3–4 characters a token in English.
        promptTokens: Math.ceil(chars / 3),
        privateTerms: settings.privateTerms,
        confirmedPrivate: options.confirmedPrivate === true,
        threshold: settings.routerThreshold ?? classifier.weights.threshold,
      },
      classifier,
    );
  }

  /** Streams the answer from the cloud; false when it failed (the error is on the answer and nothing is lost). */
  async #answerInCloud(
    live: StoredMessage,
    prompt: ChatMessage[],
    conversation: Conversation,
    deviceFallback: boolean,
  ): Promise<boolean> {
    const settings = this.settings.current;
    this.#cloudAbort = new AbortController();
    let lastSaved = performance.now();
    try {
      const result = await streamChatCompletion(
        { endpointUrl: settings.cloudEndpointUrl, apiKey: settings.cloudApiKey, model: settings.cloudModel },
        {
          messages: prompt,
          maxTokens: conversation.settings.maxNewTokens,
          temperature: conversation.settings.temperature,
          topP: conversation.settings.topP,
        },
        {
          signal: this.#cloudAbort.signal,
          onDelta: (delta) => {
            live.content += delta;
            const at = performance.now();
            if (at - lastSaved >= PERSIST_EVERY_MS) {
              lastSaved = at;
              void this.#guard(async (r) => r.putMessage($state.snapshot(live)));
            }
          },
        },
      );
      // Servers that send no usage are charged an estimate, so the budget's hard stop still holds.
      const table = priceTable(settings.cloudPrices);
      const price = priceFor(result.model, table) ?? budgetPriceFor(settings.cloudModel, table);
      const usage = result.usage ?? {
        promptTokens: Math.ceil(prompt.reduce((sum, m) => sum + m.content.length, 0) / 4),
        completionTokens: result.stats.generatedTokens,
      };
      await this.routing.charge(costUsd(usage, price));
      live.content = result.text;
      this.#finish(live, result.finishReason === 'aborted' ? 'stopped' : 'complete', {
        meta: {
          ...(live.meta ?? { modelId: result.model, modelName: result.model, where: 'cloud', reason: '' }),
          stats: {
            promptTokens: result.usage?.promptTokens ?? 0,
            generatedTokens: result.stats.generatedTokens,
            ttftMs: result.stats.ttftMs,
            prefillTokensPerS: 0,
            decodeTokensPerS: result.stats.decodeTokensPerS,
            totalMs: result.stats.totalMs,
          },
        },
      });
      return true;
    } catch (error) {
      if (error instanceof CloudRateLimitedError && typeof error.detail.retryAfterS === 'number') {
        this.routing.pauseCloud(error.detail.retryAfterS);
      }
      if (deviceFallback) {
        // Shown on the answer; the device answer follows below it.
        live.error = `${userMessageFor(error)} Answered on this device instead.`;
      } else {
        this.#finish(live, live.content ? 'stopped' : 'error', {
          error: `${userMessageFor(error)} The answer from this device above stands.`,
        });
      }
      return false;
    } finally {
      this.#cloudAbort = null;
    }
  }

  async #answerOnDevice(
    live: StoredMessage,
    prompt: ChatMessage[],
    conversation: Conversation,
    model: ModelEntry,
    backend: BackendChoice,
  ): Promise<GenerationConfidence | undefined> {
    const loaded = await this.inference.load(model, backend);
    if (!loaded) {
      this.#finish(live, 'error', { error: this.inference.error ?? 'The model could not be loaded.' });
      return;
    }
    let lastSaved = performance.now();
    const result = await this.inference.generate(prompt, conversation.settings, (token) => {
      live.content += token.text;
      const at = performance.now();
      if (at - lastSaved >= PERSIST_EVERY_MS) {
        lastSaved = at;
        void this.#guard(async (r) => r.putMessage($state.snapshot(live)));
      }
    });
    if (!result) {
      this.#finish(live, live.content ? 'stopped' : 'error', {
        error: this.inference.error ?? 'The model stopped with an error.',
      });
      return;
    }
    const base: AnswerMeta = live.meta ?? {
      modelId: model.id,
      modelName: model.displayName,
      where: 'device',
      reason: '',
    };
    live.content = result.text;
    this.#finish(live, result.finishReason === 'aborted' ? 'stopped' : 'complete', {
      meta: {
        ...base,
        backend: loaded.backend,
        stats: result.stats,
        trimmedMessages: result.trimmedMessages,
        ...(result.confidence ? { confidence: result.confidence } : {}),
      },
    });
    return result.finishReason === 'aborted' ? undefined : result.confidence;
  }

  stop(): void {
    this.#cloudAbort?.abort();
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

  /**
   * The model sees the system prompt and every finished turn; failed answers are left out, and where one
   * question got several answers (a cloud failure, the cascade) only the last one counts.
   */
  #promptFrom(conversation: Conversation, messages: StoredMessage[] = this.messages): ChatMessage[] {
    const kept = messages.filter(
      (m) => m.status !== 'error' && !(m.role === 'assistant' && m.content === ''),
    );
    const turns: ChatMessage[] = kept
      .filter((m, i) => !(m.role === 'assistant' && kept[i + 1]?.role === 'assistant'))
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
