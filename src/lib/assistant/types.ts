/**
 * What answering one turn needs from the rest of the app, as small ports the turn module is handed. Each
 * has a real implementation (the worker engine, the cloud client, IndexedDB) and a fake in the unit tests.
 */
import type { AnswerMeta, Conversation, StoredMessage } from '../chat/types';
import type { CloudConfig, CloudRequest, CloudResult, CloudStreamOptions } from '../cloud/types';
import type { Price } from '../cloud/pricing';
import type {
  BackendChoice,
  ChatMessage,
  GenerationParams,
  GenerationResult,
  LoadResult,
  TokenEvent,
} from '../engine/types';
import type { ModelEntry } from '../models/catalog';
import type { DifficultyClassifier, RoutingMode, Target } from '../router';

/** The on-device model. Both calls reject with a HearthError; an abort resolves with finishReason 'aborted'. */
export interface DeviceModel {
  /** Loads the model unless it is loaded already; rejects with AbortedError when `signal` aborts first. */
  ensureLoaded(model: ModelEntry, backend: BackendChoice, signal: AbortSignal): Promise<LoadResult>;
  generate(
    messages: ChatMessage[],
    params: GenerationParams,
    onToken: (token: TokenEvent) => void,
    signal: AbortSignal,
  ): Promise<GenerationResult>;
}

/** The OpenAI-compatible endpoint: `streamChatCompletion` in the app. */
export type CloudStream = (
  config: CloudConfig,
  request: CloudRequest,
  options: CloudStreamOptions,
) => Promise<CloudResult>;

/** Where answers are written; a rejection is reported to the person, never thrown at them. */
export interface AnswerWriter {
  putMessage(message: StoredMessage): Promise<void>;
}

/** This month's cloud spend, shared by every tab. */
export interface SpendLedger {
  /** Read fresh: another tab may have spent since. */
  spent(): Promise<number>;
  /** Adds a charge and returns the month's total; rejects amounts that are not finite and ≥ 0. */
  charge(usd: number): Promise<number>;
}

/** A 429's Retry-After, kept across reloads. */
export interface CloudPause {
  /** Seconds left of the wait (0 when none). */
  waitS(): number;
  pauseFor(seconds: number): Promise<void>;
}

/** The settings a turn reads, as they are when it starts. */
export interface TurnSettings {
  routingMode: RoutingMode;
  cloudEndpointUrl: string;
  cloudApiKey: string;
  cloudModel: string;
  monthlyCloudBudgetUsd: number;
  routerThreshold: number | null;
  privateTerms: readonly string[];
  cloudPrices: Record<string, Price>;
}

export interface TurnDependencies {
  device: DeviceModel;
  cloud: CloudStream;
  writer: AnswerWriter;
  ledger: SpendLedger;
  pause: CloudPause;
  classifier: () => Promise<DifficultyClassifier>;
  settings: () => TurnSettings;
  online: () => boolean;
  /** Wall clock in ms, for message timestamps. */
  now: () => number;
  /** Monotonic clock in ms, for how often a streaming answer is saved. */
  monotonic: () => number;
  newId: () => string;
}

export interface TurnRequest {
  conversation: Conversation;
  /** Everything the model is to see, ending with the person's message. */
  prompt: ChatMessage[];
  model: ModelEntry;
  backend: BackendChoice;
  /** Where to run this one message, whatever the mode. */
  override?: Target;
  /** The person confirmed sending this conversation's private data to the cloud, this once. */
  confirmedPrivate?: boolean;
  /** The newest message's createdAt: answers are ordered after it. */
  after: number;
  /** Stop: the answer so far is kept and marked stopped. */
  signal: AbortSignal;
  /** True once the conversation was deleted: nothing more is written for it. */
  discarded?: () => boolean;
}

/** What the page sees of a turn, in order. */
export type TurnEvent =
  /** An answer appeared or changed (status, meta, error, or its text replaced). */
  | { kind: 'answer'; message: StoredMessage }
  /** Text appended to the answer being streamed. */
  | { kind: 'delta'; id: string; text: string }
  /** One line for the person that belongs to no answer (storage failed, the model reloads next time). */
  | { kind: 'notice'; text: string };

export type { AnswerMeta };
