import { describe, expect, it } from 'vitest';
import {
  CHAT_LIMITS,
  chatRepairNotice,
  DEFAULT_GENERATION_SETTINGS,
  DEFAULT_SYSTEM_PROMPT,
  parseConversation,
  parseMessage,
  type Conversation,
  type StoredMessage,
} from '../../../../src/lib/chat';

const GOOD_CHAT: Conversation = {
  id: 'c1',
  title: 'Trip plans',
  createdAt: 100,
  updatedAt: 200,
  modelId: 'hearth/self-test-tiny',
  systemPrompt: 'Be brief.',
  settings: { temperature: 1.2, topP: 0.5, maxNewTokens: 1024 },
};

const GOOD_MESSAGE: StoredMessage = {
  id: 'm1',
  conversationId: 'c1',
  createdAt: 300,
  role: 'assistant',
  content: 'Hello',
  status: 'complete',
  error: 'The cloud failed.',
  meta: {
    modelId: 'gpt-4o-mini',
    modelName: 'gpt-4o-mini',
    where: 'cloud',
    reason: 'a hard question',
    backend: 'webgpu',
    stats: {
      promptTokens: 10,
      generatedTokens: 20,
      ttftMs: 30,
      prefillTokensPerS: 40,
      decodeTokensPerS: 50,
      totalMs: 60,
    },
    trimmedMessages: 0,
    privateKinds: ['email address'],
    confidence: { tokens: 16, meanEntropy: 2, normalizedEntropy: 0.3, meanTopLogprob: -0.7 },
    unsure: 'it hedged',
  },
};

const HUGE = 'x'.repeat(CHAT_LIMITS.contentLength + 10);

describe('parseConversation', () => {
  it('keeps a sound conversation exactly, and drops fields Hearth does not know', () => {
    expect(parseConversation(GOOD_CHAT)).toEqual({ value: GOOD_CHAT, problems: [] });
    expect(parseConversation({ ...GOOD_CHAT, fromTheFuture: true, isAdmin: true })).toEqual({
      value: GOOD_CHAT,
      problems: [],
    });
  });

  it.each([
    ['not an object', 'conversation'],
    ['null', null],
    ['an array', [GOOD_CHAT]],
    ['a missing id', { ...GOOD_CHAT, id: undefined }],
    ['an empty id', { ...GOOD_CHAT, id: '' }],
    ['a number id', { ...GOOD_CHAT, id: 7 }],
    ['a huge id', { ...GOOD_CHAT, id: HUGE }],
  ])('leaves out a record with %s', (_, raw) => {
    expect(parseConversation(raw)).toEqual({ value: null, problems: ['a chat that could not be read'] });
  });

  const settingsWith = (patch: Record<string, unknown>): Record<string, unknown> => ({
    settings: { ...GOOD_CHAT.settings, ...patch },
  });
  const defaults = DEFAULT_GENERATION_SETTINGS;
  const temperatureReset = { settings: { ...GOOD_CHAT.settings, temperature: defaults.temperature } };
  const topPReset = { settings: { ...GOOD_CHAT.settings, topP: defaults.topP } };
  const tokensReset = { settings: { ...GOOD_CHAT.settings, maxNewTokens: defaults.maxNewTokens } };

  it.each<[string, Record<string, unknown>, Partial<Conversation>, string]>([
    ['a number title', { title: 42 }, { title: 'New chat' }, 'title'],
    ['a huge title', { title: HUGE }, { title: 'x'.repeat(CHAT_LIMITS.titleLength) }, 'title shortened'],
    ['a NaN creation time', { createdAt: NaN }, { createdAt: 200 }, 'time created'],
    ['an Infinity last use', { updatedAt: Infinity }, { updatedAt: 100 }, 'time last used'],
    ['a string last use', { updatedAt: '2026-01-01' }, { updatedAt: 100 }, 'time last used'],
    ['an object model', { modelId: { id: 'm' } }, { modelId: '' }, 'model'],
    [
      'a null system prompt',
      { systemPrompt: null },
      { systemPrompt: DEFAULT_SYSTEM_PROMPT },
      'system prompt',
    ],
    ['settings that are a string', { settings: 'hot' }, { settings: defaults }, 'settings'],
    ['a temperature above 2', settingsWith({ temperature: 2.5 }), temperatureReset, 'temperature'],
    ['a negative temperature', settingsWith({ temperature: -0.1 }), temperatureReset, 'temperature'],
    ['a NaN temperature', settingsWith({ temperature: NaN }), temperatureReset, 'temperature'],
    ['a string temperature', settingsWith({ temperature: '0.7' }), temperatureReset, 'temperature'],
    ['a top-p of 0', settingsWith({ topP: 0 }), topPReset, 'top-p'],
    ['a top-p above 1', settingsWith({ topP: 1.01 }), topPReset, 'top-p'],
    ['a fractional token limit', settingsWith({ maxNewTokens: 10.5 }), tokensReset, 'max new tokens'],
    ['a zero token limit', settingsWith({ maxNewTokens: 0 }), tokensReset, 'max new tokens'],
    ['a huge token limit', settingsWith({ maxNewTokens: 1e9 }), tokensReset, 'max new tokens'],
  ])('repairs %s and names it', (_, patch, expected, problem) => {
    const { value, problems } = parseConversation({ ...GOOD_CHAT, ...patch });
    expect(value).toEqual({ ...GOOD_CHAT, ...expected });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^the chat ".*" \\(${problem}\\)$`));
  });

  it('accepts the edges of every range', () => {
    for (const settings of [
      { temperature: 0, topP: Number.MIN_VALUE, maxNewTokens: 1 },
      { temperature: 2, topP: 1, maxNewTokens: 4096 },
    ]) {
      expect(parseConversation({ ...GOOD_CHAT, settings }).problems).toEqual([]);
    }
  });

  it('names every damaged field of one chat in one problem, with a short title', () => {
    const { value, problems } = parseConversation({
      id: 'c',
      title: 'A'.repeat(100),
      createdAt: -Infinity,
      settings: { temperature: 'hot', topP: null },
    });
    expect(value).toMatchObject({ createdAt: 0, updatedAt: 0, settings: DEFAULT_GENERATION_SETTINGS });
    expect(problems).toEqual([
      `the chat "${'A'.repeat(60)}…" (time created, time last used, temperature, top-p)`,
    ]);
  });

  it('never lets a __proto__ key reach the prototype', () => {
    const raw: unknown = JSON.parse(
      '{"id":"c","title":"t","createdAt":1,"updatedAt":1,"modelId":"m","systemPrompt":"",' +
        '"settings":{"__proto__":{"temperature":5},"topP":0.9,"maxNewTokens":5},"__proto__":{"polluted":true}}',
    );
    const { value } = parseConversation(raw);
    expect(value?.settings.temperature).toBe(DEFAULT_GENERATION_SETTINGS.temperature);
    expect(value && Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value && 'polluted' in value).toBe(false);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('parseMessage', () => {
  it('keeps a sound message exactly, answer details included', () => {
    expect(parseMessage(GOOD_MESSAGE)).toEqual({ value: GOOD_MESSAGE, problems: [] });
    const { meta: _meta, error: _error, ...bare } = GOOD_MESSAGE;
    expect(parseMessage(bare)).toEqual({ value: bare, problems: [] });
    expect(parseMessage({ ...GOOD_MESSAGE, secret: 'x' }).value).toEqual(GOOD_MESSAGE);
  });

  it.each([
    ['not an object', 'hello'],
    ['no id', { ...GOOD_MESSAGE, id: undefined }],
    ['no chat', { ...GOOD_MESSAGE, conversationId: 5 }],
    ['a NaN time', { ...GOOD_MESSAGE, createdAt: NaN }],
    ['an Infinity time', { ...GOOD_MESSAGE, createdAt: Infinity }],
    ['a system role', { ...GOOD_MESSAGE, role: 'system' }],
    ['no role', { ...GOOD_MESSAGE, role: undefined }],
  ])('leaves out a message with %s', (_, raw) => {
    expect(parseMessage(raw)).toEqual({ value: null, problems: ['a message that could not be read'] });
  });

  it.each<[string, Record<string, unknown>, Partial<StoredMessage>, string]>([
    ['number content', { content: 42 }, { content: '' }, 'text'],
    [
      'huge content',
      { content: HUGE },
      { content: HUGE.slice(0, CHAT_LIMITS.contentLength) },
      'text shortened',
    ],
    ['an unknown status', { status: 'thinking' }, { status: 'stopped' }, 'status'],
    ['an error that is an object', { error: { message: 'x' } }, { error: undefined }, 'error note'],
  ])('repairs %s and names it', (_, patch, expected, problem) => {
    const { value, problems } = parseMessage({ ...GOOD_MESSAGE, ...patch });
    const repaired: Partial<StoredMessage> = { ...GOOD_MESSAGE, ...expected };
    if (repaired.error === undefined) delete repaired.error;
    expect(value).toStrictEqual(repaired);
    expect(problems).toEqual([`a message (${problem})`]);
  });

  it.each([
    ['a string', 'meta'],
    ['no model', { ...GOOD_MESSAGE.meta, modelId: undefined }],
    ['an unknown place', { ...GOOD_MESSAGE.meta, where: 'moon' }],
    ['a number reason', { ...GOOD_MESSAGE.meta, reason: 1 }],
  ])('drops answer details that are %s', (_, meta) => {
    const { value, problems } = parseMessage({ ...GOOD_MESSAGE, meta });
    expect(value).not.toHaveProperty('meta');
    expect(value?.content).toBe('Hello');
    expect(problems).toEqual(['a message (answer details)']);
  });

  it.each([
    ['backend', 'cuda'],
    ['stats', { ...GOOD_MESSAGE.meta?.stats, ttftMs: -1 }],
    ['stats', { promptTokens: 1 }],
    ['trimmedMessages', 1.5],
    ['privateKinds', ['email', 7]],
    ['privateKinds', 'email'],
    ['confidence', { ...GOOD_MESSAGE.meta?.confidence, meanTopLogprob: 0.5 }],
    ['confidence', { ...GOOD_MESSAGE.meta?.confidence, tokens: NaN }],
    ['unsure', false],
  ])('drops only the damaged %s of the answer details', (field, bad) => {
    const { value, problems } = parseMessage({
      ...GOOD_MESSAGE,
      meta: { ...GOOD_MESSAGE.meta, [field]: bad },
    });
    expect(value?.meta).not.toHaveProperty(field);
    expect(value?.meta?.modelId).toBe('gpt-4o-mini');
    expect(Object.keys(value?.meta ?? {})).toHaveLength(Object.keys(GOOD_MESSAGE.meta ?? {}).length - 1);
    expect(problems).toEqual(['a message (answer details)']);
  });
});

describe('chatRepairNotice', () => {
  it('says nothing when nothing was repaired', () => {
    expect(chatRepairNotice([])).toBeNull();
  });

  it('names the first few problems and counts the rest', () => {
    const problems = Array.from({ length: 6 }, (_, i) => `problem ${i + 1}`);
    expect(chatRepairNotice(problems)).toBe(
      'Some saved chats held damaged data, which Hearth repaired or left out: problem 1; problem 2; problem 3; problem 4; and 2 more.',
    );
  });
});
