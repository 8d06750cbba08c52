import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ConversationRepository, titleFrom, type StoredMessage } from '../../../../src/lib/chat';
import { openHearthDB } from '../../../../src/lib/db';

let dbCounter = 0;
async function freshRepository(): Promise<ConversationRepository> {
  return new ConversationRepository(await openHearthDB(`chat-test-${++dbCounter}`));
}

function message(
  conversationId: string,
  createdAt: number,
  patch: Partial<StoredMessage> = {},
): StoredMessage {
  return {
    id: `m-${conversationId}-${createdAt}`,
    conversationId,
    createdAt,
    role: 'user',
    content: `text ${createdAt}`,
    status: 'complete',
    ...patch,
  };
}

describe('ConversationRepository', () => {
  it('creates conversations with default settings and lists the most recently used first', async () => {
    const repository = await freshRepository();
    const older = await repository.create('model-a', 1000);
    const newer = await repository.create('model-b', 2000);
    expect(older.settings.maxNewTokens).toBeGreaterThan(0);
    expect(older.systemPrompt).not.toBe('');
    expect((await repository.list()).map((c) => c.id)).toEqual([newer.id, older.id]);

    await repository.putMessage(message(older.id, 1), 3000);
    expect((await repository.list()).map((c) => c.id)).toEqual([older.id, newer.id]);
  });

  it('keeps messages per conversation in the order they were written', async () => {
    const repository = await freshRepository();
    const a = await repository.create('m', 1);
    const b = await repository.create('m', 2);
    await repository.putMessage(message(a.id, 30));
    await repository.putMessage(message(b.id, 10));
    await repository.putMessage(message(a.id, 20));
    expect((await repository.messages(a.id)).map((m) => m.createdAt)).toEqual([20, 30]);
    expect((await repository.messages(b.id)).map((m) => m.createdAt)).toEqual([10]);
  });

  it('updates a streaming message in place as tokens arrive', async () => {
    const repository = await freshRepository();
    const conversation = await repository.create('m');
    const answer = message(conversation.id, 5, { role: 'assistant', content: 'Hel', status: 'streaming' });
    await repository.putMessage(answer);
    await repository.putMessage({ ...answer, content: 'Hello' });
    const stored = await repository.messages(conversation.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.content).toBe('Hello');
  });

  it('deletes a conversation together with its messages and nothing else', async () => {
    const repository = await freshRepository();
    const doomed = await repository.create('m');
    const kept = await repository.create('m');
    await repository.putMessage(message(doomed.id, 1));
    await repository.putMessage(message(doomed.id, 2));
    await repository.putMessage(message(kept.id, 3));
    await repository.delete(doomed.id);
    expect(await repository.get(doomed.id)).toBeUndefined();
    expect(await repository.messages(doomed.id)).toEqual([]);
    expect(await repository.messages(kept.id)).toHaveLength(1);
  });

  it('recovers answers cut off by a reload: text kept, marked stopped', async () => {
    const repository = await freshRepository();
    const conversation = await repository.create('m');
    await repository.putMessage(
      message(conversation.id, 1, { role: 'assistant', content: 'half an ans', status: 'streaming' }),
    );
    await repository.putMessage(
      message(conversation.id, 2, { role: 'assistant', content: 'done', status: 'complete' }),
    );
    expect(await repository.recoverInterrupted()).toBe(1);
    const [first, second] = await repository.messages(conversation.id);
    expect(first).toMatchObject({ content: 'half an ans', status: 'stopped' });
    expect(second?.status).toBe('complete');
    expect(await repository.recoverInterrupted()).toBe(0);
  });
});

describe('titleFrom', () => {
  it('uses a short first message as it is, on one line', () => {
    expect(titleFrom('  What is\nWebGPU? ')).toBe('What is WebGPU?');
  });
  it('cuts a long one on a word boundary with an ellipsis', () => {
    const title = titleFrom(
      'Explain in detail how the key value cache speeds up autoregressive decoding on GPUs',
    );
    expect(title.endsWith('…')).toBe(true);
    expect(title.length).toBeLessThanOrEqual(49);
    expect(title).not.toMatch(/\s…$/);
  });
  it('falls back to a neutral name for blank text', () => {
    expect(titleFrom('   ')).toBe('New chat');
  });
});
