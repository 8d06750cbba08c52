import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRetryAfter, streamChatCompletion } from '../../../../src/lib/cloud';
import {
  CloudAuthError,
  CloudModelNotFoundError,
  CloudProtocolError,
  CloudRateLimitedError,
  CloudServerError,
  CloudStreamDroppedError,
  CloudTimeoutError,
  ContextTooLongError,
  InvalidRequestError,
  NetworkError,
} from '../../../../src/lib/errors';
import { body, bytes, chunk, CONFIG, event, fakeFetch, REQUEST, sseResponse } from './fakes';

function jsonError(status: number, message: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ error: { message, type: 'invalid_request_error' } }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** Runs a request that must fail with `ErrorClass`, and returns the error, typed. */
async function failure<T extends Error>(
  ErrorClass: abstract new (...args: never[]) => T,
  respond: () => Response | Promise<Response>,
  idleTimeoutMs?: number,
): Promise<T> {
  const { fetch } = fakeFetch(respond);
  const error: unknown = await streamChatCompletion(CONFIG, REQUEST, { fetch, idleTimeoutMs }).then(
    () => new Error('the request should have failed'),
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ErrorClass)) throw new Error(`expected ${ErrorClass.name}, got ${String(error)}`);
  return error;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('streamChatCompletion: HTTP errors', () => {
  it.each([401, 403])('%i is CloudAuthError, with the server message', async (status) => {
    const error = await failure(CloudAuthError, () => jsonError(status, 'Incorrect API key provided.'));
    expect(error.code).toBe('CLOUD_AUTH');
    expect(error.detail).toEqual({ status });
    expect(error.message).toBe(`HTTP ${status}: Incorrect API key provided.`);
    expect(error.userMessage()).toContain('Check the Cloud API key in Settings.');
  });

  it('404 is CloudModelNotFoundError, and its sentence names the model', async () => {
    const error = await failure(CloudModelNotFoundError, () =>
      jsonError(404, 'The model `gpt-4o-mini` does not exist.'),
    );
    expect(error.detail).toEqual({ status: 404, model: 'gpt-4o-mini' });
    expect(error.userMessage()).toContain('"gpt-4o-mini"');
  });

  it('a 404 with no body is CloudModelNotFoundError too (the sentence also points at the URL)', async () => {
    const error = await failure(CloudModelNotFoundError, () => new Response(null, { status: 404 }));
    expect(error.message).toBe('HTTP 404');
    expect(error.userMessage()).toContain('endpoint URL');
  });

  it('a 400 whose body says the model does not exist is CloudModelNotFoundError', async () => {
    await failure(CloudModelNotFoundError, () => jsonError(400, 'gpt-4o-mini is not a valid model ID'));
  });

  it('a 400 about the context length is ContextTooLongError; other 4xx are InvalidRequestError', async () => {
    await failure(ContextTooLongError, () =>
      jsonError(400, "This model's maximum context length is 8192 tokens."),
    );
    const other = await failure(InvalidRequestError, () => jsonError(422, 'top_p must be at most 1'));
    expect(other.userMessage()).toBe(
      'The cloud endpoint refused the request (HTTP 422: top_p must be at most 1).',
    );
  });

  it('429 with Retry-After in seconds', async () => {
    const error = await failure(CloudRateLimitedError, () =>
      jsonError(429, 'Rate limit reached', { 'retry-after': '7' }),
    );
    expect(error.detail).toEqual({ status: 429, retryAfterS: 7 });
    expect(error.userMessage()).toContain('Try again in 7 seconds');
  });

  it('429 with Retry-After as an HTTP-date', async () => {
    const at = new Date(Date.now() + 125_000).toUTCString(); // whole seconds: 124 to 125 s from now
    const error = await failure(CloudRateLimitedError, () =>
      jsonError(429, 'Slow down', { 'retry-after': at }),
    );
    expect(error.detail.retryAfterS).toBeGreaterThanOrEqual(123);
    expect(error.detail.retryAfterS).toBeLessThanOrEqual(125);
    expect(error.userMessage()).toContain('Try again in 3 minutes');
  });

  it('429 without Retry-After asks to wait a minute', async () => {
    const error = await failure(CloudRateLimitedError, () => jsonError(429, 'Slow down'));
    expect(error.detail).toEqual({ status: 429 });
    expect(error.userMessage()).toContain('Wait a minute and try again');
  });

  it.each([500, 503])('%i is CloudServerError', async (status) => {
    const error = await failure(CloudServerError, () => new Response('upstream overloaded', { status }));
    expect(error.message).toBe(`HTTP ${status}: upstream overloaded`);
  });

  it('an HTML error page reads as its text, and a long body is cut to 200 characters', async () => {
    const page = '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>';
    const html = await failure(CloudServerError, () => new Response(page, { status: 502 }));
    expect(html.message).toBe('HTTP 502: 502 Bad Gateway nginx');
    const long = await failure(CloudServerError, () => new Response('x'.repeat(5000), { status: 500 }));
    expect(long.message).toBe(`HTTP 500: ${'x'.repeat(199)}…`);
  });

  it('a fetch TypeError is a NetworkError that names the host', async () => {
    const error = await failure(NetworkError, () => Promise.reject(new TypeError('Failed to fetch')));
    expect(error.message).toBe('could not reach api.example.com: Failed to fetch');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-05T10:00:00Z');
  it('reads delta-seconds and HTTP-dates, rounding up, and nothing else', () => {
    expect(parseRetryAfter('30', now)).toBe(30);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(2);
    expect(parseRetryAfter('Thu, 05 Nov 2026 10:01:30 GMT', now)).toBe(90);
    expect(parseRetryAfter('Thu, 05 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('streamChatCompletion: stream errors', () => {
  it('times out after 30 s by default when the headers never come', async () => {
    vi.useFakeTimers();
    const { fetch } = fakeFetch(() => new Promise<Response>(() => undefined));
    const pending = streamChatCompletion(CONFIG, REQUEST, { fetch }).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(29_999);
    let settled = false;
    void pending.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await pending;
    expect(error).toBeInstanceOf(CloudTimeoutError);
    expect(error).toMatchObject({
      message: 'no data from api.example.com for 30 s',
      detail: { seconds: 30 },
    });
  });

  it('times out when the stream stalls, and aborts the request', async () => {
    const seen: { signal: AbortSignal | null } = { signal: null };
    const stalled = () => sseResponse(body([bytes(event(chunk('partial')))], 'stall'));
    const { fetch } = fakeFetch((call) => {
      seen.signal = call.signal;
      return stalled();
    });
    const error = await streamChatCompletion(CONFIG, REQUEST, { fetch, idleTimeoutMs: 20 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CloudTimeoutError);
    expect(error).toMatchObject({
      message: 'no data from api.example.com for 20 ms',
      detail: { seconds: 0.02 },
    });
    expect(seen.signal?.aborted).toBe(true);
  });

  it('keep-alive comments count as data: a slow but living stream does not time out', async () => {
    vi.useFakeTimers();
    const pieces = [': keep-alive\n\n', ': keep-alive\n\n', ': keep-alive\n\n', event(chunk('late', 'stop'))];
    let index = 0;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        // 20 s between pieces: each gap is under the 30 s idle limit, the total (80 s) is well over it.
        await new Promise((resolve) => setTimeout(resolve, 20_000));
        const next = pieces[index++];
        if (next === undefined) controller.close();
        else controller.enqueue(bytes(next));
      },
    });
    const { fetch } = fakeFetch(
      () => new Response(stream, { headers: { 'content-type': 'text/event-stream' } }),
    );
    const pending = streamChatCompletion(CONFIG, REQUEST, { fetch });
    await vi.advanceTimersByTimeAsync(5 * 20_000);
    const result = await pending;
    expect(result.text).toBe('late');
  });

  it('malformed JSON in a data line is CloudProtocolError', async () => {
    const error = await failure(CloudProtocolError, () =>
      sseResponse(event(chunk('ok')) + 'data: {"choices":[{"delta":\n\n'),
    );
    expect(error.message).toBe('malformed JSON in the event stream: {"choices":[{"delta":');
  });

  it('an HTML page with status 200 is CloudProtocolError', async () => {
    const page = '<!doctype html><html><body>Sign in to the gateway</body></html>';
    const error = await failure(
      CloudProtocolError,
      () => new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } }),
    );
    expect(error.message).toBe('expected an event stream, got text/html: Sign in to the gateway');
  });

  it('a body that is not SSE is CloudProtocolError even without a content type', async () => {
    const fake = body([bytes('<!doctype html>\n<html>\n<body>hello</body>\n</html>\n')]);
    const error = await failure(CloudProtocolError, () => new Response(fake.stream, { status: 200 }));
    expect(error.message).toBe('the response was not an event stream');
  });

  it('a JSON error with status 200 is CloudProtocolError carrying its message', async () => {
    const error = await failure(CloudProtocolError, () => jsonError(200, 'stream not supported here'));
    expect(error.message).toBe('expected an event stream, got application/json: stream not supported here');
  });

  it('an error object inside the stream is CloudProtocolError with its message', async () => {
    const stream = event(chunk('Hi')) + event({ error: { message: 'Provider returned error', code: 502 } });
    const error = await failure(CloudProtocolError, () => sseResponse(stream));
    expect(error.message).toBe('error inside the event stream: Provider returned error');
  });

  it('an `event: error` inside the stream is CloudProtocolError', async () => {
    const error = await failure(CloudProtocolError, () =>
      sseResponse('event: error\ndata: {"message":"overloaded"}\n\n'),
    );
    expect(error.message).toBe('error inside the event stream: overloaded');
  });

  it('a stream that ends before [DONE] or a finish reason is CloudStreamDroppedError with the partial text', async () => {
    const stream =
      event(chunk(null)) + event(chunk('Hello ')) + event(chunk('wor')) + 'data: {"choices":[{"del';
    const error = await failure(CloudStreamDroppedError, () => sseResponse(stream));
    expect(error.partialText).toBe('Hello wor');
    expect(error.message).toBe('the stream ended early');
    expect(error.detail.chunksReceived).toBe(2);
    expect(error.userMessage()).not.toContain('Hello');
  });

  it('a connection reset mid-stream is CloudStreamDroppedError with the partial text', async () => {
    const fake = body([bytes(event(chunk('Hello')))], new TypeError('terminated'));
    const error = await failure(CloudStreamDroppedError, () => sseResponse(fake));
    expect(error.partialText).toBe('Hello');
    expect(error.message).toBe('the connection failed: terminated');
    expect(error.detail.chunksReceived).toBe(1);
  });

  it('an empty 200 stream is a dropped stream with no text', async () => {
    const error = await failure(CloudStreamDroppedError, () => sseResponse(''));
    expect(error.partialText).toBe('');
  });
});
