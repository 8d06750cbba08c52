import { ProtocolError, serializeError, type SerializedError } from './errors';

/**
 * The envelope both workers (inference and downloads) put around a request: a malformed message, or a
 * request whose work throws, gets its one final `error` reply; everything else is `run`'s to answer.
 */
export async function answerRequest<Request extends { id: number }>(
  parsed: Request | { invalid: string; id: number | null },
  run: (request: Request) => Promise<void>,
  postError: (id: number, error: SerializedError) => void,
): Promise<void> {
  if ('invalid' in parsed) {
    // Without an id nobody waits for an answer; the page's timeout covers that case.
    if (parsed.id !== null) postError(parsed.id, serializeError(new ProtocolError(parsed.invalid)));
    return;
  }
  try {
    await run(parsed);
  } catch (error) {
    postError(parsed.id, serializeError(error));
  }
}
