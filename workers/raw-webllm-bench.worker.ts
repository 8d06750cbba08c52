/// <reference lib="webworker" />
// The benchmark's baseline worker for web-llm models: MLCEngine with nothing of Hearth's in between.
import { handleRawWebLlmRequest } from '../src/lib/bench/raw/raw-webllm-handler';
import type { RawRequest } from '../src/lib/bench/raw/protocol';

declare const self: DedicatedWorkerGlobalScope;

self.addEventListener('message', (event: MessageEvent<RawRequest>) => {
  void handleRawWebLlmRequest(event.data).then((reply) => self.postMessage(reply));
});
