import {
  CloudProtocolError,
  CloudStreamDroppedError,
  CloudTimeoutError,
  InvalidRequestError,
  NetworkError,
  UnknownError,
  type HearthError,
} from '../errors';
import { Answer } from './answer';
import { readChunk } from './chunk';
import { chatCompletionsUrl, endpointHost } from './endpoint';
import { bodyMessage, errorForStatus } from './http-errors';
import { DEFAULT_MAX_ANSWER_CHARS, DEFAULT_MAX_DURATION_MS, fitting, sizeCut, timeCut } from './limits';
import { raceIdleOrAbort, type RaceOutcome } from './race';
import { isRedirect, redirectError } from './redirect';
import { redactSecret, truncate } from './redact';
import { idleError, readSse } from './sse';
import type { CloudConfig, CloudRequest, CloudResult, CloudStreamOptions } from './types';

export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

/**
 * Streams one chat completion from an OpenAI-compatible endpoint. Resolves with the whole answer, or with
 * finishReason 'aborted' and the text so far when `signal` aborts. Rejects with a HearthError: the Cloud*
 * errors for HTTP, stream and timeout failures, CloudRedirectError for any redirect (never followed),
 * CloudAnswerCutError (with the text so far) when the answer outgrows `maxAnswerChars` or
 * `maxDurationMs`, NetworkError when the endpoint cannot be reached. No error ever contains the API key.
 */
export async function streamChatCompletion(
  config: CloudConfig,
  request: CloudRequest,
  options: CloudStreamOptions = {},
): Promise<CloudResult> {
  // People paste keys with a trailing newline; a key with inner whitespace cannot go in a header at all.
  const apiKey = config.apiKey.trim();
  const url = chatCompletionsUrl(config.endpointUrl);
  const host = endpointHost(config.endpointUrl);
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const maxChars = options.maxAnswerChars ?? DEFAULT_MAX_ANSWER_CHARS;
  const maxDurationMs = options.maxDurationMs ?? DEFAULT_MAX_DURATION_MS;
  const now = options.now ?? (() => performance.now());
  // A wrapper, not the bare global: some browsers reject fetch called with another `this`.
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const init: RequestInit = {
    method: 'POST',
    headers: requestHeaders(apiKey),
    // A redirect would carry the key and the conversation to an address the person never entered.
    redirect: 'manual',
    body: JSON.stringify({
      model: config.model,
      messages: request.messages,
      stream: true,
      max_tokens: request.maxTokens,
      temperature: request.temperature,
      top_p: request.topP,
      // Without this, OpenAI-style servers send no token counts in streaming mode, and cost is a guess.
      stream_options: { include_usage: true },
    }),
  };

  // Our own controller: it follows the caller's signal, and also lets an idle timeout or the time limit
  // drop the connection.
  const controller = new AbortController();
  const follow = () => controller.abort();
  if (options.signal?.aborted) controller.abort();
  else options.signal?.addEventListener('abort', follow, { once: true });
  const signal = controller.signal;
  const answer = new Answer(config.model, now());
  const context = { apiKey, model: config.model, host, idleTimeoutMs };
  let outOfTime = false;
  const deadline = setTimeout(() => {
    outOfTime = true;
    controller.abort();
  }, maxDurationMs);
  /** After `signal` fired: the caller's stop is a result, the time limit an error. */
  const stopped = (): CloudResult => {
    if (!outOfTime) return answer.result(now(), true);
    if (answer.streamed) throw timeCut(maxDurationMs, answer.text);
    throw new CloudTimeoutError(`no answer from ${host} within ${maxDurationMs / 1000} s`, {
      seconds: maxDurationMs / 1000,
      phase: 'waiting',
    });
  };

  try {
    if (signal.aborted) return stopped();
    let sent: RaceOutcome<Response>;
    try {
      sent = await raceIdleOrAbort(fetchImpl(url, { ...init, signal }), signal, idleTimeoutMs);
    } catch (error) {
      if (signal.aborted) return stopped();
      throw unreachable(error, context);
    }
    if (sent.kind === 'aborted') return stopped();
    if (sent.kind === 'idle') {
      controller.abort();
      throw idleError(context, 'waiting');
    }
    const response = sent.value;
    if (isRedirect(response)) throw redirectError(response, url);
    if (!response.ok) {
      const error = await httpError(response, signal, context);
      if (signal.aborted && !outOfTime) return stopped();
      throw error;
    }
    const type = response.headers.get('content-type');
    if (type !== null && !type.toLowerCase().includes('text/event-stream')) {
      const said = bodyMessage(await readBodyText(response, signal, idleTimeoutMs), apiKey);
      const what = truncate(type.split(';')[0] ?? type, 60);
      throw new CloudProtocolError(`expected an event stream, got ${what}${said === '' ? '' : `: ${said}`}`);
    }
    if (response.body === null) throw new CloudProtocolError('the response had no body');

    answer.streamed = true;
    const end = await readSse(response.body, {
      signal,
      idleTimeoutMs,
      apiKey,
      host,
      onEvent: (event) => {
        const facts = readChunk(event.data, event.event, apiKey);
        const content = fitting(facts.content, maxChars - answer.text.length);
        const added = answer.add({ ...facts, content }, now());
        if (added !== '') options.onDelta?.(added);
        // Thrown from here, the body is cancelled and the connection dropped (see below).
        if (content !== facts.content) throw sizeCut(maxChars, answer.text);
      },
    });
    if (end.kind === 'aborted') return stopped();
    if (end.kind === 'done' || answer.serverFinish !== null) return answer.result(now());
    if (end.kind === 'closed' && !end.sawEvents && end.sawNonSse) {
      throw new CloudProtocolError('the response was not an event stream');
    }
    const why = end.kind === 'broken' ? `the connection failed: ${end.reason}` : 'the stream ended early';
    throw new CloudStreamDroppedError(
      why,
      { chunksReceived: answer.deltas, phase: 'streaming' },
      answer.text,
    );
  } catch (error) {
    // An idle timeout, a limit or a bad chunk: drop the connection too, so the server stops generating for nobody.
    controller.abort();
    throw error;
  } finally {
    clearTimeout(deadline);
    options.signal?.removeEventListener('abort', follow);
  }
}

function requestHeaders(apiKey: string): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    Accept: 'text/event-stream',
  };
  if (apiKey === '') return headers;
  // Checked here because fetch's own header error quotes the value, which would put the key in a message.
  if (!/^[\x21-\x7e]+$/.test(apiKey)) {
    throw new InvalidRequestError(
      'The Cloud API key in Settings has spaces, line breaks or other characters a key cannot have. Paste it again.',
    );
  }
  headers.Authorization = `Bearer ${apiKey}`;
  return headers;
}

/** fetch rejected: the endpoint could not be reached (DNS, refused, offline, CORS), or something stranger. */
function unreachable(error: unknown, context: { apiKey: string; host: string }): HearthError {
  const reason = truncate(
    redactSecret(error instanceof Error ? error.message : String(error), context.apiKey),
  );
  if (error instanceof TypeError) return new NetworkError(`could not reach ${context.host}: ${reason}`);
  return new UnknownError(`the request to ${context.host} failed: ${reason}`);
}

async function httpError(
  response: Response,
  signal: AbortSignal,
  context: { apiKey: string; model: string; idleTimeoutMs: number },
): Promise<HearthError> {
  const body = await readBodyText(response, signal, context.idleTimeoutMs);
  return errorForStatus(response.status, response.headers, body, context);
}

/** The body as text for an error message, or '' if it cannot be read in time; never throws. */
async function readBodyText(response: Response, signal: AbortSignal, idleTimeoutMs: number): Promise<string> {
  try {
    const read = await raceIdleOrAbort(response.text(), signal, idleTimeoutMs);
    return read.kind === 'done' ? read.value.slice(0, 64 * 1024) : '';
  } catch {
    return '';
  }
}
