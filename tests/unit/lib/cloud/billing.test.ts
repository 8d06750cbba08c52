import { describe, expect, it } from 'vitest';
import {
  billedEstimate,
  streamChatCompletion,
  streamOutcome,
  type CloudStreamOptions,
  type StreamOutcome,
} from '../../../../src/lib/cloud';
import { CloudRateLimitedError, NetworkError } from '../../../../src/lib/errors';
import { body, bytes, chunk, CONFIG, event, fakeFetch, REQUEST, sseResponse, usageChunk } from './fakes';

const USAGE = { promptTokens: 120, completionTokens: 45 };

describe('billedEstimate: the rules', () => {
  it('charges nothing when the request never reached generation, whatever else is known', () => {
    expect(
      billedEstimate({ promptChars: 4000, receivedText: '', usage: null, outcome: 'not-generated' }),
    ).toBeNull();
    expect(
      billedEstimate({ promptChars: 4000, receivedText: 'x', usage: USAGE, outcome: 'not-generated' }),
    ).toBeNull();
  });

  it.each<StreamOutcome>(['completed', 'aborted', 'dropped', 'timed-out', 'cut'])(
    '%s: the server’s usage when it sent one',
    (outcome) => {
      expect(billedEstimate({ promptChars: 4000, receivedText: 'abc', usage: USAGE, outcome })).toEqual(
        USAGE,
      );
    },
  );

  it.each<StreamOutcome>(['completed', 'aborted', 'dropped', 'timed-out', 'cut'])(
    '%s without usage: prompt and received characters over 4, each rounded up',
    (outcome) => {
      expect(billedEstimate({ promptChars: 401, receivedText: 'x'.repeat(9), usage: null, outcome })).toEqual(
        {
          promptTokens: 101,
          completionTokens: 3,
        },
      );
    },
  );

  it('a stream that began but sent no text is still charged its prompt', () => {
    expect(billedEstimate({ promptChars: 8, receivedText: '', usage: null, outcome: 'dropped' })).toEqual({
      promptTokens: 2,
      completionTokens: 0,
    });
  });
});

/** How a real request ended (its result, or what it threw), as the turn module will see it. */
async function ending(respond: () => Response | Promise<Response>, options: CloudStreamOptions = {}) {
  const { fetch } = fakeFetch(respond);
  return streamChatCompletion(CONFIG, REQUEST, { fetch, idleTimeoutMs: 50, ...options }).catch(
    (error: unknown) => error,
  );
}

const DONE =
  event(chunk('All ')) + event(chunk('done', 'stop')) + event(usageChunk(12, 2)) + 'data: [DONE]\n\n';

describe('streamOutcome: what each ending of streamChatCompletion counts as', () => {
  it('a complete answer is completed, and its usage is what is charged', async () => {
    const result = await ending(() => sseResponse(DONE));
    expect(streamOutcome(result)).toBe('completed');
    expect(result).toMatchObject({ usage: { promptTokens: 12, completionTokens: 2 }, streamed: true });
  });

  it('an HTTP error (429, 500, 401) never reached generation', async () => {
    for (const status of [429, 500, 401]) {
      const error = await ending(() => new Response('{"error":{"message":"no"}}', { status }));
      expect(streamOutcome(error)).toBe('not-generated');
    }
    expect(streamOutcome(new CloudRateLimitedError('HTTP 429', { status: 429 }))).toBe('not-generated');
  });

  it('a redirect never reached generation', async () => {
    const error = await ending(
      () => new Response(null, { status: 307, headers: { location: 'https://x.example' } }),
    );
    expect(streamOutcome(error)).toBe('not-generated');
  });

  it('a network failure before any response never reached generation', async () => {
    const error = await ending(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(error).toBeInstanceOf(NetworkError);
    expect(streamOutcome(error)).toBe('not-generated');
  });

  it('a timeout while waiting for the response never reached generation', async () => {
    const error = await ending(() => new Promise<Response>(() => undefined));
    expect(streamOutcome(error)).toBe('not-generated');
  });

  it('a timeout after streaming began is timed-out', async () => {
    const error = await ending(() => sseResponse(body([bytes(event(chunk('Hel')))], 'stall')));
    expect(streamOutcome(error)).toBe('timed-out');
  });

  it('a dropped connection, and an unreadable chunk mid-stream, are dropped', async () => {
    const reset = await ending(() =>
      sseResponse(body([bytes(event(chunk('Hel')))], new TypeError('terminated'))),
    );
    expect(streamOutcome(reset)).toBe('dropped');
    const garbled = await ending(() => sseResponse(event(chunk('Hel')) + 'data: {"choices":[\n\n'));
    expect(streamOutcome(garbled)).toBe('dropped');
  });

  it('a 200 that is not an event stream never reached generation', async () => {
    const error = await ending(
      () => new Response('<html></html>', { headers: { 'content-type': 'text/html' } }),
    );
    expect(streamOutcome(error)).toBe('not-generated');
  });

  it('a size or time cut is cut', async () => {
    const error = await ending(() => sseResponse(event(chunk('0123456789'))), { maxAnswerChars: 4 });
    expect(streamOutcome(error)).toBe('cut');
  });

  it('a stop after streaming began is aborted; a stop before any response never reached generation', async () => {
    const late = new AbortController();
    const started = await ending(() => sseResponse(body([bytes(event(chunk('Hi')))], 'stall')), {
      signal: late.signal,
      idleTimeoutMs: 5_000,
      onDelta: () => late.abort(),
    });
    expect(streamOutcome(started)).toBe('aborted');
    const early = new AbortController();
    setTimeout(() => early.abort(), 5);
    const waiting = await ending(() => new Promise<Response>(() => undefined), {
      signal: early.signal,
      idleTimeoutMs: 5_000,
    });
    expect(streamOutcome(waiting)).toBe('not-generated');
  });

  it('anything else thrown counts as not generated', () => {
    expect(streamOutcome(new Error('boom'))).toBe('not-generated');
    expect(streamOutcome(undefined)).toBe('not-generated');
  });
});
