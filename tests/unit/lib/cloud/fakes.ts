/** Fake endpoints for the cloud client tests: byte-exact SSE streams cut where real networks cut them. */
import type { CloudConfig, CloudRequest } from '../../../../src/lib/cloud';

/** Recognisable, so a leak is easy to spot in any string. */
export const FAKE_KEY = 'sk-test-LEAKCANARY-7f3a9c';

export const CONFIG: CloudConfig = {
  endpointUrl: 'https://api.example.com/v1',
  apiKey: FAKE_KEY,
  model: 'gpt-4o-mini',
};

export const REQUEST: CloudRequest = {
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Say hello.' },
  ],
  maxTokens: 64,
  temperature: 0.7,
  topP: 0.9,
};

const encoder = new TextEncoder();

export function bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** `data: {json}` and a blank line: one SSE event. */
export function event(payload: unknown): string {
  return `data: ${JSON.stringify(payload)}\n\n`;
}

export function chunk(
  content: string | null,
  finishReason: string | null = null,
  model = 'gpt-4o-mini-2024-07-18',
) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    model,
    choices: [
      {
        index: 0,
        delta: content === null ? { role: 'assistant' } : { content },
        finish_reason: finishReason,
      },
    ],
  };
}

export function usageChunk(promptTokens: number, completionTokens: number) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    model: 'gpt-4o-mini-2024-07-18',
    choices: [],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
  };
}

/** Cuts `data` at the given byte offsets (ascending). */
export function cut(data: Uint8Array, offsets: number[]): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let start = 0;
  for (const offset of [...offsets, data.length]) {
    parts.push(data.slice(start, offset));
    start = offset;
  }
  return parts;
}

export interface FakeBody {
  stream: ReadableStream<Uint8Array>;
  /** True once the client cancelled the body (it stops downloading). */
  cancelled: () => boolean;
}

/**
 * A body that hands out one chunk per read. `end`: 'close' closes it, 'stall' never sends another byte,
 * an Error makes the next read fail (a connection reset).
 */
export function body(chunks: Uint8Array[], end: 'close' | 'stall' | Error = 'close'): FakeBody {
  let index = 0;
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks[index++];
      if (next !== undefined) {
        controller.enqueue(next);
        return;
      }
      if (end === 'close') controller.close();
      else if (end === 'stall') return new Promise<void>(() => undefined);
      else controller.error(end);
    },
    cancel() {
      cancelled = true;
    },
  });
  return { stream, cancelled: () => cancelled };
}

export function sseResponse(source: FakeBody | Uint8Array[] | string, init: ResponseInit = {}): Response {
  const fake =
    typeof source === 'string' ? body([bytes(source)]) : Array.isArray(source) ? body(source) : source;
  return new Response(fake.stream, {
    status: 200,
    ...init,
    headers: { 'content-type': 'text/event-stream; charset=utf-8', ...init.headers },
  });
}

export interface FetchCall {
  url: string;
  headers: Headers;
  body: unknown;
  signal: AbortSignal | null;
  redirect: RequestRedirect | null;
}

/** A fetch that records what was sent and answers with `respond`. */
export function fakeFetch(respond: (call: FetchCall) => Response | Promise<Response>): {
  fetch: typeof fetch;
  calls: FetchCall[];
} {
  const calls: FetchCall[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const call: FetchCall = {
      url: String(input),
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : null,
      signal: init?.signal ?? null,
      redirect: init?.redirect ?? null,
    };
    calls.push(call);
    return respond(call);
  };
  return { fetch: fetchImpl, calls };
}

/** A clock that moves 10 ms each time it is read, so the stats are exact. */
export function steppingClock(stepMs = 10): () => number {
  let t = 0;
  return () => (t += stepMs);
}
