// Serves the production build (dist/) the way a static host should: SPA fallback for client routes, and
// the security and cross-origin isolation headers of scripts/lib/security-headers.js on every response.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFlags } from './lib/flags.js';
import { APP_HEADERS } from './lib/security-headers.js';
import { createStaticServer } from './lib/static-server.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let flags;
try {
  flags = parseFlags(process.argv.slice(2), { port: '4173', host: 'localhost', dir: join(root, 'dist') });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}
if (!existsSync(join(flags.dir, 'index.html'))) {
  console.error(`No build found in ${flags.dir}: run "npm run build" first (or "npm start", which builds).`);
  process.exit(1);
}
const server = createStaticServer({
  root: flags.dir,
  spaFallback: true,
  compress: true,
  headers: APP_HEADERS,
});
server.on('error', (error) => {
  console.error(`Could not serve on port ${flags.port}: ${error.message}`);
  process.exit(1);
});
server.listen(Number(flags.port), flags.host, () => {
  console.log(`Hearth is running at http://localhost:${flags.port}/`);
});
