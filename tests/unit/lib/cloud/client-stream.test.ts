import { describe, expect, it } from 'vitest';
import { streamChatCompletion } from '../../../../src/lib/cloud';
import {
  body,
  bytes,
  chunk,
  CONFIG,
  cut,
  event,
  fakeFetch,
  REQUEST,
  sseResponse,
  steppingClock,
  usageChunk,
} from './fakes';

/** Multi-byte text on purpose: é (2 bytes), — (3 bytes), 日本 (3 each), 🎉 (4 bytes, a surrogate pair). */
const PIECES = ['Hé', 'llo — ', '日本', ' 🎉', '!'];
const EXPECTED = PIECES.join('');

/** A complete OpenAI-style stream: role chunk, content, finish, usage-only chunk, [DONE]. */
function fullStream(lineEnd = '\n'): string {
  const text = [
    ': keep-alive\n\n',
    event(chunk(null)),
    ...PIECES.map((piece) => event(chunk(piece))),
    event(chunk('', 'stop')),
    ': keep-alive\n\n',
    event(usageChunk(12, 7)),
    'data: [DONE]\n\n',
  ].join('');
  return text.replace(/\n/g, lineEnd);
}

async function run(chunks: Uint8Array[]) {
  const deltas: string[] = [];
  const { fetch } = fakeFetch(() => sseResponse(chunks));
  const result = await streamChatCompletion(CONFIG, REQUEST, { fetch, onDelta: (text) => deltas.push(text) });
  return { result, deltas };
}

describe('streamChatCompletion: reading the stream', () => {
  it('reads text, usage, finish reason and the model the server names', async () => {
    const { result, deltas } = await run([bytes(fullStream())]);
    expect(result.text).toBe(EXPECTED);
    expect(deltas).toEqual(PIECES);
    expect(result.finishReason).toBe('stop');
    expect(result.usage).toEqual({ promptTokens: 12, completionTokens: 7 });
    expect(result.stats.generatedTokens).toBe(7);
    expect(result.model).toBe('gpt-4o-mini-2024-07-18');
  });

  it('gives the same answer when every byte arrives alone (mid-line, mid-JSON, mid-character)', async () => {
    const data = bytes(fullStream());
    const { result, deltas } = await run(
      cut(
        data,
        Array.from({ length: data.length - 1 }, (_, i) => i + 1),
      ),
    );
    expect(result.text).toBe(EXPECTED);
    expect(deltas.join('')).toBe(EXPECTED);
    expect(result.usage).toEqual({ promptTokens: 12, completionTokens: 7 });
  });

  it('gives the same answer for every two-way cut of the stream', async () => {
    const data = bytes(fullStream('\r\n'));
    for (let at = 1; at < data.length; at++) {
      const { result } = await run(cut(data, [at]));
      expect(result.text, `cut at byte ${at}`).toBe(EXPECTED);
      expect(result.finishReason).toBe('stop');
      expect(result.usage?.completionTokens).toBe(7);
    }
  });

  it('handles a cut inside a 4-byte character, inside "data:", and between CR and LF', async () => {
    const text = fullStream('\r\n');
    const data = bytes(text);
    const emoji = data.indexOf(0xf0); // first byte of 🎉
    const dataField = text.indexOf('data:') + 2; // "da" | "ta:" (ASCII before it, so bytes = chars)
    const crlf = text.indexOf('\r\n') + 1; // "\r" | "\n"
    const cuts = [crlf, dataField, emoji + 1, emoji + 3].sort((a, b) => a - b);
    const { result } = await run(cut(data, cuts));
    expect(result.text).toBe(EXPECTED);
  });

  it('reads several events arriving in one chunk, CR-only line ends, and data split over two lines', async () => {
    const stream =
      ': comment\r' +
      event(chunk('one ')).replace(/\n/g, '\r') +
      event(chunk('two ')) +
      // One event with its JSON split over two data lines (joined with a newline, still valid JSON).
      'data: {"choices":[{"index":0,"delta":{"content":"three"},\ndata: "finish_reason":"length"}]}\n\n' +
      'data: [DONE]\n\n';
    const { result } = await run([bytes(stream)]);
    expect(result.text).toBe('one two three');
    expect(result.finishReason).toBe('length');
  });

  it('counts content deltas as tokens when the server sends no usage', async () => {
    const stream =
      event(chunk(null)) +
      event(chunk('a')) +
      event(chunk('b')) +
      event(chunk('', 'stop')) +
      'data: [DONE]\n\n';
    const { result } = await run([bytes(stream)]);
    expect(result.usage).toBeNull();
    expect(result.stats.generatedTokens).toBe(2);
  });

  it('maps finish_reason length to length and other reasons to stop', async () => {
    const length = await run([bytes(event(chunk('a', 'length')) + 'data: [DONE]\n\n')]);
    expect(length.result.finishReason).toBe('length');
    const filtered = await run([bytes(event(chunk('a', 'content_filter')) + 'data: [DONE]\n\n')]);
    expect(filtered.result.finishReason).toBe('stop');
  });

  it('accepts a stream that ends after a finish_reason without [DONE]', async () => {
    const { result } = await run([bytes(event(chunk('done', 'stop')))]);
    expect(result.text).toBe('done');
    expect(result.finishReason).toBe('stop');
  });

  it('falls back to the configured model when chunks name none', async () => {
    const stream = 'data: {"choices":[{"delta":{"content":"x"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n';
    const { result } = await run([bytes(stream)]);
    expect(result.model).toBe(CONFIG.model);
  });

  it('stops reading at [DONE] and cancels the rest of the body', async () => {
    const fake = body([bytes(event(chunk('hi', 'stop')) + 'data: [DONE]\n\n')], 'stall');
    const { fetch } = fakeFetch(() => sseResponse(fake));
    const result = await streamChatCompletion(CONFIG, REQUEST, { fetch, idleTimeoutMs: 5_000 });
    expect(result.text).toBe('hi');
    expect(fake.cancelled()).toBe(true);
  });

  it('times the answer: ttft to the first delta, decode speed after it, total', async () => {
    // The clock moves 10 ms per read: start=10, deltas at 20, 30, 40, the usage chunk at 50, end=60.
    const stream =
      event(chunk('a')) +
      event(chunk('b')) +
      event(chunk('c', 'stop')) +
      event(usageChunk(5, 3)) +
      'data: [DONE]\n\n';
    const { fetch } = fakeFetch(() => sseResponse(stream));
    const result = await streamChatCompletion(CONFIG, REQUEST, { fetch, now: steppingClock() });
    expect(result.stats.ttftMs).toBe(10);
    expect(result.stats.totalMs).toBe(50);
    // 2 tokens after the first, over the 20 ms from the first delta to the last.
    expect(result.stats.decodeTokensPerS).toBe(100);
    expect(result.stats.generatedTokens).toBe(3);
  });

  it('reports ttft as the whole time and zero speed when no text came', async () => {
    const { fetch } = fakeFetch(() => sseResponse(event(chunk('', 'stop')) + 'data: [DONE]\n\n'));
    const result = await streamChatCompletion(CONFIG, REQUEST, { fetch, now: steppingClock() });
    expect(result.text).toBe('');
    expect(result.stats.ttftMs).toBe(result.stats.totalMs);
    expect(result.stats.decodeTokensPerS).toBe(0);
  });
});
