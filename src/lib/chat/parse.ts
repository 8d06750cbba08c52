import { fieldsOf, finite, integer, listProblems, member, Repairs, strings, text } from '../db/fields';
import type { GenerationConfidence } from '../engine/confidence';
import type { Backend, GenerationStats } from '../engine/types';
import {
  DEFAULT_GENERATION_SETTINGS,
  DEFAULT_SYSTEM_PROMPT,
  GENERATION_LIMITS,
  type AnswerMeta,
  type Conversation,
  type GenerationSettings,
  type MessageStatus,
  type StoredMessage,
} from './types';

/** Far beyond what Hearth writes; past these a value is damage, and would freeze the page that shows it. */
export const CHAT_LIMITS = {
  idLength: 200,
  titleLength: 500,
  systemPromptLength: 100_000,
  contentLength: 1_000_000,
  noteLength: 10_000,
  privateKinds: 50,
} as const;

export interface Parsed<T> {
  /** The record, repaired; null when it could not be (it is then left out). */
  value: T | null;
  /** What was repaired or left out, in words for people; empty when all was well. */
  problems: string[];
}

const STATUSES: readonly MessageStatus[] = ['complete', 'streaming', 'stopped', 'error'];
const ROLES: readonly StoredMessage['role'][] = ['user', 'assistant'];
const PLACES: readonly AnswerMeta['where'][] = ['device', 'cloud'];
const BACKENDS: readonly Backend[] = ['webgpu', 'wasm'];

/** A conversation read back from storage. Without a usable id it cannot be repaired. */
export function parseConversation(raw: unknown): Parsed<Conversation> {
  const fields = fieldsOf(raw);
  const id = text(fields?.get('id'), CHAT_LIMITS.idLength);
  if (!fields || !id) return { value: null, problems: ['a chat that could not be read'] };
  const repairs = new Repairs();
  const title = repairs.longText(fields, 'title', CHAT_LIMITS.titleLength, 'New chat', 'title');
  const createdAt = finite(fields.get('createdAt'));
  const updatedAt = finite(fields.get('updatedAt'));
  if (createdAt === undefined) repairs.note('time created');
  if (updatedAt === undefined) repairs.note('time last used');
  const conversation: Conversation = {
    id,
    title,
    // Either time stands in for the other; a chat with neither sorts last.
    createdAt: createdAt ?? updatedAt ?? 0,
    updatedAt: updatedAt ?? createdAt ?? 0,
    modelId: repairs.field(fields, 'modelId', (v) => text(v, CHAT_LIMITS.idLength), '', 'model'),
    systemPrompt: repairs.longText(
      fields,
      'systemPrompt',
      CHAT_LIMITS.systemPromptLength,
      DEFAULT_SYSTEM_PROMPT,
      'system prompt',
    ),
    settings: generationSettings(fields.get('settings'), repairs),
  };
  const label = title.length > 60 ? `${title.slice(0, 60)}…` : title;
  return { value: conversation, problems: summarise(`the chat "${label}"`, repairs) };
}

/** A message read back from storage. Without its id, chat, time or role it cannot be repaired. */
export function parseMessage(raw: unknown): Parsed<StoredMessage> {
  const fields = fieldsOf(raw);
  const id = text(fields?.get('id'), CHAT_LIMITS.idLength);
  const conversationId = text(fields?.get('conversationId'), CHAT_LIMITS.idLength);
  const createdAt = finite(fields?.get('createdAt'));
  const role = member(fields?.get('role'), ROLES);
  if (!fields || !id || !conversationId || createdAt === undefined || !role) {
    return { value: null, problems: ['a message that could not be read'] };
  }
  const repairs = new Repairs();
  const message: StoredMessage = {
    id,
    conversationId,
    createdAt,
    role,
    content: repairs.longText(fields, 'content', CHAT_LIMITS.contentLength, '', 'text'),
    // What remains of an answer in an unknown state is kept, marked as not finished.
    status: repairs.field(fields, 'status', (v) => member(v, STATUSES), 'stopped', 'status'),
  };
  const meta = answerMeta(fields.get('meta'), repairs);
  if (meta) message.meta = meta;
  const error = repairs.field(
    fields,
    'error',
    (v) => text(v, CHAT_LIMITS.noteLength),
    undefined,
    'error note',
  );
  if (error !== undefined) message.error = error;
  return { value: message, problems: summarise('a message', repairs) };
}

/** The one notice for chats that were repaired or left out, or null when none were. */
export function chatRepairNotice(problems: readonly string[]): string | null {
  if (problems.length === 0) return null;
  return `Some saved chats held damaged data, which Hearth repaired or left out: ${listProblems(problems)}.`;
}

function summarise(what: string, repairs: Repairs): string[] {
  const problems = repairs.problems;
  return problems.length === 0 ? [] : [`${what} (${problems.join(', ')})`];
}

function generationSettings(value: unknown, repairs: Repairs): GenerationSettings {
  const fallback = DEFAULT_GENERATION_SETTINGS;
  const fields = fieldsOf(value);
  if (!fields) {
    if (value !== undefined) repairs.note('settings');
    return { ...fallback };
  }
  const { temperature, topP, maxNewTokens } = GENERATION_LIMITS;
  return {
    temperature: repairs.field(
      fields,
      'temperature',
      (v) => finite(v, temperature.min, temperature.max),
      fallback.temperature,
      'temperature',
    ),
    topP: repairs.field(fields, 'topP', (v) => finite(v, topP.min, topP.max), fallback.topP, 'top-p'),
    maxNewTokens: repairs.field(
      fields,
      'maxNewTokens',
      (v) => integer(v, maxNewTokens.min, maxNewTokens.max),
      fallback.maxNewTokens,
      'max new tokens',
    ),
  };
}

/** What an answer says about itself: its four core facts or nothing; a bad optional part is left out alone. */
function answerMeta(value: unknown, repairs: Repairs): AnswerMeta | undefined {
  if (value === undefined) return undefined;
  const fields = fieldsOf(value);
  const note = (v: unknown): string | undefined => text(v, CHAT_LIMITS.noteLength);
  const modelId = note(fields?.get('modelId'));
  const modelName = note(fields?.get('modelName'));
  const where = member(fields?.get('where'), PLACES);
  const reason = note(fields?.get('reason'));
  if (!fields || modelId === undefined || modelName === undefined || !where || reason === undefined) {
    repairs.note('answer details');
    return undefined;
  }
  const meta: AnswerMeta = { modelId, modelName, where, reason };
  const label = 'answer details';
  const backend = repairs.field(fields, 'backend', (v) => member(v, BACKENDS), undefined, label);
  if (backend) meta.backend = backend;
  const fallbackReason = repairs.field(fields, 'fallbackReason', note, undefined, label);
  if (fallbackReason !== undefined) meta.fallbackReason = fallbackReason;
  const stats = repairs.field(fields, 'stats', generationStats, undefined, label);
  if (stats) meta.stats = stats;
  const trimmed = repairs.field(
    fields,
    'trimmedMessages',
    (v) => integer(v, 0, Number.MAX_SAFE_INTEGER),
    undefined,
    label,
  );
  if (trimmed !== undefined) meta.trimmedMessages = trimmed;
  const kinds = repairs.field(fields, 'privateKinds', privateKinds, undefined, label);
  if (kinds) meta.privateKinds = kinds;
  const confidence = repairs.field(fields, 'confidence', generationConfidence, undefined, label);
  if (confidence) meta.confidence = confidence;
  const unsure = repairs.field(fields, 'unsure', note, undefined, label);
  if (unsure !== undefined) meta.unsure = unsure;
  return meta;
}

function privateKinds(value: unknown): string[] | undefined {
  const kept = strings(value, CHAT_LIMITS.privateKinds, CHAT_LIMITS.idLength);
  return Array.isArray(value) && kept?.length === value.length ? kept : undefined;
}

function generationStats(value: unknown): GenerationStats | undefined {
  const fields = fieldsOf(value);
  const read = (name: keyof GenerationStats): number | undefined => finite(fields?.get(name), 0);
  const promptTokens = read('promptTokens');
  const generatedTokens = read('generatedTokens');
  const ttftMs = read('ttftMs');
  const prefillTokensPerS = read('prefillTokensPerS');
  const decodeTokensPerS = read('decodeTokensPerS');
  const totalMs = read('totalMs');
  if (
    promptTokens === undefined ||
    generatedTokens === undefined ||
    ttftMs === undefined ||
    prefillTokensPerS === undefined ||
    decodeTokensPerS === undefined ||
    totalMs === undefined
  ) {
    return undefined;
  }
  return { promptTokens, generatedTokens, ttftMs, prefillTokensPerS, decodeTokensPerS, totalMs };
}

function generationConfidence(value: unknown): GenerationConfidence | undefined {
  const fields = fieldsOf(value);
  const tokens = integer(fields?.get('tokens'), 0, Number.MAX_SAFE_INTEGER);
  const meanEntropy = finite(fields?.get('meanEntropy'), 0);
  const normalizedEntropy = finite(fields?.get('normalizedEntropy'), 0);
  // A log-probability is never above 0.
  const meanTopLogprob = finite(fields?.get('meanTopLogprob'), -Infinity, 0);
  if (
    tokens === undefined ||
    meanEntropy === undefined ||
    normalizedEntropy === undefined ||
    meanTopLogprob === undefined
  ) {
    return undefined;
  }
  return { tokens, meanEntropy, normalizedEntropy, meanTopLogprob };
}
