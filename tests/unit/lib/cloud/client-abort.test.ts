import { describe, expect, it } from 'vitest';
import { streamChatCompletion } from '../../../../src/lib/cloud';
import { body, bytes, chunk, CONFIG, event, fakeFetch, REQUEST, sseResponse } from './fakes';

describe('streamChatCompletion: abort', () => {
  it('mid-stream: resolves with finishReason aborted and the text so far, and stops the download', async () => {
    const controller = new AbortController();
    const fake = body([bytes(event(chunk('Hello'))), bytes(event(chunk(' world')))], 'stall');
    const seen: { signal: AbortSignal | null } = { signal: null };
    const { fetch } = fakeFetch((call) => {
      seen.signal = call.signal;
      return sseResponse(fake);
    });
    const deltas: string[] = [];
    const result = await streamChatCompletion(CONFIG, REQUEST, {
      fetch,
      signal: controller.signal,
      idleTimeoutMs: 60_000,
      onDelta: (text) => {
        deltas.push(text);
        // Stop once the second piece arrives; the body then stalls, so only the abort can end this.
        if (deltas.length === 2) setTimeout(() => controller.abort(), 5);
      },
    });
    expect(result.finishReason).toBe('aborted');
    expect(result.text).toBe('Hello world');
    expect(result.stats.generatedTokens).toBe(2);
    expect(fake.cancelled()).toBe(true);
    expect(seen.signal?.aborted).toBe(true);
  });

  it('before sending: resolves aborted without calling fetch', async () => {
    const { fetch, calls } = fakeFetch(() => sseResponse(''));
    const result = await streamChatCompletion(CONFIG, REQUEST, { fetch, signal: AbortSignal.abort() });
    expect(result).toMatchObject({ text: '', finishReason: 'aborted', usage: null });
    expect(calls).toHaveLength(0);
  });

  it('while waiting for headers, with a fetch that ignores its signal', async () => {
    const controller = new AbortController();
    const { fetch } = fakeFetch(() => new Promise<Response>(() => undefined));
    setTimeout(() => controller.abort(), 5);
    const result = await streamChatCompletion(CONFIG, REQUEST, { fetch, signal: controller.signal });
    expect(result.finishReason).toBe('aborted');
  });

  it('while waiting for headers, with a fetch that rejects with AbortError as browsers do', async () => {
    const controller = new AbortController();
    const { fetch } = fakeFetch(
      (call) =>
        new Promise<Response>((_, reject) => {
          call.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    setTimeout(() => controller.abort(), 5);
    const result = await streamChatCompletion(CONFIG, REQUEST, { fetch, signal: controller.signal });
    expect(result.finishReason).toBe('aborted');
  });

  it('an abort after the answer is complete changes nothing', async () => {
    const controller = new AbortController();
    const { fetch } = fakeFetch(() => sseResponse(event(chunk('done', 'stop')) + 'data: [DONE]\n\n'));
    const result = await streamChatCompletion(CONFIG, REQUEST, { fetch, signal: controller.signal });
    controller.abort();
    expect(result.finishReason).toBe('stop');
  });
});
