import { describe, expect, it } from 'vitest';
import {
  chatCompletionsUrl,
  checkEndpointUrl,
  normaliseEndpointUrl,
  streamChatCompletion,
} from '../../../../src/lib/cloud';
import { InvalidRequestError } from '../../../../src/lib/errors';
import { CONFIG, fakeFetch, REQUEST, sseResponse } from './fakes';

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return null;
}

describe('the endpoint rules, as Settings checks them', () => {
  it('saves a good endpoint trimmed, and an empty one as no cloud', () => {
    expect(normaliseEndpointUrl('  https://api.openai.com/v1 ')).toBe('https://api.openai.com/v1');
    expect(normaliseEndpointUrl('http://localhost:8080/v1')).toBe('http://localhost:8080/v1');
    expect(normaliseEndpointUrl('   ')).toBe('');
  });

  it.each([
    [
      'http://api.example.com/v1',
      'insecure',
      /must use https:\/\/: plain http:\/\/ is allowed only for a server on this computer/,
    ],
    ['https://user:s3cret@api.example.com/v1', 'credentials', /must not contain a user name or password/],
    ['ftp://api.example.com', 'scheme', /must start with https:\/\//],
    ['api.example.com/v1?key=s3cret', 'unparsable', /is not a web address/],
  ])('%s is refused (%s) with a sentence that says what to do', (input, problem, sentence) => {
    const error = thrownBy(() => normaliseEndpointUrl(input));
    expect(error).toBeInstanceOf(InvalidRequestError);
    if (!(error instanceof InvalidRequestError)) return;
    expect(error.detail.problem).toBe(problem);
    expect(error.userMessage()).toMatch(sentence);
    expect(error.userMessage()).toMatch(/^The Cloud endpoint URL .*\.$/);
    // A URL may carry a token or a password: it is never repeated.
    expect(error.userMessage()).not.toContain('s3cret');
    expect(error.userMessage()).not.toContain(input);
  });

  it('checkEndpointUrl returns the parsed URL when every rule holds', () => {
    expect(checkEndpointUrl('https://gw.example.com/llm?team=a').host).toBe('gw.example.com');
  });
});

describe('the client checks the rules again before sending', () => {
  it('chatCompletionsUrl refuses plain http to another computer and credentials', () => {
    expect(() => chatCompletionsUrl('http://api.example.com/v1')).toThrow(InvalidRequestError);
    expect(() => chatCompletionsUrl('https://u:p@api.example.com/v1')).toThrow(InvalidRequestError);
    expect(chatCompletionsUrl('http://127.0.0.1:9/v1')).toBe('http://127.0.0.1:9/v1/chat/completions');
  });

  it.each(['http://api.example.com/v1', 'https://user:pass@api.example.com/v1'])(
    'an endpoint saved before the rules existed (%s) is refused without any request',
    async (endpointUrl) => {
      const { fetch, calls } = fakeFetch(() => sseResponse('data: [DONE]\n\n'));
      const error: unknown = await streamChatCompletion({ ...CONFIG, endpointUrl }, REQUEST, { fetch }).catch(
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(calls).toHaveLength(0);
    },
  );
});
