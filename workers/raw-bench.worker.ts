/// <reference lib="webworker" />
// The benchmark's baseline worker: transformers.js with nothing of Hearth's in between.
import { handleRawRequest } from '../src/lib/bench/raw/raw-worker-handler';
import type { RawRequest } from '../src/lib/bench/raw/protocol';

declare const self: DedicatedWorkerGlobalScope;

self.addEventListener('message', (event: MessageEvent<RawRequest>) => {
  void handleRawRequest(event.data).then((reply) => self.postMessage(reply));
});
