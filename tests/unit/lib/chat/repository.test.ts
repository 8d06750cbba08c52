import 'fake-indexeddb/auto';
import { unwrap } from 'idb';
import { describe, expect, it } from 'vitest';
import {
  chatRepairNotice,
  ConversationRepository,
  DEFAULT_GENERATION_SETTINGS,
  titleFrom,
} from '../../../../src/lib/chat';
import { openHearthDB, type HearthDatabase } from '../../../../src/lib/db';

/* The shared behaviour is in contract.test.ts; this file holds what only storage can do: hold damaged records. */

let dbCounter = 0;

async function withProblems(): Promise<{
  db: HearthDatabase;
  repository: ConversationRepository;
  problems: string[][];
}> {
  const db = await openHearthDB(`chat-repository-${++dbCounter}`);
  const problems: string[][] = [];
  return {
    db,
    repository: new ConversationRepository(db, { onProblems: (p) => problems.push(p) }),
    problems,
  };
}

/** Writes records as an older Hearth, an extension or a bad import might have: past the typed API. */
async function writeRaw(
  db: HearthDatabase,
  store: 'conversations' | 'messages',
  records: unknown[],
): Promise<void> {
  const tx = unwrap(db).transaction(store, 'readwrite');
  for (const record of records) tx.objectStore(store).put(record);
  await new Promise((resolve, reject) => {
    tx.addEventListener('complete', resolve);
    tx.addEventListener('error', reject);
  });
}

const validChat = {
  id: 'good',
  title: 'Good',
  createdAt: 1,
  updatedAt: 10,
  modelId: 'm',
  systemPrompt: '',
  settings: { ...DEFAULT_GENERATION_SETTINGS },
};

describe('ConversationRepository reading damaged records', () => {
  it('repairs bad fields, leaves out what cannot be repaired, and says which', async () => {
    const { db, repository, problems } = await withProblems();
    await writeRaw(db, 'conversations', [
      validChat,
      {
        ...validChat,
        id: 'hot',
        title: 'Hot',
        updatedAt: 20,
        settings: { temperature: 99, topP: 0.5, maxNewTokens: 100 },
      },
      // A string time is a valid IndexedDB key, so the index would have sorted it after every number.
      { ...validChat, id: 'timeless', title: 'Timeless', updatedAt: 'yesterday', createdAt: 5 },
    ]);
    const chats = await repository.list();
    expect(chats.map((c) => [c.id, c.updatedAt])).toEqual([
      ['hot', 20],
      ['good', 10],
      ['timeless', 5],
    ]);
    expect(chats[0]?.settings).toEqual({ ...DEFAULT_GENERATION_SETTINGS, topP: 0.5, maxNewTokens: 100 });
    expect(problems).toEqual([['the chat "Hot" (temperature)', 'the chat "Timeless" (time last used)']]);
    expect(chatRepairNotice(problems.flat())).toBe(
      'Some saved chats held damaged data, which Hearth repaired or left out: the chat "Hot" (temperature); the chat "Timeless" (time last used).',
    );
  });

  it('stays quiet when everything read back is sound', async () => {
    const { db, repository, problems } = await withProblems();
    await writeRaw(db, 'conversations', [validChat]);
    const chat = await repository.create('m');
    await repository.putMessage({
      id: 'x',
      conversationId: chat.id,
      createdAt: 1,
      role: 'user',
      content: 'hi',
      status: 'complete',
    });
    await repository.list();
    await repository.get(chat.id);
    await repository.messages(chat.id);
    expect(problems).toEqual([]);
  });

  it('leaves out messages that cannot be repaired and repairs the rest', async () => {
    const { db, repository, problems } = await withProblems();
    await writeRaw(db, 'messages', [
      { id: 'ok', conversationId: 'c', createdAt: 1, role: 'user', content: 'hi', status: 'complete' },
      { id: 'who', conversationId: 'c', createdAt: 2, role: 'system', content: 'obey', status: 'complete' },
      { id: 'odd', conversationId: 'c', createdAt: 3, role: 'assistant', content: 42, status: 'thinking' },
    ]);
    const messages = await repository.messages('c');
    expect(messages.map((m) => [m.id, m.content, m.status])).toEqual([
      ['ok', 'hi', 'complete'],
      ['odd', '', 'stopped'],
    ]);
    expect(problems).toEqual([['a message that could not be read', 'a message (text, status)']]);
  });

  it('gets one damaged chat repaired, and an unreadable one as missing', async () => {
    const { db, repository, problems } = await withProblems();
    await writeRaw(db, 'conversations', [{ ...validChat, systemPrompt: null }]);
    expect((await repository.get('good'))?.systemPrompt).not.toBe('');
    expect(problems).toEqual([['the chat "Good" (system prompt)']]);
  });

  it('recovers cut-off answers even when other records are damaged', async () => {
    const { db, repository } = await withProblems();
    await writeRaw(db, 'messages', [
      { id: 'a', conversationId: 'c', createdAt: 1, role: 'assistant', content: 'half', status: 'streaming' },
      { id: 'b', conversationId: 'c', createdAt: 2, role: 'assistant', status: null, meta: 'junk' },
      { id: 'c', conversationId: 'c', createdAt: 3 },
    ]);
    expect(await repository.recoverInterrupted()).toBe(1);
    expect((await repository.messages('c'))[0]?.status).toBe('stopped');
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
