import { describe, expect, it } from 'vitest';
import { streamChatCompletion } from '../../../../src/lib/cloud';
import { CloudRedirectError } from '../../../../src/lib/errors';
import { CONFIG, FAKE_KEY, fakeFetch, REQUEST } from './fakes';

/** Runs a request that must fail with CloudRedirectError; returns it and the calls made. */
async function redirected(respond: () => Response) {
  const { fetch, calls } = fakeFetch(respond);
  const error: unknown = await streamChatCompletion(CONFIG, REQUEST, { fetch }).catch((e: unknown) => e);
  if (!(error instanceof CloudRedirectError))
    throw new Error(`expected CloudRedirectError, got ${String(error)}`);
  return { error, calls };
}

/**
 * What a browser hands back for `redirect: 'manual'`: a filtered response of type `opaqueredirect`, with
 * status 0 and no headers. The Response constructor cannot make one, so its read-only fields are set here.
 */
function opaqueRedirect(): Response {
  const response = new Response(null, { status: 200 });
  Object.defineProperty(response, 'type', { value: 'opaqueredirect' });
  Object.defineProperty(response, 'status', { value: 0 });
  Object.defineProperty(response, 'ok', { value: false });
  return response;
}

describe('streamChatCompletion: redirects are never followed', () => {
  it('asks fetch not to follow them', async () => {
    const { calls } = await redirected(
      () => new Response(null, { status: 307, headers: { location: '/x' } }),
    );
    expect(calls[0]?.redirect).toBe('manual');
  });

  it.each([301, 302, 303, 307, 308])(
    'HTTP %i with a Location names the new host, and nothing is sent there',
    async (status) => {
      const { error, calls } = await redirected(
        () =>
          new Response('moved', {
            status,
            headers: { location: `https://evil.example/steal?key=${FAKE_KEY}` },
          }),
      );
      expect(calls).toHaveLength(1);
      expect(error.code).toBe('CLOUD_REDIRECT');
      expect(error.detail).toEqual({ status, host: 'evil.example' });
      expect(error.message).toBe(`HTTP ${status} to evil.example`);
      expect(error.userMessage()).toBe(
        'The cloud endpoint redirected the request to evil.example. Hearth does not follow redirects, so your key and messages go only to the address you entered. If evil.example is the right service, enter its address as the Cloud endpoint URL in Settings.',
      );
      // Only the host is named: the rest of the Location may carry a token.
      expect(`${error.message} ${error.userMessage()}`).not.toContain(FAKE_KEY);
    },
  );

  it('a relative Location is read against the endpoint', async () => {
    const { error } = await redirected(
      () => new Response(null, { status: 308, headers: { location: '/v2/chat' } }),
    );
    expect(error.detail.host).toBe('api.example.com');
  });

  it('a 3xx without a Location still fails, saying the endpoint redirected', async () => {
    const { error } = await redirected(() => new Response(null, { status: 302 }));
    expect(error.detail).toEqual({ status: 302 });
    expect(error.userMessage()).toMatch(
      /^The cloud endpoint redirected the request elsewhere\. Hearth does not follow redirects/,
    );
  });

  it("a browser's opaque redirect, whose target cannot be read", async () => {
    const { error, calls } = await redirected(opaqueRedirect);
    expect(calls).toHaveLength(1);
    expect(error.detail).toEqual({});
    expect(error.message).toBe('a redirect, whose target the browser does not let Hearth read');
    expect(error.userMessage()).toBe(
      "The cloud endpoint redirected the request elsewhere. Hearth does not follow redirects, so your key and messages go only to the address you entered. Check the Cloud endpoint URL in Settings: it must be the API's exact https:// address.",
    );
  });
});
