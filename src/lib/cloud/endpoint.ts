import { InvalidRequestError } from '../errors';

const CHAT_PATH = '/chat/completions';

/**
 * The chat-completions URL for what people type into Settings: a base such as `https://host/v1` or
 * `https://host/v1/`, or the full `…/chat/completions` URL (kept as is, query string included, for gateways
 * that need one). No `/v1` is added: gateways mount the API under paths of their own.
 */
export function chatCompletionsUrl(endpointUrl: string): string {
  let url: URL;
  try {
    url = new URL(endpointUrl.trim());
  } catch {
    // The URL is not repeated: some gateways carry a token in it.
    throw new InvalidRequestError('The Cloud endpoint URL in Settings is not a valid URL.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InvalidRequestError('The Cloud endpoint URL in Settings must start with https:// or http://.');
  }
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith(CHAT_PATH) ? path : `${path}${CHAT_PATH}`;
  return url.toString();
}

/** The host alone, for messages: enough to recognise the endpoint, never a path or query with a token. */
export function endpointHost(endpointUrl: string): string {
  try {
    return new URL(endpointUrl.trim()).host;
  } catch {
    return 'the cloud endpoint';
  }
}
