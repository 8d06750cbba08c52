import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_ANSWER_CHARS,
  DEFAULT_MAX_DURATION_MS,
  streamChatCompletion,
} from '../../../../src/lib/cloud';
import { CloudAnswerCutError, CloudTimeoutError } from '../../../../src/lib/errors';
import { body, bytes, chunk, CONFIG, event, fakeFetch, REQUEST, sseResponse } from './fakes';

/** A body that sends `piece` as a chunk every `everyMs`, forever, until it is cancelled. */
function endless(
  piece: string,
  everyMs: number,
): { stream: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, everyMs));
      controller.enqueue(bytes(event(chunk(piece))));
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

async function cut(promise: Promise<unknown>): Promise<CloudAnswerCutError> {
  const error: unknown = await promise.catch((e: unknown) => e);
  if (!(error instanceof CloudAnswerCutError))
    throw new Error(`expected CloudAnswerCutError, got ${String(error)}`);
  return error;
}

describe('streamChatCompletion: limits on one answer', () => {
  it('defaults to 256 Ki characters and 10 minutes', () => {
    expect(DEFAULT_MAX_ANSWER_CHARS).toBe(262_144);
    expect(DEFAULT_MAX_DURATION_MS).toBe(600_000);
  });

  it('the size limit stops reading, drops the connection and keeps exactly the text up to it', async () => {
    const fake = endless('0123456789', 1);
    const seen: { signal: AbortSignal | null } = { signal: null };
    const { fetch } = fakeFetch((call) => {
      seen.signal = call.signal;
      return sseResponse(fake);
    });
    const deltas: string[] = [];
    const error = await cut(
      streamChatCompletion(CONFIG, REQUEST, { fetch, maxAnswerChars: 25, onDelta: (d) => deltas.push(d) }),
    );
    expect(error.partialText).toBe('0123456789012345678901234');
    // What the caller was shown is what is kept: the cut delta arrived trimmed.
    expect(deltas.join('')).toBe(error.partialText);
    expect(deltas.at(-1)).toBe('01234');
    expect(error.detail).toEqual({ limit: 'size', maxChars: 25, receivedChars: 25, phase: 'streaming' });
    expect(error.userMessage()).toBe(
      'The cloud answer was cut at 25 characters, the most Hearth keeps of one answer. The part that arrived is kept; ask for a shorter answer if you need the rest.',
    );
    expect(fake.cancelled()).toBe(true);
    expect(seen.signal?.aborted).toBe(true);
  });

  it('an answer exactly as long as the limit is complete, not cut', async () => {
    const { fetch } = fakeFetch(() =>
      sseResponse(event(chunk('12345')) + event(chunk('67890', 'stop')) + 'data: [DONE]\n\n'),
    );
    const result = await streamChatCompletion(CONFIG, REQUEST, { fetch, maxAnswerChars: 10 });
    expect(result).toMatchObject({ text: '1234567890', finishReason: 'stop' });
  });

  it('never keeps half of a surrogate pair at the cut', async () => {
    const { fetch } = fakeFetch(() => sseResponse(event(chunk('ab😀cd'))));
    const error = await cut(streamChatCompletion(CONFIG, REQUEST, { fetch, maxAnswerChars: 3 }));
    expect(error.partialText).toBe('ab');
  });

  it('the time limit stops a stream that keeps trickling, keeping what arrived', async () => {
    const fake = endless('tick ', 5);
    const { fetch } = fakeFetch(() => sseResponse(fake));
    const deltas: string[] = [];
    const error = await cut(
      streamChatCompletion(CONFIG, REQUEST, {
        fetch,
        maxDurationMs: 80,
        idleTimeoutMs: 1_000,
        onDelta: (d) => deltas.push(d),
      }),
    );
    expect(error.detail).toMatchObject({ limit: 'time', maxSeconds: 0.08, phase: 'streaming' });
    expect(error.partialText.length).toBeGreaterThan(0);
    expect(error.partialText).toBe(deltas.join(''));
    expect(error.detail.receivedChars).toBe(error.partialText.length);
    expect(error.userMessage()).toMatch(
      /^The cloud answer was cut after 1 second, the longest Hearth waits for one answer\./,
    );
    expect(fake.cancelled()).toBe(true);
  });

  it('the time limit before any response is a timeout while waiting, with nothing to keep', async () => {
    const { fetch } = fakeFetch(() => new Promise<Response>(() => undefined));
    const error: unknown = await streamChatCompletion(CONFIG, REQUEST, {
      fetch,
      maxDurationMs: 30,
      idleTimeoutMs: 10_000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudTimeoutError);
    expect(error).toMatchObject({
      message: 'no answer from api.example.com within 0.03 s',
      detail: { phase: 'waiting' },
    });
  });

  it("the person's own stop is still a stopped answer, not a cut", async () => {
    const controller = new AbortController();
    const fake = body([bytes(event(chunk('Hello')))], 'stall');
    const { fetch } = fakeFetch(() => sseResponse(fake));
    setTimeout(() => controller.abort(), 20);
    const result = await streamChatCompletion(CONFIG, REQUEST, {
      fetch,
      signal: controller.signal,
      maxDurationMs: 5_000,
    });
    expect(result).toMatchObject({ text: 'Hello', finishReason: 'aborted', streamed: true });
  });
});
