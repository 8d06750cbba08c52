// Serves the generated test models in Hugging Face hub layout ({repo}/resolve/{revision}/{file}),
// with CORS, Cross-Origin-Resource-Policy: cross-origin and HTTP Range, so the app (cross-origin isolated)
// and the CLIs can load them like from the hub or a mirror.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlags } from './lib/flags.js';
import { MODEL_HOST_HEADERS } from './lib/security-headers.js';
import { createStaticServer } from './lib/static-server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let flags;
try {
  flags = parseFlags(process.argv.slice(2), {
    port: '4174',
    host: 'localhost',
    dir: join(root, 'public', 'models'),
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
if (!existsSync(flags.dir)) {
  console.error(`No generated models in ${flags.dir}: run "npm run fixtures" first.`);
  process.exit(1);
}
const server = createStaticServer({
  root: flags.dir,
  cors: true,
  headers: MODEL_HOST_HEADERS,
  log: process.env.HEARTH_LOG === '1',
});
server.on('error', (error) => {
  console.error(`Could not serve on port ${flags.port}: ${error.message}`);
  process.exit(1);
});
server.listen(Number(flags.port), flags.host, () => {
  console.log(
    `Test models served in hub layout at http://localhost:${flags.port}/ (e.g. /hearth/self-test-tiny/resolve/main/config.json)`,
  );
});
