import { CloudProtocolError } from '../errors';
import { errorMessageOf, isObject, parseJson } from './json';
import { redactSecret, truncate } from './redact';
import type { CloudUsage } from './types';

/** What one `chat.completion.chunk` event adds to the answer. */
export interface ChunkFacts {
  /** `choices[0].delta.content`, or '' when the chunk carries none (role-only, usage-only chunks). */
  content: string;
  /** `choices[0].finish_reason` as the server wrote it, or null. */
  finishReason: string | null;
  usage: CloudUsage | null;
  model: string | null;
}

/**
 * Reads one SSE `data:` payload (not `[DONE]`). Throws CloudProtocolError for anything that is not a chunk:
 * unreadable JSON, or an error object, which OpenRouter and some gateways send mid-stream after a 200.
 * Its errors carry `phase: 'streaming'`: the server had begun answering (billing.ts counts that).
 */
export function readChunk(data: string, eventType: string | undefined, apiKey: string): ChunkFacts {
  const parsed = parseJson(data);
  if (!parsed.ok || !isObject(parsed.value)) {
    throw new CloudProtocolError(
      `malformed JSON in the event stream: ${truncate(redactSecret(data, apiKey))}`,
      { phase: 'streaming' },
    );
  }
  const chunk = parsed.value;
  if (chunk.error !== undefined || eventType === 'error') {
    const said = errorMessageOf(chunk) ?? data;
    throw new CloudProtocolError(`error inside the event stream: ${truncate(redactSecret(said, apiKey))}`, {
      phase: 'streaming',
    });
  }
  const choice = Array.isArray(chunk.choices) ? chunk.choices[0] : undefined;
  const delta = isObject(choice) ? choice.delta : undefined;
  const content = isObject(delta) && typeof delta.content === 'string' ? delta.content : '';
  const finish = isObject(choice) ? choice.finish_reason : undefined;
  return {
    content,
    finishReason: typeof finish === 'string' && finish !== '' ? finish : null,
    usage: readUsage(chunk.usage),
    model: typeof chunk.model === 'string' && chunk.model !== '' ? chunk.model : null,
  };
}

function readUsage(value: unknown): CloudUsage | null {
  if (!isObject(value)) return null;
  const { prompt_tokens: prompt, completion_tokens: completion } = value;
  if (typeof prompt !== 'number' || typeof completion !== 'number') return null;
  return { promptTokens: prompt, completionTokens: completion };
}
