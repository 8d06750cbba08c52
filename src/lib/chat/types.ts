import type { GenerationConfidence } from '../engine/confidence';
import type { Backend, GenerationStats } from '../engine/types';

export interface GenerationSettings {
  temperature: number;
  topP: number;
  maxNewTokens: number;
}

export const DEFAULT_GENERATION_SETTINGS: GenerationSettings = {
  temperature: 0.7,
  topP: 0.9,
  maxNewTokens: 512,
};

/**
 * The ranges a chat's settings may take (ChatSettings.svelte offers them); a stored value outside them is
 * reset to its default when read back. Top-p must be above 0: at 0 no token could be sampled.
 */
export const GENERATION_LIMITS = {
  temperature: { min: 0, max: 2 },
  topP: { min: Number.MIN_VALUE, max: 1 },
  maxNewTokens: { min: 1, max: 4096 },
} as const;

export const DEFAULT_SYSTEM_PROMPT =
  'You are Hearth, a helpful assistant running on this device. Answer clearly and briefly.';

export interface Conversation {
  id: string;
  title: string;
  createdAt: number;
  updatedAt: number;
  modelId: string;
  systemPrompt: string;
  settings: GenerationSettings;
}

/** `streaming` is only ever seen in storage when the page went away mid-answer; it is read back as `stopped`. */
export type MessageStatus = 'complete' | 'streaming' | 'stopped' | 'error';

export type Placement = 'device' | 'cloud';

/** How an answer came to be: shown beside it. */
export interface AnswerMeta {
  modelId: string;
  modelName: string;
  where: Placement;
  /** The router's reason for the placement, in words. */
  reason: string;
  backend?: Backend;
  /** Why the engine ran elsewhere than asked (WebGPU missing → WebAssembly), in words. */
  fallbackReason?: string;
  stats?: GenerationStats;
  /** Older messages left out so the conversation fits the model's context window. */
  trimmedMessages?: number;
  /** The private data that kept the message on device, kind and turn ("an email address in this message"), never the values. */
  privateKinds?: string[];
  /** How sure the on-device model was of its first tokens. */
  confidence?: GenerationConfidence;
  /** Why this device answer looks unsure (the cascade then offers or asks the cloud). */
  unsure?: string;
}

export interface StoredMessage {
  id: string;
  conversationId: string;
  /** Orders messages within a conversation. */
  createdAt: number;
  role: 'user' | 'assistant';
  content: string;
  status: MessageStatus;
  meta?: AnswerMeta;
  /** What went wrong, as a sentence for people (status `error`). */
  error?: string;
}
