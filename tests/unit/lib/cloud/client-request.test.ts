import { describe, expect, it } from 'vitest';
import { chatCompletionsUrl, streamChatCompletion } from '../../../../src/lib/cloud';
import { InvalidRequestError } from '../../../../src/lib/errors';
import { CONFIG, chunk, event, fakeFetch, REQUEST, sseResponse } from './fakes';

const OK_STREAM = event(chunk('ok', 'stop')) + 'data: [DONE]\n\n';

describe('chatCompletionsUrl', () => {
  it.each([
    ['https://api.openai.com/v1', 'https://api.openai.com/v1/chat/completions'],
    ['https://api.openai.com/v1/', 'https://api.openai.com/v1/chat/completions'],
    ['https://openrouter.ai/api/v1//', 'https://openrouter.ai/api/v1/chat/completions'],
    ['  https://api.openai.com/v1  ', 'https://api.openai.com/v1/chat/completions'],
    ['https://api.openai.com/v1/chat/completions', 'https://api.openai.com/v1/chat/completions'],
    ['https://api.openai.com/v1/chat/completions/', 'https://api.openai.com/v1/chat/completions'],
    ['http://localhost:8080', 'http://localhost:8080/chat/completions'],
    ['http://localhost:8080/', 'http://localhost:8080/chat/completions'],
    [
      'https://gw.example.com/openai/deployments/x/chat/completions?api-version=2024-06-01',
      'https://gw.example.com/openai/deployments/x/chat/completions?api-version=2024-06-01',
    ],
    ['https://gw.example.com/llm?team=a', 'https://gw.example.com/llm/chat/completions?team=a'],
  ])('%s → %s', (input, expected) => {
    expect(chatCompletionsUrl(input)).toBe(expected);
  });

  it('rejects what is not an http(s) URL, without repeating it', () => {
    expect(() => chatCompletionsUrl('api.openai.com/v1')).toThrow(InvalidRequestError);
    expect(() => chatCompletionsUrl('ftp://files.example.com')).toThrow(InvalidRequestError);
    let thrown: unknown = null;
    try {
      chatCompletionsUrl('gateway/v1?key=s3cret');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidRequestError);
    expect(String(thrown)).not.toContain('s3cret');
  });
});

describe('streamChatCompletion: the request', () => {
  it('POSTs the OpenAI body to the normalised URL', async () => {
    const { fetch, calls } = fakeFetch(() => sseResponse(OK_STREAM));
    await streamChatCompletion({ ...CONFIG, endpointUrl: 'https://api.example.com/v1/' }, REQUEST, { fetch });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.url).toBe('https://api.example.com/v1/chat/completions');
    expect(calls[0]?.body).toEqual({
      model: 'gpt-4o-mini',
      messages: REQUEST.messages,
      stream: true,
      max_tokens: 64,
      temperature: 0.7,
      top_p: 0.9,
      stream_options: { include_usage: true },
    });
    expect(calls[0]?.headers.get('accept')).toBe('text/event-stream');
    expect(calls[0]?.headers.get('content-type')).toBe('application/json');
    expect(calls[0]?.signal).toBeInstanceOf(AbortSignal);
  });

  it('sends the key as a Bearer token, trimmed', async () => {
    const { fetch, calls } = fakeFetch(() => sseResponse(OK_STREAM));
    await streamChatCompletion({ ...CONFIG, apiKey: `  ${CONFIG.apiKey}\n` }, REQUEST, { fetch });
    expect(calls[0]?.headers.get('authorization')).toBe(`Bearer ${CONFIG.apiKey}`);
  });

  it.each(['', '   '])(
    'sends no Authorization header when the key is %j (a local server)',
    async (apiKey) => {
      const { fetch, calls } = fakeFetch(() => sseResponse(OK_STREAM));
      const result = await streamChatCompletion({ ...CONFIG, apiKey }, REQUEST, { fetch });
      expect(result.text).toBe('ok');
      expect(calls[0]?.headers.has('authorization')).toBe(false);
    },
  );

  it('refuses a key that cannot go in a header before sending anything', async () => {
    const { fetch, calls } = fakeFetch(() => sseResponse(OK_STREAM));
    const pending = streamChatCompletion({ ...CONFIG, apiKey: 'sk-two words' }, REQUEST, { fetch });
    await expect(pending).rejects.toThrow(InvalidRequestError);
    await expect(pending).rejects.not.toThrow(/two words/);
    expect(calls).toHaveLength(0);
  });

  it('uses the global fetch when none is given', async () => {
    const original = globalThis.fetch;
    const { fetch, calls } = fakeFetch(() => sseResponse(OK_STREAM));
    globalThis.fetch = fetch;
    try {
      const result = await streamChatCompletion(CONFIG, REQUEST);
      expect(result.text).toBe('ok');
      expect(calls).toHaveLength(1);
    } finally {
      globalThis.fetch = original;
    }
  });
});
