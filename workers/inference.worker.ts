/// <reference lib="webworker" />
// The inference worker's entry: it only wires the request handler to the worker's message port.
import { TransformersEngine } from '../src/lib/engine/transformers/transformers-engine';
import { createRequestHandler } from '../src/lib/engine/worker/handler';

declare const self: DedicatedWorkerGlobalScope;

const handler = createRequestHandler({
  createEngine: (kind) => (kind === 'transformers' ? new TransformersEngine() : undefined),
  post: (reply) => self.postMessage(reply),
});

self.addEventListener('message', (event) => void handler.handle(event.data));
