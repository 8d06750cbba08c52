import { InvalidRequestError } from '../errors';
import type {
  BackendChoice,
  ChatMessage,
  EngineKind,
  GenerateRequest,
  LoadRequest,
  WebLlmLoadOptions,
} from './types';
import { MAX_REQUESTED_THREADS } from './threads';

const ENGINES: readonly EngineKind[] = ['transformers', 'webllm'];
const BACKENDS: readonly BackendChoice[] = ['auto', 'webgpu', 'wasm'];
const ROLES: readonly ChatMessage['role'][] = ['system', 'user', 'assistant'];

function field(source: Record<string, unknown>, name: string): unknown {
  return source[name];
}

function text(source: Record<string, unknown>, name: string): string {
  const value = field(source, name);
  if (typeof value !== 'string' || value === '')
    throw new InvalidRequestError(`"${name}" must be a non-empty string.`);
  return value;
}

function numberIn(source: Record<string, unknown>, name: string, min: number, max: number): number {
  const value = field(source, name);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new InvalidRequestError(`"${name}" must be a number from ${min} to ${max}.`);
  }
  return value;
}

function optionalWholeNumber(
  source: Record<string, unknown>,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const value = field(source, name);
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidRequestError(`"${name}" must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

function oneOf<T extends string>(source: Record<string, unknown>, name: string, allowed: readonly T[]): T {
  const value = field(source, name);
  const match = allowed.find((candidate) => candidate === value);
  if (match === undefined) throw new InvalidRequestError(`"${name}" must be one of ${allowed.join(', ')}.`);
  return match;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidRequestError(`${what} must be an object.`);
  }
  return Object.fromEntries(Object.entries(value));
}

export function validateLoadRequest(value: unknown): LoadRequest {
  const source = record(value, 'The load request');
  const modelHost = text(source, 'modelHost');
  try {
    new URL(modelHost);
  } catch {
    throw new InvalidRequestError(`"modelHost" must be an absolute URL, got "${modelHost}".`);
  }
  const dtypes = field(source, 'dtypes');
  if (
    !Array.isArray(dtypes) ||
    dtypes.length === 0 ||
    !dtypes.every((d): d is string => typeof d === 'string')
  ) {
    throw new InvalidRequestError('"dtypes" must list at least one weight format.');
  }
  const engine = oneOf(source, 'engine', ENGINES);
  const threads = optionalWholeNumber(source, 'threads', 1, MAX_REQUESTED_THREADS);
  const request: LoadRequest = {
    engine,
    modelId: text(source, 'modelId'),
    modelHost,
    revision: text(source, 'revision'),
    backend: oneOf(source, 'backend', BACKENDS),
    dtypes,
    ...(threads !== undefined ? { threads } : {}),
  };
  if (engine === 'webllm') request.webllm = validateWebLlmOptions(field(source, 'webllm'));
  return request;
}

function absoluteUrl(source: Record<string, unknown>, name: string): string {
  const value = text(source, name);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidRequestError(`"${name}" must be an absolute URL, got "${value}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InvalidRequestError(`"${name}" must be an http(s) URL.`);
  return value;
}

function validateWebLlmOptions(value: unknown): WebLlmLoadOptions {
  const source = record(value, 'The web-llm options');
  const features = field(source, 'requiredFeatures');
  if (!Array.isArray(features) || !features.every((f): f is string => typeof f === 'string'))
    throw new InvalidRequestError('"requiredFeatures" must be a list of WebGPU feature names.');
  return {
    modelUrl: absoluteUrl(source, 'modelUrl'),
    modelLibUrl: absoluteUrl(source, 'modelLibUrl'),
    requiredFeatures: features,
    contextWindow: Math.round(numberIn(source, 'contextWindow', 64, 1_048_576)),
    modelBytes: numberIn(source, 'modelBytes', 0, Number.MAX_SAFE_INTEGER),
  };
}

export function validateGenerateRequest(value: unknown): GenerateRequest {
  const source = record(value, 'The generate request');
  const messages = field(source, 'messages');
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new InvalidRequestError('"messages" must hold at least one message.');
  }
  const ignoreEos = field(source, 'ignoreEos');
  return {
    messages: messages.map((message, index) => {
      const entry = record(message, `Message ${index}`);
      const content = field(entry, 'content');
      if (typeof content !== 'string') throw new InvalidRequestError(`Message ${index} has no text content.`);
      return { role: oneOf(entry, 'role', ROLES), content };
    }),
    maxNewTokens: Math.round(numberIn(source, 'maxNewTokens', 1, 32_768)),
    temperature: numberIn(source, 'temperature', 0, 5),
    topP: numberIn(source, 'topP', 0, 1),
    ignoreEos: ignoreEos === true,
  };
}
