import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import {
  ConversationRepository,
  DEFAULT_GENERATION_SETTINGS,
  DEFAULT_SYSTEM_PROMPT,
  MemoryChatRepository,
  type ChatRepository,
  type Conversation,
  type StoredMessage,
} from '../../../../src/lib/chat';
import { DatabaseConnection, openHearthDB } from '../../../../src/lib/db';

/**
 * One contract for every place chats are kept: the app falls back from IndexedDB to memory without
 * noticing, so the two must behave alike in everything the chat relies on.
 */
let dbCounter = 0;
const IMPLEMENTATIONS: { name: string; make: () => Promise<ChatRepository> }[] = [
  {
    name: 'ConversationRepository on a bare database',
    make: async () => new ConversationRepository(await openHearthDB(`chat-contract-${++dbCounter}`)),
  },
  {
    name: 'ConversationRepository on a DatabaseConnection',
    make: async () =>
      new ConversationRepository(new DatabaseConnection({ name: `chat-contract-${++dbCounter}` })),
  },
  { name: 'MemoryChatRepository', make: async () => new MemoryChatRepository() },
];

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

function conversation(id: string, updatedAt: number): Conversation {
  return {
    id,
    title: id,
    createdAt: 0,
    updatedAt,
    modelId: 'm',
    systemPrompt: '',
    settings: { ...DEFAULT_GENERATION_SETTINGS },
  };
}

describe.each(IMPLEMENTATIONS)('$name', ({ make }) => {
  it('creates conversations with the default setup at the given time', async () => {
    const repository = await make();
    const created = await repository.create('model-a', 1234);
    expect(created).toMatchObject({
      title: 'New chat',
      createdAt: 1234,
      updatedAt: 1234,
      modelId: 'model-a',
      systemPrompt: DEFAULT_SYSTEM_PROMPT,
      settings: DEFAULT_GENERATION_SETTINGS,
    });
    expect(created.id).not.toBe((await repository.create('model-a', 1234)).id);
    expect(await repository.get(created.id)).toEqual(created);
  });

  it('lists the most recently used first, and a new message makes its chat the most recent', async () => {
    const repository = await make();
    const older = await repository.create('model-a', 1000);
    const newer = await repository.create('model-b', 2000);
    expect((await repository.list()).map((c) => c.id)).toEqual([newer.id, older.id]);

    await repository.putMessage(message(older.id, 1), 3000);
    expect((await repository.list()).map((c) => c.id)).toEqual([older.id, newer.id]);
    expect((await repository.get(older.id))?.updatedAt).toBe(3000);
  });

  it('orders chats used at the same moment by id, highest first', async () => {
    const repository = await make();
    for (const id of ['b', 'c', 'a']) await repository.update(conversation(id, 5));
    await repository.update(conversation('z', 1));
    expect((await repository.list()).map((c) => c.id)).toEqual(['c', 'b', 'a', 'z']);
  });

  it('keeps messages per conversation in the order they were written, ties by id', async () => {
    const repository = await make();
    const a = await repository.create('m', 1);
    const b = await repository.create('m', 2);
    await repository.putMessage(message(a.id, 30));
    await repository.putMessage(message(b.id, 10));
    await repository.putMessage(message(a.id, 20));
    await repository.putMessage(message(a.id, 20, { id: 'a-tie' }));
    expect((await repository.messages(a.id)).map((m) => [m.createdAt, m.id])).toEqual([
      [20, 'a-tie'],
      [20, `m-${a.id}-20`],
      [30, `m-${a.id}-30`],
    ]);
    expect((await repository.messages(b.id)).map((m) => m.createdAt)).toEqual([10]);
    expect(await repository.messages('no-such-chat')).toEqual([]);
  });

  it('updates a streaming message in place as tokens arrive', async () => {
    const repository = await make();
    const chat = await repository.create('m');
    const answer = message(chat.id, 5, { role: 'assistant', content: 'Hel', status: 'streaming' });
    await repository.putMessage(answer);
    await repository.putMessage({ ...answer, content: 'Hello' });
    const stored = await repository.messages(chat.id);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.content).toBe('Hello');
  });

  it('keeps every field of a message, answer details included', async () => {
    const repository = await make();
    const chat = await repository.create('m');
    const full = message(chat.id, 7, {
      role: 'assistant',
      status: 'error',
      error: 'The cloud said no.',
      meta: {
        modelId: 'x',
        modelName: 'X',
        where: 'cloud',
        reason: 'hard question',
        backend: 'wasm',
        stats: {
          promptTokens: 1,
          generatedTokens: 2,
          ttftMs: 3,
          prefillTokensPerS: 4,
          decodeTokensPerS: 5,
          totalMs: 6,
        },
        trimmedMessages: 2,
        privateKinds: ['email'],
        confidence: { tokens: 16, meanEntropy: 1.5, normalizedEntropy: 0.2, meanTopLogprob: -0.4 },
        unsure: 'hedged',
      },
    });
    await repository.putMessage(full);
    expect(await repository.messages(chat.id)).toEqual([full]);
  });

  it('saves a message for a chat it does not know without inventing the chat', async () => {
    const repository = await make();
    await repository.putMessage(message('ghost', 1), 99);
    expect(await repository.messages('ghost')).toHaveLength(1);
    expect(await repository.get('ghost')).toBeUndefined();
    expect(await repository.list()).toEqual([]);
  });

  it('saves an update over the old one, and creates a conversation it did not have', async () => {
    const repository = await make();
    const chat = await repository.create('m', 1);
    await repository.update({ ...chat, title: 'Renamed', settings: { ...chat.settings, temperature: 0 } });
    expect(await repository.get(chat.id)).toMatchObject({ title: 'Renamed', settings: { temperature: 0 } });
    await repository.update(conversation('imported', 2));
    expect((await repository.list()).map((c) => c.id)).toEqual(['imported', chat.id]);
  });

  it('hands out copies: changing one never changes what was saved', async () => {
    const repository = await make();
    const chat = await repository.create('m', 1);
    chat.title = 'changed after create';
    const read = await repository.get(chat.id);
    if (!read) throw new Error('the chat was not saved');
    read.settings.temperature = 2;
    const saved = message(chat.id, 1);
    await repository.putMessage(saved);
    saved.content = 'changed after saving';
    const listed = await repository.messages(chat.id);
    expect(listed[0]?.content).toBe('text 1');
    expect(await repository.get(chat.id)).toMatchObject({
      title: 'New chat',
      settings: { temperature: 0.7 },
    });
  });

  it('refuses what cannot be stored (a function, as in a live proxy), as IndexedDB does', async () => {
    const repository = await make();
    const chat = await repository.create('m');
    const unstorable = { ...message(chat.id, 1), extra: () => 'not data' };
    await expect(repository.putMessage(unstorable)).rejects.toThrow();
    expect(await repository.messages(chat.id)).toEqual([]);
  });

  it('deletes a conversation together with its messages and nothing else', async () => {
    const repository = await make();
    const doomed = await repository.create('m');
    const kept = await repository.create('m');
    await repository.putMessage(message(doomed.id, 1));
    await repository.putMessage(message(doomed.id, 2));
    await repository.putMessage(message(kept.id, 3));
    await repository.delete(doomed.id);
    await repository.delete('never-existed');
    expect(await repository.get(doomed.id)).toBeUndefined();
    expect(await repository.messages(doomed.id)).toEqual([]);
    expect(await repository.messages(kept.id)).toHaveLength(1);
    expect((await repository.list()).map((c) => c.id)).toEqual([kept.id]);
  });

  it('recovers answers cut off by a reload in every chat: text kept, marked stopped', async () => {
    const repository = await make();
    const a = await repository.create('m');
    const b = await repository.create('m');
    await repository.putMessage(
      message(a.id, 1, { role: 'assistant', content: 'half an ans', status: 'streaming' }),
    );
    await repository.putMessage(message(a.id, 2, { role: 'assistant', content: 'done', status: 'complete' }));
    await repository.putMessage(
      message(b.id, 3, { role: 'assistant', content: 'also half', status: 'streaming' }),
    );
    expect(await repository.recoverInterrupted()).toBe(2);
    const [first, second] = await repository.messages(a.id);
    expect(first).toMatchObject({ content: 'half an ans', status: 'stopped' });
    expect(second?.status).toBe('complete');
    expect((await repository.messages(b.id))[0]).toMatchObject({ content: 'also half', status: 'stopped' });
    expect(await repository.recoverInterrupted()).toBe(0);
  });
});
