// A tiny static server for the end-to-end tests: the release build in dist/ at `/`, and the
// repository's fixtures/ at `/fixtures/`. Binds 127.0.0.1 only. Usage: node e2e/serve.mjs [port]
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));
const port = Number(process.argv[2] ?? process.env.PORT ?? 4173);

const roots = [
  { prefix: '/fixtures/', dir: join(repoRoot, 'fixtures') },
  { prefix: '/', dir: join(repoRoot, 'dist') },
];

const mimeTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.gz': 'application/gzip',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** The file a URL path maps to, or null when it escapes its root. */
function resolvePath(urlPath) {
  const { prefix, dir } = roots.find((root) => urlPath.startsWith(root.prefix));
  const relative = normalize(decodeURIComponent(urlPath.slice(prefix.length)));
  const file = join(dir, relative === '.' || relative === '' ? 'index.html' : relative);
  return file === dir || file.startsWith(dir + sep) ? file : null;
}

const server = createServer(async (request, response) => {
  const urlPath = new URL(request.url ?? '/', 'http://localhost').pathname;
  let file = resolvePath(urlPath);
  try {
    if (file && (await stat(file)).isDirectory()) {
      file = join(file, 'index.html');
    }
    if (!file || !(await stat(file)).isFile()) {
      throw new Error('not a file');
    }
  } catch {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(`not found: ${urlPath}\n`);
    return;
  }
  response.writeHead(200, {
    'content-type': mimeTypes[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
  });
  createReadStream(file).pipe(response);
});

server.listen(port, '127.0.0.1', () => {
  console.log(`serving dist/ and fixtures/ at http://127.0.0.1:${port}/`);
});
