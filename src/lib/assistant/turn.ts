/**
 * Answering one turn of a conversation, free of any UI framework: route it (device or cloud), stream the
 * answer, fall back to the device when the cloud fails, charge the budget, run the confidence cascade, and
 * save the answer as it grows. The page only renders the events it yields.
 */
import type { AnswerMeta, StoredMessage } from '../chat/types';
import { estimateCostUsd } from '../cloud/budget';
import { billedEstimate, streamOutcome } from '../cloud/billing';
import { rateLimitPauseS } from '../cloud/pause';
import { budgetPriceFor, costUsd, priceFor, priceTable } from '../cloud/pricing';
import type { CloudResult, CloudUsage } from '../cloud/types';
import { isUnsure, type GenerationConfidence } from '../engine/confidence';
import type { GenerationParams, LoadResult } from '../engine/types';
import {
  AbortedError,
  CloudAnswerCutError,
  CloudRateLimitedError,
  toHearthError,
  userMessageFor,
} from '../errors';
import {
  describeFinding,
  escalationFor,
  route,
  type PrivateFinding,
  type RouteDecision,
  type Target,
} from '../router';
import { eventStream } from './event-stream';
import type { TurnDependencies, TurnEvent, TurnRequest } from './types';

/** How often a streaming answer is written: a reload loses at most this much of it. */
export const PERSIST_EVERY_MS = 250;

/** One routing pass: the first, or the cascade's re-ask in the cloud. */
interface Leg {
  override?: Target;
  confirmedPrivate?: boolean;
  /** Set when the cascade re-asks an unsure device answer: shown as the reason, and no device fallback. */
  escalation?: string;
}

/** Yields the turn's events until every answer of it is final and saved (or the save failed and was said). */
export function answerTurn(request: TurnRequest, deps: TurnDependencies): AsyncGenerator<TurnEvent> {
  return eventStream<TurnEvent>((emit) => new Turn(request, deps, emit).run());
}

class Turn {
  #lastCreatedAt: number;
  #storageFailed = false;
  #lastSaved = Number.NEGATIVE_INFINITY;
  readonly #promptChars: number;

  constructor(
    private readonly request: TurnRequest,
    private readonly deps: TurnDependencies,
    private readonly emit: (event: TurnEvent) => void,
  ) {
    this.#lastCreatedAt = request.after;
    this.#promptChars = request.prompt.reduce((sum, m) => sum + m.content.length, 0);
  }

  async run(): Promise<void> {
    const { override, confirmedPrivate } = this.request;
    await this.#leg({
      ...(override ? { override } : {}),
      ...(confirmedPrivate ? { confirmedPrivate } : {}),
    });
  }

  async #leg(leg: Leg): Promise<void> {
    if (this.request.signal.aborted) return;
    const decision = await this.#decide(leg);
    // The cascade asks the cloud or nothing: a second device answer would repeat the first.
    if (leg.escalation !== undefined && decision.target !== 'cloud') return;

    let answer: StoredMessage;
    if (decision.target === 'cloud') {
      answer = await this.#start(this.#cloudMeta(decision, leg));
      const answered = await this.#answerInCloud(answer, leg.escalation === undefined);
      if (answered || leg.escalation !== undefined || this.request.signal.aborted) return;
      // The cloud failed: a partial answer stays as it is, and the device answers below it.
      const meta = this.#deviceMeta('the cloud failed, so it ran on this device', decision.privateKinds);
      if (answer.content !== '') {
        await this.#finish(answer, 'stopped');
        answer = await this.#start(meta);
      } else {
        answer.meta = meta;
        this.#changed(answer);
      }
    } else {
      answer = await this.#start(this.#deviceMeta(decision.reasons[0] ?? '', decision.privateKinds));
    }

    const confidence = await this.#answerOnDevice(answer);
    if (confidence && decision.target === 'device') await this.#cascade(answer, decision, confidence);
  }

  async #decide(leg: Leg): Promise<RouteDecision> {
    const settings = this.deps.settings();
    const cloudConfigured = settings.cloudEndpointUrl !== '' && settings.cloudModel !== '';
    if (!cloudConfigured) {
      return {
        target: 'device',
        decidedBy: 'gate',
        score: null,
        reasons: ['no cloud endpoint is configured'],
        privateKinds: [],
      };
    }
    const [classifier, spent] = await Promise.all([this.deps.classifier(), this.#spent()]);
    const { conversation, prompt, model } = this.request;
    const price = budgetPriceFor(settings.cloudModel, priceTable(settings.cloudPrices));
    return route(
      prompt,
      {
        mode: settings.routingMode,
        ...(leg.override ? { override: leg.override } : {}),
        cloudConfigured,
        online: this.deps.online(),
        cloudWaitS: this.deps.pause.waitS(),
        budgetLeftUsd: settings.monthlyCloudBudgetUsd - spent,
        estimatedCostUsd: estimateCostUsd(this.#promptChars, conversation.settings.maxNewTokens, price),
        localModelUsable: true,
        localContextTokens: model.contextWindow,
        // A conservative guess: real tokenizers average 3–4 characters a token in English.
        promptTokens: Math.ceil(this.#promptChars / 3),
        privateTerms: settings.privateTerms,
        confirmedPrivate: leg.confirmedPrivate === true,
        threshold: settings.routerThreshold ?? classifier.weights.threshold,
      },
      classifier,
    );
  }

  /** Unknown spend counts as the whole budget spent: a storage failure must not open the cloud up. */
  async #spent(): Promise<number> {
    try {
      return await this.deps.ledger.spent();
    } catch (error) {
      this.#say(
        `This month's cloud spend could not be read (${userMessageFor(error)}), so the cloud is not used.`,
      );
      return Number.POSITIVE_INFINITY;
    }
  }

  #cloudMeta(decision: RouteDecision, leg: Leg): AnswerMeta {
    const model = this.deps.settings().cloudModel;
    return {
      modelId: model,
      modelName: model,
      where: 'cloud',
      reason: leg.escalation ?? decision.reasons[0] ?? '',
    };
  }

  #deviceMeta(reason: string, privateKinds: readonly PrivateFinding[] = []): AnswerMeta {
    const { model } = this.request;
    return {
      modelId: model.id,
      modelName: model.displayName,
      where: 'device',
      reason,
      ...(privateKinds.length > 0 ? { privateKinds: [...new Set(privateKinds.map(describeFinding))] } : {}),
    };
  }

  /** Streams the answer from the cloud; false when it failed (said on the answer, nothing lost). */
  async #answerInCloud(answer: StoredMessage, deviceFallback: boolean): Promise<boolean> {
    const settings = this.deps.settings();
    const { conversation, prompt, signal } = this.request;
    let result: CloudResult;
    try {
      result = await this.deps.cloud(
        { endpointUrl: settings.cloudEndpointUrl, apiKey: settings.cloudApiKey, model: settings.cloudModel },
        {
          messages: prompt,
          maxTokens: conversation.settings.maxNewTokens,
          temperature: conversation.settings.temperature,
          topP: conversation.settings.topP,
        },
        { signal, onDelta: (text) => this.#append(answer, text) },
      );
    } catch (error) {
      // Providers bill what they generated: a stream that broke mid-answer still costs.
      const outcome = streamOutcome(error);
      await this.#charge(
        settings.cloudModel,
        billedEstimate({
          promptChars: this.#promptChars,
          receivedText: answer.content,
          usage: null,
          outcome,
        }),
      );
      if (error instanceof CloudRateLimitedError) await this.#pauseCloud(error);
      if (error instanceof CloudAnswerCutError) {
        // A very long answer, not a failed one: what arrived is the answer, and the device is not asked.
        answer.content = error.partialText || answer.content;
        answer.error = userMessageFor(error);
        await this.#finish(answer, 'stopped');
        return true;
      }
      if (deviceFallback) {
        answer.error = `${userMessageFor(error)} Answered on this device instead.`;
        this.#changed(answer);
      } else {
        answer.error = `${userMessageFor(error)} The answer from this device above stands.`;
        await this.#finish(answer, answer.content ? 'stopped' : 'error');
      }
      return false;
    }
    // An aborted stream sends no usage, but the provider still bills what it generated.
    await this.#charge(
      result.model,
      billedEstimate({
        promptChars: this.#promptChars,
        receivedText: result.text,
        usage: result.usage,
        outcome: streamOutcome(result),
      }),
    );
    answer.content = result.text;
    answer.meta = {
      ...(answer.meta ?? { modelId: result.model, modelName: result.model, where: 'cloud', reason: '' }),
      stats: {
        promptTokens: result.usage?.promptTokens ?? 0,
        generatedTokens: result.stats.generatedTokens,
        ttftMs: result.stats.ttftMs,
        prefillTokensPerS: 0,
        decodeTokensPerS: result.stats.decodeTokensPerS,
        totalMs: result.stats.totalMs,
      },
    };
    await this.#finish(answer, result.finishReason === 'aborted' ? 'stopped' : 'complete');
    return true;
  }

  async #charge(model: string, usage: CloudUsage | null): Promise<void> {
    if (!usage) return;
    const settings = this.deps.settings();
    const table = priceTable(settings.cloudPrices);
    // Servers may answer with a dated variant; it is priced as such, else as the model asked for.
    const price = priceFor(model, table) ?? budgetPriceFor(settings.cloudModel, table);
    try {
      await this.deps.ledger.charge(costUsd(usage, price));
    } catch (error) {
      this.#say(`The cost of this cloud answer could not be recorded: ${userMessageFor(error)}`);
    }
  }

  async #pauseCloud(error: CloudRateLimitedError): Promise<void> {
    try {
      // The server's Retry-After, or a short default when it named none.
      await this.deps.pause.pauseFor(rateLimitPauseS(error));
    } catch (failure) {
      this.#say(`The cloud's request to wait could not be saved: ${userMessageFor(failure)}`);
    }
  }

  async #answerOnDevice(answer: StoredMessage): Promise<GenerationConfidence | undefined> {
    const { model, backend, conversation, prompt, signal } = this.request;
    let loaded: LoadResult;
    try {
      loaded = await this.deps.device.ensureLoaded(model, backend, signal);
    } catch (error) {
      if (signal.aborted || toHearthError(error) instanceof AbortedError) {
        await this.#finish(answer, 'stopped');
      } else {
        answer.error = userMessageFor(error);
        await this.#finish(answer, 'error');
      }
      return undefined;
    }
    answer.meta = {
      ...(answer.meta ?? this.#deviceMeta('')),
      backend: loaded.backend,
      ...(loaded.fallbackReason ? { fallbackReason: loaded.fallbackReason } : {}),
    };
    this.#changed(answer);

    const params: GenerationParams = {
      maxNewTokens: conversation.settings.maxNewTokens,
      temperature: conversation.settings.temperature,
      topP: conversation.settings.topP,
    };
    try {
      const result = await this.deps.device.generate(
        prompt,
        params,
        (token) => this.#append(answer, token.text),
        signal,
      );
      answer.content = result.text;
      answer.meta = {
        ...answer.meta,
        stats: result.stats,
        trimmedMessages: result.trimmedMessages,
        ...(result.confidence ? { confidence: result.confidence } : {}),
      };
      const aborted = result.finishReason === 'aborted';
      await this.#finish(answer, aborted ? 'stopped' : 'complete');
      return aborted ? undefined : result.confidence;
    } catch (error) {
      answer.error = userMessageFor(error);
      await this.#finish(answer, answer.content ? 'stopped' : 'error');
      return undefined;
    }
  }

  /** An unsure device answer is re-asked in the cloud (Automatic mode) or the cloud is offered. */
  async #cascade(
    answer: StoredMessage,
    decision: RouteDecision,
    confidence: GenerationConfidence,
  ): Promise<void> {
    const next = escalationFor(decision, this.deps.settings().routingMode, isUnsure(confidence));
    if (next === 'none' || !answer.meta) return;
    const why = `the on-device answer looked unsure (${Math.round(confidence.normalizedEntropy * 100)}% of maximal uncertainty over its first ${confidence.tokens} tokens)`;
    answer.meta = { ...answer.meta, unsure: why };
    this.#changed(answer);
    await this.#save(answer);
    if (next === 'automatic') await this.#leg({ override: 'cloud', escalation: why });
  }

  /** Adds an empty answer that streams in, saved at once so a reload finds it. */
  async #start(meta: AnswerMeta): Promise<StoredMessage> {
    const createdAt = Math.max(this.deps.now(), this.#lastCreatedAt + 1);
    this.#lastCreatedAt = createdAt;
    const answer: StoredMessage = {
      id: this.deps.newId(),
      conversationId: this.request.conversation.id,
      createdAt,
      role: 'assistant',
      content: '',
      status: 'streaming',
      meta,
    };
    this.#changed(answer);
    await this.#save(answer);
    return answer;
  }

  #append(answer: StoredMessage, text: string): void {
    if (text === '') return;
    answer.content += text;
    this.emit({ kind: 'delta', id: answer.id, text });
    const at = this.deps.monotonic();
    if (at - this.#lastSaved >= PERSIST_EVERY_MS) {
      this.#lastSaved = at;
      void this.#save(answer);
    }
  }

  async #finish(answer: StoredMessage, status: StoredMessage['status']): Promise<void> {
    answer.status = status;
    this.#changed(answer);
    await this.#save(answer);
  }

  #changed(answer: StoredMessage): void {
    this.emit({ kind: 'answer', message: structuredClone(answer) });
  }

  /** Storage failures (a full disk, a private window) are said once, never thrown at the page. */
  async #save(answer: StoredMessage): Promise<void> {
    if (this.request.discarded?.()) return;
    this.#lastSaved = this.deps.monotonic();
    try {
      await this.deps.writer.putMessage(structuredClone(answer));
    } catch (error) {
      if (this.#storageFailed) return;
      this.#storageFailed = true;
      this.#say(
        `This answer could not be saved on this device (${userMessageFor(error)}). It stays on screen until you close the tab.`,
      );
    }
  }

  #say(text: string): void {
    this.emit({ kind: 'notice', text });
  }
}
