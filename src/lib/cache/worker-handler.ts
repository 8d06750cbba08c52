/**
 * The download worker's brain, free of worker globals so tests can drive it: downloads run one model at a
 * time in the order asked (a queue), each can be paused, and a model is deleted only once it is not
 * downloading. Every request gets exactly one final reply.
 */
import { AbortedError } from '../errors';
import { answerRequest } from '../worker-reply';
import { deleteModelFiles, downloadModel, type DownloadModelDeps } from './model-download';
import {
  DOWNLOAD_PROTOCOL_VERSION,
  parseDownloadRequest,
  type DownloadReply,
  type DownloadRequest,
  type DownloadResults,
} from './protocol';

export interface DownloadHandlerOptions {
  deps: DownloadModelDeps;
  post: (reply: DownloadReply) => void;
}

export function createDownloadHandler({ deps, post }: DownloadHandlerOptions): {
  handle(data: unknown): Promise<void>;
} {
  const running = new Map<string, AbortController>();
  /** The tail of the queue: each download starts when the one before it has settled. */
  let queue: Promise<unknown> = Promise.resolve();

  function reply<K extends keyof DownloadResults>(id: number, result: DownloadResults[K]): void {
    post({ v: DOWNLOAD_PROTOCOL_VERSION, id, kind: 'result', result });
  }

  async function run(request: DownloadRequest): Promise<void> {
    switch (request.kind) {
      case 'download': {
        const { entry } = request.request;
        const controller = running.get(entry.id) ?? new AbortController();
        running.set(entry.id, controller);
        const job = queue.then(async () => {
          if (controller.signal.aborted) throw new AbortedError('the download was paused before it started');
          return downloadModel(request.request, deps, controller.signal, (progress) =>
            post({ v: DOWNLOAD_PROTOCOL_VERSION, id: request.id, kind: 'progress', progress }),
          );
        });
        queue = job.catch(() => undefined);
        try {
          reply<'download'>(request.id, await job);
        } finally {
          if (running.get(entry.id) === controller) running.delete(entry.id);
        }
        return;
      }
      case 'pause': {
        const controller = running.get(request.modelId);
        controller?.abort();
        reply<'pause'>(request.id, { paused: controller !== undefined });
        return;
      }
      case 'delete': {
        running.get(request.modelId)?.abort();
        // Wait for a download of it to stop before its files go.
        await queue;
        await deleteModelFiles(request.modelId, deps);
        reply<'delete'>(request.id, { deleted: true });
        return;
      }
    }
  }

  return {
    async handle(data) {
      await answerRequest(parseDownloadRequest(data), run, (id, error) =>
        post({ v: DOWNLOAD_PROTOCOL_VERSION, id, kind: 'error', error }),
      );
    },
  };
}
