import { describe, expect, it } from 'vitest';
import { findPrivateData, privacyReason } from '../../../../src/lib/router';

describe('findPrivateData: every message of the outgoing prompt, named by its turn', () => {
  const prompt = [
    { role: 'system' as const, content: 'Reply to jane@example.org politely.' },
    { role: 'user' as const, content: 'My card is 4111 1111 1111 1111' },
    { role: 'assistant' as const, content: 'Your card ending 1111 is noted.' },
    { role: 'user' as const, content: 'Call +44 20 7946 0958 please' },
    { role: 'assistant' as const, content: 'I will call +44 20 7946 0958.' },
    { role: 'user' as const, content: 'Thanks, what next?' },
  ];

  it('finds each kind where it is, never quoting the value', () => {
    const found = findPrivateData(prompt, []);
    expect(found.map((f) => [f.kind, f.place])).toEqual([
      ['email', 'the system prompt'],
      ['card', 'your message 2 turns ago'],
      ['phone', 'your previous message'],
      ['phone', 'the previous answer'],
    ]);
    const reason = privacyReason(found);
    expect(reason).toBe(
      'an email address in the system prompt and a payment card number in your message 2 turns ago and a phone number in your previous message and 1 more',
    );
    expect(reason).not.toContain('jane');
    expect(reason).not.toContain('7946');
  });

  it('finds nothing in a clean conversation', () => {
    expect(findPrivateData([{ role: 'user', content: 'What is 2+2?' }], [])).toEqual([]);
  });

  it('names the newest message "this message"', () => {
    const found = findPrivateData([{ role: 'user', content: 'mail me: a.b@example.com' }], []);
    expect(found[0]?.place).toBe('this message');
  });
});
