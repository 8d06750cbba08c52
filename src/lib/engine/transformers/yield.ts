import type { PreTrainedModel } from '@huggingface/transformers';

/** Resolves after the worker's queued tasks (such as an `abort` message) have had their turn. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * On WebAssembly, ONNX Runtime computes a token without ever leaving the microtask queue, so the worker
 * reads no message (Stop included) until the whole answer is done. This lets the event loop run before a
 * decode step once `everyMs` have passed since it last ran: Stop lands within that time plus one token,
 * at a cost of one task per interval. Returns a function that puts the model back as it was.
 */
export function yieldDuringGeneration(model: PreTrainedModel, everyMs = 50): () => void {
  const forward = model.forward.bind(model);
  let last = performance.now();
  Object.defineProperty(model, 'forward', {
    configurable: true,
    writable: true,
    value: async (inputs: Parameters<PreTrainedModel['forward']>[0]) => {
      if (performance.now() - last >= everyMs) {
        await nextTask();
        last = performance.now();
      }
      return forward(inputs);
    },
  });
  return () => {
    Reflect.deleteProperty(model, 'forward');
  };
}
