import { InvalidRequestError } from '../errors';
import { parseUrl, urlPolicyProblem, type UrlProblem } from '../net';

const CHAT_PATH = '/chat/completions';

/** One sentence per broken rule, said next to the field in Settings and again if a request is refused. */
const PROBLEMS: Record<UrlProblem | 'unparsable', string> = {
  // The URL is never repeated: some gateways carry a token in it.
  unparsable: 'The Cloud endpoint URL is not a web address. Enter one like https://api.openai.com/v1.',
  scheme: 'The Cloud endpoint URL must start with https:// (or http:// for a server on this computer).',
  insecure:
    'The Cloud endpoint URL must use https://: plain http:// is allowed only for a server on this computer (localhost, 127.x.x.x or [::1]), because the key and your messages would cross the network unencrypted.',
  credentials:
    'The Cloud endpoint URL must not contain a user name or password (user:pass@). Remove them; put the key in the Cloud API key field.',
};

/**
 * Checks an endpoint URL against Hearth's rules: http(s) only, https unless the host is this computer,
 * no credentials. Throws InvalidRequestError with a sentence for people, and `detail.problem` for code.
 */
export function checkEndpointUrl(endpointUrl: string): URL {
  const url = parseUrl(endpointUrl);
  const problem = url === null ? 'unparsable' : urlPolicyProblem(url);
  if (url === null || problem !== null) {
    throw new InvalidRequestError(PROBLEMS[problem ?? 'unparsable'], { problem: problem ?? 'unparsable' });
  }
  return url;
}

/** What Settings saves for a typed endpoint: trimmed; '' (no cloud) is allowed. Throws like checkEndpointUrl. */
export function normaliseEndpointUrl(input: string): string {
  const trimmed = input.trim();
  if (trimmed !== '') checkEndpointUrl(trimmed);
  return trimmed;
}

/**
 * The chat-completions URL for what people type into Settings: a base such as `https://host/v1` or
 * `https://host/v1/`, or the full `…/chat/completions` URL (kept as is, query string included, for gateways
 * that need one). No `/v1` is added: gateways mount the API under paths of their own. The rules are
 * checked again here, before anything is sent: a value saved by an older Hearth was never checked.
 */
export function chatCompletionsUrl(endpointUrl: string): string {
  const url = checkEndpointUrl(endpointUrl);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith(CHAT_PATH) ? path : `${path}${CHAT_PATH}`;
  return url.toString();
}

/** The host alone, for messages: enough to recognise the endpoint, never a path or query with a token. */
export function endpointHost(endpointUrl: string): string {
  return parseUrl(endpointUrl)?.host || 'the cloud endpoint';
}
