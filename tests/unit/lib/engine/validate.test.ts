import { describe, expect, it } from 'vitest';
import type { GenerateRequest, LoadRequest } from '../../../../src/lib/engine/types';
import { validateGenerateRequest, validateLoadRequest } from '../../../../src/lib/engine/validate';
import { InvalidRequestError } from '../../../../src/lib/errors';
import { LOAD_REQUEST } from './fakes';

const LOAD: LoadRequest = LOAD_REQUEST;

const WEBLLM: LoadRequest = {
  engine: 'webllm',
  modelId: 'Llama-3.2-1B-Instruct-q4f32_1-MLC',
  modelHost: 'http://127.0.0.1:8787',
  revision: 'main',
  backend: 'auto',
  dtypes: ['q4f32_1'],
  webllm: {
    modelUrl: 'http://127.0.0.1:8787/mlc-ai/Llama-3.2-1B-Instruct-q4f32_1-MLC/resolve/main/',
    modelLibUrl: 'http://127.0.0.1:8788/Llama-3.2-1B-Instruct-q4f32_1_cs1k-webgpu.wasm',
    requiredFeatures: [],
    contextWindow: 4096,
    modelBytes: 1_000_000,
  },
};

const GENERATE: GenerateRequest = {
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: '' },
  ],
  maxNewTokens: 64,
  temperature: 0.7,
  topP: 0.9,
};

describe('validateLoadRequest', () => {
  it('accepts a complete request and returns exactly its fields', () => {
    expect(validateLoadRequest(LOAD)).toEqual(LOAD);
    expect(validateLoadRequest(WEBLLM)).toEqual(WEBLLM);
  });

  it.each([
    ['no web-llm options', { ...WEBLLM, webllm: undefined }],
    ['a relative model URL', { ...WEBLLM, webllm: { ...WEBLLM.webllm, modelUrl: '/mlc-ai/x/' } }],
    [
      'a model library that is not http(s)',
      { ...WEBLLM, webllm: { ...WEBLLM.webllm, modelLibUrl: 'file:///x.wasm' } },
    ],
    [
      'features that are not a list',
      { ...WEBLLM, webllm: { ...WEBLLM.webllm, requiredFeatures: 'shader-f16' } },
    ],
    ['a context window of 0', { ...WEBLLM, webllm: { ...WEBLLM.webllm, contextWindow: 0 } }],
  ])('rejects a web-llm request with %s', (_what, value) => {
    expect(() => validateLoadRequest(value)).toThrow(InvalidRequestError);
  });

  it('drops fields it does not know', () => {
    expect(validateLoadRequest({ ...LOAD, extra: 'ignored' })).not.toHaveProperty('extra');
  });

  it.each([
    ['not an object', 'load me'],
    ['null', null],
    ['an array', [LOAD]],
    ['an unknown engine', { ...LOAD, engine: 'llama.cpp' }],
    ['an unknown backend', { ...LOAD, backend: 'cuda' }],
    ['an empty model id', { ...LOAD, modelId: '' }],
    ['a numeric model id', { ...LOAD, modelId: 7 }],
    ['a missing revision', { ...LOAD, revision: undefined }],
    ['a relative model host', { ...LOAD, modelHost: '/models' }],
    ['a model host that is not a URL', { ...LOAD, modelHost: 'not a url' }],
    ['no dtypes', { ...LOAD, dtypes: [] }],
    ['dtypes that are not strings', { ...LOAD, dtypes: ['q4', 4] }],
    ['dtypes that are not a list', { ...LOAD, dtypes: 'q4' }],
  ])('rejects %s', (_what, value) => {
    expect(() => validateLoadRequest(value)).toThrow(InvalidRequestError);
  });

  it('passes a thread count through, and leaves it out when not asked', () => {
    expect(validateLoadRequest({ ...LOAD, threads: 2 })).toEqual({ ...LOAD, threads: 2 });
    expect(validateLoadRequest(LOAD)).not.toHaveProperty('threads');
  });

  it.each([
    ['zero', 0],
    ['a fraction', 1.5],
    ['too many', 65],
    ['a string', '2'],
  ])('rejects a thread count that is %s', (_what, threads) => {
    expect(() => validateLoadRequest({ ...LOAD, threads })).toThrow(
      /"threads" must be a whole number from 1 to 64/,
    );
  });

  it('names the bad field in its message', () => {
    expect(() => validateLoadRequest({ ...LOAD, modelHost: 'nope' })).toThrow(/"modelHost".*"nope"/);
    expect(() => validateLoadRequest({ ...LOAD, backend: 'cuda' })).toThrow(
      /"backend" must be one of auto, webgpu, wasm/,
    );
  });
});

describe('validateGenerateRequest', () => {
  it('accepts a complete request, defaulting ignoreEos to false', () => {
    expect(validateGenerateRequest(GENERATE)).toEqual({ ...GENERATE, ignoreEos: false });
    expect(validateGenerateRequest({ ...GENERATE, ignoreEos: true }).ignoreEos).toBe(true);
  });

  it('accepts the edges of every range', () => {
    for (const edge of [
      { maxNewTokens: 1, temperature: 0, topP: 0 },
      { maxNewTokens: 32_768, temperature: 5, topP: 1 },
    ]) {
      expect(validateGenerateRequest({ ...GENERATE, ...edge })).toMatchObject(edge);
    }
  });

  it('rounds maxNewTokens to a whole number', () => {
    expect(validateGenerateRequest({ ...GENERATE, maxNewTokens: 10.4 }).maxNewTokens).toBe(10);
  });

  it('keeps only role and content of each message', () => {
    const request = validateGenerateRequest({
      ...GENERATE,
      messages: [{ role: 'user', content: 'x', id: 'm1' }],
    });
    expect(request.messages).toEqual([{ role: 'user', content: 'x' }]);
  });

  it.each([
    ['not an object', 42],
    ['no messages', { ...GENERATE, messages: [] }],
    ['messages that are not a list', { ...GENERATE, messages: 'hi' }],
    ['a message that is not an object', { ...GENERATE, messages: ['hi'] }],
    ['a message with an unknown role', { ...GENERATE, messages: [{ role: 'tool', content: 'x' }] }],
    ['a message without text', { ...GENERATE, messages: [{ role: 'user' }] }],
    ['temperature 9', { ...GENERATE, temperature: 9 }],
    ['a negative temperature', { ...GENERATE, temperature: -0.1 }],
    ['temperature as text', { ...GENERATE, temperature: '0.7' }],
    ['topP above 1', { ...GENERATE, topP: 1.5 }],
    ['maxNewTokens 0', { ...GENERATE, maxNewTokens: 0 }],
    ['maxNewTokens beyond the limit', { ...GENERATE, maxNewTokens: 32_769 }],
    ['maxNewTokens that is not finite', { ...GENERATE, maxNewTokens: Number.POSITIVE_INFINITY }],
    ['a missing topP', { ...GENERATE, topP: undefined }],
    ['NaN temperature', { ...GENERATE, temperature: Number.NaN }],
  ])('rejects %s', (_what, value) => {
    expect(() => validateGenerateRequest(value)).toThrow(InvalidRequestError);
  });

  it('names the bad field and its range', () => {
    expect(() => validateGenerateRequest({ ...GENERATE, temperature: 9 })).toThrow(
      '"temperature" must be a number from 0 to 5.',
    );
    expect(() => validateGenerateRequest({ ...GENERATE, messages: [] })).toThrow(/"messages"/);
  });
});
