import { DownloadClient } from './client';

/** The app's download worker, which Vite bundles as its own chunk. */
export function createDownloadClient(): DownloadClient {
  return new DownloadClient(
    () =>
      new Worker(new URL('../../../workers/download.worker.ts', import.meta.url), {
        type: 'module',
        name: 'hearth-downloads',
      }),
  );
}
