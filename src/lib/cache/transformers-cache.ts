/**
 * transformers.js's cache hook (`env.customCache`, with `match` and `put` as in the Cache API), backed by
 * Hearth's store: a file Hearth downloaded and verified is served from there, and a file transformers.js
 * fetched itself is kept there, so every model file exists once, whichever path brought it.
 */
import { storeResponse } from './download';
import { emptyFileRecord, type ModelStore } from './store';

export class TransformersCache {
  constructor(private readonly store: ModelStore) {}

  async match(key: string): Promise<Response | undefined> {
    const file = await this.store.file(key);
    if (!file?.complete || file.handedTo !== null) return undefined;
    const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
    if (file.size !== null) headers['Content-Length'] = String(file.size);
    return new Response(this.store.stream(key), { status: 200, headers });
  }

  async put(key: string, response: Response): Promise<void> {
    const existing = await this.store.file(key);
    if (existing?.complete) return;
    const record = emptyFileRecord(
      { url: key, modelId: repoOf(key), path: pathOf(key) },
      response.headers.get('etag'),
    );
    await this.store.putFile(record);
    await storeResponse(this.store, record, response);
  }
}

/** `…/{org}/{name}/resolve/{revision}/{path}` → `{org}/{name}`: the hub layout names the model. */
export function repoOf(url: string): string {
  const parts = new URL(url).pathname.split('/');
  const at = parts.indexOf('resolve');
  return at >= 2 ? `${parts[at - 2]}/${parts[at - 1]}` : new URL(url).pathname;
}

function pathOf(url: string): string {
  const pathname = new URL(url).pathname;
  const at = pathname.indexOf('/resolve/');
  if (at === -1) return pathname;
  return pathname
    .slice(at + '/resolve/'.length)
    .split('/')
    .slice(1)
    .join('/');
}
