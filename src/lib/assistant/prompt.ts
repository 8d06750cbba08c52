import type { Conversation, StoredMessage } from '../chat/types';
import type { ChatMessage } from '../engine/types';

/**
 * What the model sees of a conversation: the system prompt and every finished turn. Failed and empty
 * answers are left out, and where one question got several answers (a cloud failure, the cascade) only the
 * last one counts.
 */
export function promptFrom(
  conversation: Pick<Conversation, 'systemPrompt'>,
  messages: readonly StoredMessage[],
): ChatMessage[] {
  const kept = messages.filter((m) => m.status !== 'error' && !(m.role === 'assistant' && m.content === ''));
  const turns: ChatMessage[] = kept
    .filter((m, i) => !(m.role === 'assistant' && kept[i + 1]?.role === 'assistant'))
    .map((m) => ({ role: m.role, content: m.content }));
  return conversation.systemPrompt.trim()
    ? [{ role: 'system', content: conversation.systemPrompt }, ...turns]
    : turns;
}
