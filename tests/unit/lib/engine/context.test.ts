import { describe, expect, it } from 'vitest';
import { ContextTooLongError } from '../../../../src/lib/errors';
import { fitToContext } from '../../../../src/lib/engine/context';
import type { ChatMessage } from '../../../../src/lib/engine';

/** A stand-in for the tokenizer: one token per character plus 4 per message for the template. */
const count = (messages: ChatMessage[]): number => messages.reduce((sum, m) => sum + m.content.length + 4, 0);

function conversation(turns: number, size = 10): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: 's'.repeat(6) }];
  for (let i = 0; i < turns; i++) {
    messages.push({ role: 'user', content: `${i}`.padEnd(size, 'u') });
    messages.push({ role: 'assistant', content: `${i}`.padEnd(size, 'a') });
  }
  messages.push({ role: 'user', content: 'latest'.padEnd(size, 'q') });
  return messages;
}

describe('fitToContext', () => {
  it('keeps everything when it fits', () => {
    const messages = conversation(3);
    const fitted = fitToContext(messages, 1000, count);
    expect(fitted.dropped).toBe(0);
    expect(fitted.messages).toEqual(messages);
    expect(fitted.promptTokens).toBe(count(messages));
  });

  it('drops the oldest whole turns first, keeping the system prompt and the newest message', () => {
    const messages = conversation(5); // system 10 + 11 messages × 14 = 164 tokens
    const fitted = fitToContext(messages, 100, count);
    expect(fitted.promptTokens).toBeLessThanOrEqual(100);
    expect(fitted.messages[0]).toEqual(messages[0]);
    expect(fitted.messages.at(-1)).toEqual(messages.at(-1));
    // The first message after the system prompt starts a turn: roles still alternate.
    expect(fitted.messages[1]?.role).toBe('user');
    // It keeps as much as fits: adding back the previous turn would not fit.
    expect(fitted.dropped).toBe(6);
    expect(count([...fitted.messages.slice(0, 1), ...messages.slice(fitted.dropped - 1)])).toBeGreaterThan(
      100,
    );
  });

  it('drops everything but the newest message when only that fits', () => {
    const messages = conversation(4);
    const fitted = fitToContext(messages, 24, count);
    expect(fitted.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(fitted.messages.at(-1)?.content.startsWith('latest')).toBe(true);
  });

  it('says clearly when even the newest message is too long', () => {
    const messages = conversation(2, 200);
    expect(() => fitToContext(messages, 50, count)).toThrow(ContextTooLongError);
    try {
      fitToContext(messages, 50, count);
    } catch (error) {
      expect(error instanceof ContextTooLongError && error.userMessage()).toContain('too long');
    }
  });

  it('asks the tokenizer only a logarithmic number of times for a long history', () => {
    let calls = 0;
    const counting = (messages: ChatMessage[]): number => {
      calls++;
      return count(messages);
    };
    fitToContext(conversation(500), 300, counting);
    expect(calls).toBeLessThanOrEqual(12);
  });
});
