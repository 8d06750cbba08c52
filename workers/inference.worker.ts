/// <reference lib="webworker" />
// The inference worker's entry: it only wires the request handler to the worker's message port. Each
// engine's library is imported when a model of that engine is first loaded, so neither weighs on the other.
import { createRequestHandler } from '../src/lib/engine/worker/handler';

declare const self: DedicatedWorkerGlobalScope;

const handler = createRequestHandler({
  createEngine: async (kind) => {
    if (kind === 'transformers')
      return new (await import('../src/lib/engine/transformers/transformers-engine')).TransformersEngine();
    if (kind === 'webllm') return new (await import('../src/lib/engine/webllm/webllm-engine')).WebLlmEngine();
    return undefined;
  },
  post: (reply) => self.postMessage(reply),
});

self.addEventListener('message', (event) => void handler.handle(event.data));
