/// <reference lib="webworker" />
// The download worker's entry: it only wires the download handler to the worker's message port.
import { modelCacheConnection } from '../src/lib/cache/open';
import { ModelStore } from '../src/lib/cache/store';
import { createDownloadHandler } from '../src/lib/cache/worker-handler';

declare const self: DedicatedWorkerGlobalScope;

const handler = createDownloadHandler({
  deps: {
    store: new ModelStore(modelCacheConnection()),
    fetch: (input, init) => fetch(input, init),
    freeBytes: async () => {
      const estimate = await navigator.storage?.estimate?.();
      return estimate?.quota === undefined ? null : estimate.quota - (estimate.usage ?? 0);
    },
  },
  post: (reply) => self.postMessage(reply),
});

self.addEventListener('message', (event) => void handler.handle(event.data));
