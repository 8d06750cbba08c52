import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { CloudProtocolError, CloudTimeoutError } from '../errors';
import { raceIdleOrAbort } from './race';
import { redactSecret, truncate } from './redact';

/** A runaway line or event (a proxy that never ends a line) stops here rather than filling memory. */
const MAX_BUFFERED_CHARS = 4 * 1024 * 1024;

/** How reading the body ended. `[DONE]` and a clean close differ: only [DONE] proves the answer is whole. */
export type StreamEnd =
  | { kind: 'done' }
  | { kind: 'closed'; sawEvents: boolean; sawNonSse: boolean }
  | { kind: 'broken'; reason: string }
  | { kind: 'aborted' };

export interface ReadSseOptions {
  signal: AbortSignal;
  idleTimeoutMs: number;
  apiKey: string;
  host: string;
  /** Called for each event other than [DONE]; may throw to stop reading (the body is then cancelled). */
  onEvent: (event: EventSourceMessage) => void;
}

/**
 * Reads a `text/event-stream` body. Bytes are decoded with a streaming TextDecoder (a chunk may end inside
 * a multi-byte character) and fed to eventsource-parser (a chunk may end inside a line or a CRLF). Every
 * read races the idle timeout and the abort signal, so a stalled connection cannot hang the caller.
 */
export async function readSse(body: ReadableStream<Uint8Array>, options: ReadSseOptions): Promise<StreamEnd> {
  const reader = body.getReader();
  const decoder = new TextDecoder('utf-8');
  const events: EventSourceMessage[] = [];
  let overflow = false;
  let sawNonSse = false;
  let sawEvents = false;
  const parser = createParser({
    // Events are queued and handled after feed() returns, so a throwing handler never unwinds the parser.
    onEvent: (event) => events.push(event),
    onError: (error) => {
      if (error.type === 'max-buffer-size-exceeded') overflow = true;
      else if (error.type === 'unknown-field') sawNonSse = true;
    },
    maxBufferSize: MAX_BUFFERED_CHARS,
  });
  try {
    for (;;) {
      let step;
      try {
        step = await raceIdleOrAbort(reader.read(), options.signal, options.idleTimeoutMs);
      } catch (error) {
        if (options.signal.aborted) return { kind: 'aborted' };
        const reason = error instanceof Error ? error.message : String(error);
        return { kind: 'broken', reason: truncate(redactSecret(reason, options.apiKey)) };
      }
      if (step.kind === 'aborted') return { kind: 'aborted' };
      if (step.kind === 'idle') throw idleError(options, 'streaming');
      // At the end the parser keeps any unfinished event: the spec says to drop it, and a half-received
      // JSON line is a dropped stream, not a malformed one.
      if (step.value.done) return { kind: 'closed', sawEvents, sawNonSse };
      parser.feed(decoder.decode(step.value.value, { stream: true }));
      if (overflow) {
        throw new CloudProtocolError('an event in the stream was larger than 4 MiB', { phase: 'streaming' });
      }
      for (const event of events.splice(0)) {
        sawEvents = true;
        if (event.data === '[DONE]') return { kind: 'done' };
        options.onEvent(event);
      }
    }
  } finally {
    // Stops the download after [DONE], an error or an abort; harmless on a body already closed.
    reader.cancel().catch(() => undefined);
  }
}

/**
 * `phase` says whether the event stream had begun: 'waiting' (no response yet, so nothing was generated)
 * or 'streaming' (the server was answering). Billing tells the two apart (see billing.ts).
 */
export function idleError(
  options: { idleTimeoutMs: number; host: string },
  phase: StreamPhase,
): CloudTimeoutError {
  const ms = options.idleTimeoutMs;
  const said = ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
  return new CloudTimeoutError(`no data from ${options.host} for ${said}`, { seconds: ms / 1000, phase });
}

export type StreamPhase = 'waiting' | 'streaming';
