import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { streamChatCompletion } from '../../../../src/lib/cloud';
import { HearthError, serializeError } from '../../../../src/lib/errors';
import { body, bytes, chunk, CONFIG, event, FAKE_KEY, fakeFetch, REQUEST, sseResponse } from './fakes';

/** Everything an error exposes: message, stack, sentence, every own field, and its serialized form. */
function everythingIn(error: unknown): string {
  const parts = [String(error)];
  if (error instanceof Error)
    parts.push(error.message, error.stack ?? '', JSON.stringify(Object.entries(error)));
  if (error instanceof HearthError) parts.push(error.userMessage(), JSON.stringify(serializeError(error)));
  return parts.join('\n');
}

const echo = `Incorrect API key provided: ${FAKE_KEY}. Header was "Authorization: Bearer ${FAKE_KEY}"`;

/** Failure scenarios in which the server (or the network layer) repeats the key back. */
const SCENARIOS: [string, () => Response | Promise<Response>][] = [
  ['401 JSON', () => new Response(JSON.stringify({ error: { message: echo } }), { status: 401 })],
  ['403 text', () => new Response(echo, { status: 403 })],
  ['404', () => new Response(echo, { status: 404 })],
  ['429', () => new Response(echo, { status: 429, headers: { 'retry-after': '3' } })],
  ['500', () => new Response(echo, { status: 500 })],
  ['400', () => new Response(echo, { status: 400 })],
  [
    'TypeError',
    () => Promise.reject(new TypeError(`Headers.append: "Bearer ${FAKE_KEY}" is an invalid header value`)),
  ],
  ['other throw', () => Promise.reject(new Error(echo))],
  ['html 200', () => new Response(`<p>${echo}</p>`, { headers: { 'content-type': 'text/html' } })],
  ['malformed JSON', () => sseResponse(`data: {${echo}\n\n`)],
  ['error event', () => sseResponse(event({ error: { message: echo } }))],
  ['reset', () => sseResponse(body([bytes(event(chunk('a')))], new TypeError(echo)))],
  ['dropped', () => sseResponse(event(chunk('a')))],
  ['timeout', () => sseResponse(body([], 'stall'))],
];

describe('the API key never leaks', () => {
  let spies: MockInstance[] = [];
  beforeEach(() => {
    spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => vi.spyOn(console, method));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each(SCENARIOS)('%s: not in the error, and nothing is logged', async (_name, respond) => {
    const { fetch } = fakeFetch(respond);
    const error: unknown = await streamChatCompletion(CONFIG, REQUEST, { fetch, idleTimeoutMs: 20 }).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(HearthError);
    const exposed = everythingIn(error);
    expect(exposed).not.toContain(FAKE_KEY);
    expect(exposed).not.toContain('LEAKCANARY');
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('the redaction keeps the rest of the server message readable', async () => {
    const { fetch } = fakeFetch(
      () => new Response(JSON.stringify({ error: { message: echo } }), { status: 401 }),
    );
    const error = await streamChatCompletion(CONFIG, REQUEST, { fetch }).catch((thrown: unknown) => thrown);
    expect(error).toMatchObject({
      message:
        'HTTP 401: Incorrect API key provided: [redacted]. Header was "Authorization: Bearer [redacted]"',
    });
  });
});
