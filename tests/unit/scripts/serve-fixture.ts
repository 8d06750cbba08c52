// A served folder in a temp dir, and the static server on a free port, for the server's tests.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStaticServer } from '../../../scripts/lib/static-server.js';

export const INDEX_HTML = '<!doctype html><title>app</title>';
export const FILE_TEXT = 'hello, static world\n';

export interface Served {
  port: number;
  root: string;
  /** A folder beside the root, which symlinks may point into. */
  outside: string;
  close(): Promise<void>;
}

/** root/{index.html, file.txt, assets/app.js, sub/index.html, links in and out, a FIFO}; outside/secret.txt. */
export function makeTree(): { base: string; root: string; outside: string } {
  const base = mkdtempSync(join(tmpdir(), 'hearth-serve-'));
  const root = join(base, 'root');
  const outside = join(base, 'outside');
  mkdirSync(join(root, 'assets'), { recursive: true });
  mkdirSync(join(root, 'sub'));
  mkdirSync(outside);
  writeFileSync(join(root, 'index.html'), INDEX_HTML);
  writeFileSync(join(root, 'file.txt'), FILE_TEXT);
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1);\n');
  writeFileSync(join(root, 'sub', 'index.html'), '<p>sub</p>');
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  symlinkSync(join(root, 'file.txt'), join(root, 'link-in.txt'));
  symlinkSync(join(root, 'assets'), join(root, 'assets-link'));
  symlinkSync(join(outside, 'secret.txt'), join(root, 'link-out.txt'));
  symlinkSync(outside, join(root, 'dir-out'));
  symlinkSync('loop.txt', join(root, 'loop.txt'));
  execFileSync('mkfifo', [join(root, 'pipe.txt')]);
  return { base, root, outside };
}

export async function serve(
  options: {
    spaFallback?: boolean;
    cors?: boolean;
    compress?: boolean;
    headers?: Record<string, string>;
  } = {},
): Promise<Served> {
  const { base, root, outside } = makeTree();
  const server = createStaticServer({ root, ...options });
  const port = await listen(server);
  return {
    port,
    root,
    outside,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(base, { recursive: true, force: true });
    },
  };
}

export function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address: AddressInfo | string | null = server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
}
